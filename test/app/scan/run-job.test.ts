import { describe, expect, it } from 'vitest';
import type { OpenScope } from '../../../functions/adapters/aws/client-pool';
import { AssumeRoleError } from '../../../functions/adapters/aws/errors';
import type { Collector } from '../../../functions/adapters/collectors/collector';
import { MemoryResourceStore } from '../../../functions/adapters/memory/resource-store';
import { MemoryScanRunStore } from '../../../functions/adapters/memory/scan-run-store';
import { runScanJob, ScanJobError } from '../../../functions/app/scan/run-job';
import { runScan } from '../../../functions/app/scan/run-scan';
import type { ResourceData } from '../../../functions/domain/model';

const JOB = { scanId: 's1', accountId: '123456789012', region: 'eu-west-1' };
const NOW = () => new Date('2026-11-23T00:00:00.000Z');

const vpc = (id: string): ResourceData => ({
  id: `arn:aws:ec2:eu-west-1:123456789012:vpc/${id}`,
  accountId: '123456789012',
  region: 'eu-west-1',
  type: 'ec2:vpc',
  name: id,
  state: 'available',
  tags: {},
  attributes: { cidrBlock: '10.0.0.0/16', isDefault: false },
});

const collector = (name: string, collect: () => Promise<ResourceData[]>): Collector => ({
  name,
  resourceTypes: name === 'vpcs' ? ['ec2:vpc'] : ['ec2:subnet'],
  scope: 'regional',
  collect,
});

const opened: OpenScope = {
  clients: { accountId: JOB.accountId, region: JOB.region, get: () => ({}) as never },
  usage: () => ({ calls: 7, retries: 1 }),
};

function deps(collectors: Collector[], openScope = async () => opened) {
  return {
    collectors,
    resources: new MemoryResourceStore(),
    scanRuns: new MemoryScanRunStore(),
    openScope,
    now: NOW,
  };
}

const denied = (code: string) => Object.assign(new Error(`${code} happened`), { name: code });

describe('runScanJob', () => {
  it('records a partial run when one collector is denied and still stores the others', async () => {
    // Prepare
    const d = deps([
      collector('vpcs', async () => [vpc('vpc-1')]),
      collector('subnets', async () => {
        throw denied('UnauthorizedOperation');
      }),
    ]);

    // Act
    const run = await runScanJob(JOB, d);

    // Assess
    expect(run).toMatchObject({ status: 'partial', apiCalls: 7, retries: 1, counts: { 'ec2:vpc': 1 } });
    expect(run.errors).toEqual([
      {
        collector: 'subnets',
        code: 'UnauthorizedOperation',
        message: expect.stringContaining('read permission'),
      },
    ]);
    expect(await d.resources.listScope(JOB.accountId, JOB.region)).toHaveLength(1);
    expect(await d.scanRuns.latestPerScope()).toEqual([run]);
  });

  it('does not mark a type gone when one of two collectors sharing it fails', async () => {
    // Prepare: both collectors report ec2:vpc, as classic and v2 load balancers share elb:load-balancer.
    const shared = (name: string, collect: () => Promise<ResourceData[]>): Collector => ({
      name,
      resourceTypes: ['ec2:vpc'],
      scope: 'regional',
      collect,
    });
    const d = deps([
      shared('first', async () => [vpc('vpc-1')]),
      shared('second', async () => [vpc('vpc-2')]),
    ]);
    await runScanJob(JOB, d);
    d.collectors = [
      shared('first', async () => [vpc('vpc-1')]),
      shared('second', async () => {
        throw denied('UnauthorizedOperation');
      }),
    ];

    // Act
    const run = await runScanJob({ ...JOB, scanId: 's2' }, d);

    // Assess
    expect(run.status).toBe('partial');
    expect(run.changes.gone).toBe(0);
    const stored = await d.resources.listScope(JOB.accountId, JOB.region);
    expect(stored.filter((r) => r.goneAt !== undefined)).toEqual([]);
  });

  it('returns a failed run when the member role cannot be assumed', async () => {
    // Prepare
    const d = deps([collector('vpcs', async () => [vpc('vpc-1')])], async () => {
      throw new AssumeRoleError('arn:aws:iam::123456789012:role/R', 'AccessDenied', 'ExternalId mismatch');
    });

    // Act
    const run = await runScanJob(JOB, d);

    // Assess
    expect(run.status).toBe('failed');
    expect(run.errors[0]).toMatchObject({ collector: 'assume-role', code: 'AccessDenied' });
    expect(run.errors[0]?.message).toMatch(/^AssumeRole denied: ExternalId does not match/);
  });

  it('records then throws when every collector failed unexpectedly, so the job is retried', async () => {
    // Prepare
    const d = deps([
      collector('vpcs', async () => {
        throw denied('InternalError');
      }),
    ]);

    // Act
    const error = await runScanJob(JOB, d).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ScanJobError);
    expect((await d.scanRuns.latestPerScope())[0]?.status).toBe('failed');
  });

  it('fails a collector that returns a malformed resource instead of storing it', async () => {
    // Prepare
    const bad = { ...vpc('vpc-1'), attributes: { cidrBlock: 42 } } as unknown as ResourceData;
    const d = deps([collector('vpcs', async () => [bad]), collector('subnets', async () => [])]);

    // Act
    const run = await runScanJob(JOB, d);

    // Assess
    expect(run.status).toBe('partial');
    expect(run.errors[0]?.code).toBe('InvalidResource');
    expect(await d.resources.listScope(JOB.accountId, JOB.region)).toEqual([]);
  });
});

describe('runScanJob with a named account', () => {
  it('records the account name the plan gave the job on its run', async () => {
    // Prepare
    const d = deps([collector('vpcs', async () => [vpc('vpc-1')])]);

    // Act
    const named = await runScanJob({ ...JOB, accountName: 'payments-prod' }, d);
    const unnamed = await runScanJob({ ...JOB, accountName: null }, d);

    // Assess
    expect(named.accountName).toBe('payments-prod');
    expect(unnamed).not.toHaveProperty('accountName');
  });
});

describe('runScan', () => {
  it('reports each run as it finishes, a failed one included', async () => {
    // Prepare
    const d = deps([collector('vpcs', async () => [vpc('vpc-1')])], async () => {
      throw denied('InternalError');
    });
    const reported: string[] = [];

    // Act
    const runs = await runScan([{ ...JOB, accountName: 'payments-prod' }], {
      ...d,
      onRun: (run) => reported.push(`${run.accountName}/${run.region}:${run.status}`),
    });

    // Assess
    expect(reported).toEqual(['payments-prod/eu-west-1:failed']);
    expect(runs).toHaveLength(1);
  });

  it('turns a job that throws into a failed run and runs the others', async () => {
    // Prepare
    const d = deps([
      collector('vpcs', async () => {
        throw denied('InternalError');
      }),
    ]);

    // Act
    const runs = await runScan([JOB, { ...JOB, region: 'us-east-1' }], { ...d, concurrency: 2 });

    // Assess
    expect(runs.map((r) => [r.region, r.status])).toEqual([
      ['eu-west-1', 'failed'],
      ['us-east-1', 'failed'],
    ]);
  });
});
