import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assumeMemberRole, sandboxClientConfig } from './clients';
import type { Fleet } from './fleet';
import { generateFleet } from './generator';
import { type Sandbox, startSandbox } from './server';

describe('sandbox server', () => {
  let sandbox: Sandbox;
  let fleet: Fleet;

  beforeAll(async () => {
    fleet = {
      ...generateFleet({ seed: 9, accounts: 4, regions: 2, resources: 400 }),
      faults: { latency: [{ service: 'ec2', ms: 50 }] } as Fleet['faults'],
    };
    sandbox = await startSandbox({ fleet });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('answers hundreds of concurrent delayed calls over kept-alive connections and logs each', async () => {
    // Prepare
    const clients = await Promise.all(
      fleet.accounts.flatMap((account) =>
        account.regions.map(async (region) => {
          const credentials = await assumeMemberRole(sandbox.endpoint, fleet, account.id);
          return new EC2Client(sandboxClientConfig(sandbox.endpoint, region, credentials));
        }),
      ),
    );
    sandbox.calls.reset();

    // Act
    const results = await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        (clients[i % clients.length] as EC2Client).send(new DescribeVpcsCommand({})),
      ),
    );
    for (const client of clients) client.destroy();

    // Assess
    expect(results.every((r) => r.Vpcs?.length === 2)).toBe(true);
    const summary = sandbox.calls.summary();
    expect(summary.total).toBe(400);
    expect(summary.byOutcome).toEqual({ ok: 400 });
    expect(summary.rates).toHaveLength(8);
    expect(summary.rates.every((r) => r.calls === 50 && r.peakPerSecond === 50)).toBe(true);
  });

  it('serves a JSON state and call summary under /_sandbox/', async () => {
    // Act
    const state = (await (await fetch(`${sandbox.endpoint}/_sandbox/state`)).json()) as {
      totalResources: number;
      accounts: { id: string }[];
    };
    const calls = (await (await fetch(`${sandbox.endpoint}/_sandbox/calls`)).json()) as { total: number };
    const missing = await fetch(`${sandbox.endpoint}/_sandbox/nothing`);

    // Assess
    expect(state.totalResources).toBe(fleet.accounts.reduce((n, a) => n + a.resources.length, 0));
    expect(state.accounts.map((a) => a.id)).toEqual(fleet.accounts.map((a) => a.id));
    expect(calls.total).toBe(sandbox.calls.records.length);
    expect(missing.status).toBe(404);
  });

  it('answers an unknown EC2 action with InvalidAction and an unsigned request with MissingAuthenticationToken', async () => {
    // Act
    const unknown = await fetch(sandbox.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261123/us-east-1/ec2/aws4_request, Signature=x',
      },
      body: 'Action=DescribeSpaceships&Version=2016-11-15',
    });
    const unsigned = await fetch(sandbox.endpoint, { method: 'POST', body: 'Action=GetCallerIdentity' });

    // Assess
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('<Code>InvalidAction</Code>');
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('<Code>MissingAuthenticationToken</Code>');
  });
});
