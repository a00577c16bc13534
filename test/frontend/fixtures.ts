import { worstScanStatus } from '../../frontend/src/components/tone';
import type { Resource, ScanRun } from '../../functions/domain/model';
import type { AccountSummary, ScanScope } from '../../functions/shared/contract/api';

export function instance(over: Partial<Resource> = {}): Resource {
  return {
    id: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc',
    accountId: '111111111111',
    region: 'eu-west-1',
    name: 'web-1',
    state: 'running',
    tags: { Name: 'web-1', env: 'prod' },
    type: 'ec2:instance',
    attributes: {
      instanceType: 't3.micro',
      launchTime: '2026-10-01T08:00:00.000Z',
      availabilityZone: 'eu-west-1a',
      imageId: 'ami-0123456789',
      securityGroupIds: ['sg-0aa'],
      volumeIds: [],
      imdsV2Required: true,
    },
    firstSeen: '2026-10-01T08:05:00.000Z',
    lastSeen: '2026-11-23T00:00:00.000Z',
    contentHash: 'h1',
    ...over,
  } as Resource;
}

export function scanRun(over: Partial<ScanRun> = {}): ScanRun {
  return {
    scanId: 'scan-1',
    accountId: '111111111111',
    region: 'eu-west-1',
    startedAt: '2026-11-23T00:00:00.000Z',
    finishedAt: '2026-11-23T00:00:04.000Z',
    durationMs: 4000,
    status: 'succeeded',
    counts: { 'ec2:instance': 3, 'ec2:volume': 5 },
    changes: { added: 1, updated: 0, gone: 0, unchanged: 7 },
    apiCalls: 12,
    retries: 0,
    errors: [],
    ...over,
  };
}

/** An account as `GET /accounts` lists it, from the latest run of each of its scopes. */
export function accountSummary(accountId: string, scopes: readonly ScanScope[]): AccountSummary {
  return {
    accountId,
    status: worstScanStatus(scopes.map((s) => s.lastScan.status)) ?? 'succeeded',
    lastScannedAt:
      scopes
        .map((s) => s.lastScan.finishedAt)
        .sort()
        .at(-1) ?? '',
    scopes,
  };
}
