import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OpenScope } from '../../../functions/adapters/aws/client-pool';
import { planScan } from '../../../functions/adapters/scan/plan';
import { ScanPlanSchema } from '../../../functions/domain/scan/job';

const ec2 = mockClient(EC2Client);

function scopeOpener(deniedAccount?: string) {
  return async (accountId: string, region: string): Promise<OpenScope> => {
    if (accountId === deniedAccount) throw Object.assign(new Error('denied'), { name: 'AccessDenied' });
    return {
      clients: { accountId, region, get: () => new EC2Client({ region }) as never },
      usage: () => ({ calls: 0, retries: 0 }),
    };
  };
}

beforeEach(() => {
  ec2.reset();
  ec2.on(DescribeRegionsCommand).resolves({
    Regions: [{ RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' }],
  });
});

describe('planScan', () => {
  it('gives every job its account name, null when the account has none, discovery failed or not', async () => {
    // Act
    const plan = await planScan('scan-1', {
      listAccounts: async () => [
        { accountId: '111111111111', name: 'payments-prod' },
        { accountId: '222222222222' },
        { accountId: '333333333333', name: 'sandbox' },
      ],
      openScope: scopeOpener('333333333333'),
      homeRegion: 'us-east-1',
      regionsAllow: [],
      regionsDeny: [],
    });

    // Assess
    expect(plan.jobs.map((j) => [j.accountId, j.region, j.accountName])).toEqual([
      ['111111111111', 'global', 'payments-prod'],
      ['111111111111', 'eu-west-1', 'payments-prod'],
      ['222222222222', 'global', null],
      ['222222222222', 'eu-west-1', null],
      ['333333333333', 'global', 'sandbox'],
      ['333333333333', 'us-east-1', 'sandbox'],
    ]);
    // What the state machine's Map hands back to the worker parses as a job.
    expect(ScanPlanSchema.parse(JSON.parse(JSON.stringify(plan)))).toEqual(plan);
  });
});
