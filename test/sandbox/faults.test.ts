import { DescribeInstancesCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { assumeMemberRole, rejectionOf, sandboxClientConfig } from './clients';
import type { Faults, FaultsInput } from './faults';
import type { Fleet } from './fleet';
import { loadFleet } from './load-fleet';
import { type Sandbox, startSandbox } from './server';

const PROD = '345678901234';
const example = () => loadFleet(new URL('./fleets/example.json', import.meta.url).pathname);

async function withFaults(faults: FaultsInput): Promise<{ sandbox: Sandbox; fleet: Fleet }> {
  const fleet: Fleet = { ...(await example()), faults: faults as Faults };
  return { sandbox: await startSandbox({ fleet, seed: 42 }), fleet };
}

describe('sandbox faults', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  it('throttles every 2nd DescribeInstances with RequestLimitExceeded, and the SDK retries to success', async () => {
    // Prepare
    const started = await withFaults({
      throttling: [{ service: 'ec2', action: 'DescribeInstances', everyNth: 2 }],
    });
    sandbox = started.sandbox;
    const credentials = await assumeMemberRole(sandbox.endpoint, started.fleet, PROD);
    const ec2 = new EC2Client(sandboxClientConfig(sandbox.endpoint, 'us-east-1', credentials));

    // Act
    await ec2.send(new DescribeInstancesCommand({}));
    const second = await ec2.send(new DescribeInstancesCommand({}));
    ec2.destroy();

    // Assess
    expect(second.Reservations).toHaveLength(5);
    expect(second.$metadata.attempts).toBe(2);
    const outcomes = sandbox.calls.records
      .filter((c) => c.action === 'DescribeInstances')
      .map((c) => c.outcome);
    expect(outcomes).toEqual(['ok', 'RequestLimitExceeded', 'ok']);
  });

  it('throttles JSON services with ThrottlingException and query services with Throttling', async () => {
    // Prepare
    const started = await withFaults({
      throttling: [
        { service: 'organizations', probability: 1 },
        { service: 'sts', action: 'GetCallerIdentity', probability: 1 },
      ],
    });
    sandbox = started.sandbox;
    const credentials = await assumeMemberRole(sandbox.endpoint, started.fleet, '210987654321');
    const organizations = new OrganizationsClient({
      ...sandboxClientConfig(sandbox.endpoint, 'us-east-1', credentials),
      maxAttempts: 1,
    });
    const sts = new STSClient({ ...sandboxClientConfig(sandbox.endpoint, 'us-east-1'), maxAttempts: 1 });

    // Act
    const list = rejectionOf(organizations.send(new ListAccountsCommand({})));
    const identity = rejectionOf(sts.send(new GetCallerIdentityCommand({})));

    // Assess
    expect(await list).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    expect(await identity).toMatchObject({ name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    organizations.destroy();
    sts.destroy();
  });

  it('denies one account with UnauthorizedOperation while the others still answer', async () => {
    // Prepare
    const started = await withFaults({ accessDenied: [{ accountId: PROD, service: 'ec2' }] });
    sandbox = started.sandbox;
    const prod = new EC2Client(
      sandboxClientConfig(
        sandbox.endpoint,
        'us-east-1',
        await assumeMemberRole(sandbox.endpoint, started.fleet, PROD),
      ),
    );
    const hub = new EC2Client(
      sandboxClientConfig(
        sandbox.endpoint,
        'us-east-1',
        await assumeMemberRole(sandbox.endpoint, started.fleet, '123456789012'),
      ),
    );

    // Act
    const denied = rejectionOf(prod.send(new DescribeInstancesCommand({})));
    const allowed = await hub.send(new DescribeInstancesCommand({}));

    // Assess
    expect(await denied).toMatchObject({ name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } });
    expect(allowed.Reservations).toHaveLength(1);
    prod.destroy();
    hub.destroy();
  });

  it('answers 500 InternalError for injected server errors, retried by the SDK', async () => {
    // Prepare
    const started = await withFaults({
      serverErrors: [{ service: 'ec2', action: 'DescribeVpcs', everyNth: 1 }],
    });
    sandbox = started.sandbox;
    const credentials = await assumeMemberRole(sandbox.endpoint, started.fleet, PROD);
    const ec2 = new EC2Client(sandboxClientConfig(sandbox.endpoint, 'us-east-1', credentials));

    // Act
    const attempt = ec2.send(new DescribeVpcsCommand({}));

    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'InternalError',
      $metadata: { httpStatusCode: 500 },
    });
    expect(sandbox.calls.records.filter((c) => c.action === 'DescribeVpcs')).toHaveLength(3);
    ec2.destroy();
  });

  it('delays calls by the configured latency plus slow pages', async () => {
    // Prepare
    const started = await withFaults({
      latency: [{ service: 'ec2', ms: 60 }],
      slowPages: [{ service: 'ec2', action: 'DescribeVpcs', ms: 100 }],
    });
    sandbox = started.sandbox;
    const credentials = await assumeMemberRole(sandbox.endpoint, started.fleet, PROD);
    const ec2 = new EC2Client(sandboxClientConfig(sandbox.endpoint, 'us-east-1', credentials));

    // Act
    await ec2.send(new DescribeInstancesCommand({}));
    await ec2.send(new DescribeVpcsCommand({}));
    ec2.destroy();

    // Assess
    const [instances, vpcs] = sandbox.calls.records.filter((c) => c.service === 'ec2');
    expect(instances?.durationMs).toBeGreaterThanOrEqual(59);
    expect(instances?.durationMs).toBeLessThan(150);
    expect(vpcs?.durationMs).toBeGreaterThanOrEqual(159);
  });

  it('draws probabilistic faults deterministically from the seed', async () => {
    // Prepare
    const faults: FaultsInput = { throttling: [{ service: 'sts', probability: 0.5 }] };
    const run = async () => {
      const started = await withFaults(faults);
      const sts = new STSClient({
        ...sandboxClientConfig(started.sandbox.endpoint, 'us-east-1'),
        maxAttempts: 1,
      });
      for (let i = 0; i < 20; i++) await sts.send(new GetCallerIdentityCommand({})).catch(() => undefined);
      sts.destroy();
      const outcomes = started.sandbox.calls.records.map((c) => c.outcome);
      await started.sandbox.stop();
      return outcomes;
    };

    // Act
    const first = await run();
    const second = await run();

    // Assess
    expect(first).toEqual(second);
    expect(first).toContain('Throttling');
    expect(first).toContain('ok');
  });
});
