import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClientPool } from '../../../functions/adapters/aws/client-pool';
import { describeError } from '../../../functions/adapters/aws/errors';
import { Pacer, TokenBucket } from '../../../functions/adapters/aws/pace';

const REGIONS_XML =
  '<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>' +
  '<regionInfo><item><regionName>eu-west-1</regionName><optInStatus>opt-in-not-required</optInStatus></item></regionInfo>' +
  '</DescribeRegionsResponse>';
const THROTTLED_XML =
  '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>';

let server: Server | undefined;

/** An EC2 endpoint that throttles the first `throttled` requests, then answers; records arrival times. */
async function ec2Endpoint(throttled: number): Promise<{ endpoint: string; arrivals: number[] }> {
  const arrivals: number[] = [];
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push(performance.now());
      const fail = arrivals.length <= throttled;
      res.writeHead(fail ? 503 : 200, { 'content-type': 'text/xml' });
      res.end(fail ? THROTTLED_XML : REGIONS_XML);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return { endpoint: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, arrivals };
}

function pool(endpoint: string, pace?: { share: number }) {
  return new AwsClientPool({
    memberRoleName: 'HostMasterScanRole',
    externalId: 'x',
    endpoint,
    homeRegion: 'us-east-1',
    memberCredentials: async () => ({ accessKeyId: 'AKIA', secretAccessKey: 'secret' }),
    ...(pace ? { pace } : {}),
  });
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('AwsClientPool', () => {
  it('retries throttling to success and counts every attempt and retry per scope and action', async () => {
    // Prepare
    const { endpoint } = await ec2Endpoint(2);
    const clients = pool(endpoint);

    // Act
    const scope = await clients.openScope('123456789012', 'eu-west-1');
    const output = await scope.clients.get(EC2Client).send(new DescribeRegionsCommand({}));

    // Assess
    expect(output.Regions?.[0]?.RegionName).toBe('eu-west-1');
    expect(scope.usage()).toEqual({ calls: 3, retries: 2 });
    expect(clients.meter.all()).toEqual([
      {
        accountId: '123456789012',
        region: 'eu-west-1',
        service: 'EC2',
        action: 'DescribeRegions',
        calls: 3,
        retries: 2,
      },
    ]);
  });

  it('paces calls of one action to the configured share of the published rate', async () => {
    // Prepare: EC2 publishes 20/s; a share of 0.25 allows 5/s, about one call every 200 ms.
    const { endpoint, arrivals } = await ec2Endpoint(0);
    const scope = await pool(endpoint, { share: 0.25 }).openScope('123456789012', 'eu-west-1');
    const ec2 = scope.clients.get(EC2Client);

    // Act
    await Promise.all(Array.from({ length: 4 }, () => ec2.send(new DescribeRegionsCommand({}))));

    // Assess
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    expect(gaps.length).toBe(3);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(180);
  });

  it('reuses one client per constructor within a scope', async () => {
    // Prepare
    const scope = await pool('http://127.0.0.1:9').openScope('123456789012', 'global');

    // Assess
    expect(scope.clients.get(EC2Client)).toBe(scope.clients.get(EC2Client));
    expect(await scope.clients.get(EC2Client).config.region()).toBe('us-east-1');
    expect(scope.clients.region).toBe('global');
  });
});

describe('Pacer', () => {
  it("paces EC2's writes at half of their 5/s buckets and its reads at half of 20/s", () => {
    // Prepare
    const pacer = new Pacer();

    // Assess: half the refill rate, less the 10 % margin for jitter.
    expect(pacer.rateFor('EC2', 'DeleteVolume')).toBeCloseTo(2.25);
    expect(pacer.rateFor('EC2', 'CreateSnapshot')).toBeCloseTo(2.25);
    expect(pacer.rateFor('EC2', 'DescribeVolumes')).toBeCloseTo(9);
    expect(pacer.rateFor('EC2', 'GetEbsEncryptionByDefault')).toBeCloseTo(9);
    expect(pacer.rateFor('RDS', 'StopDBInstance')).toBeCloseTo(9);
  });

  it('applies an explicit per-service rate to every action of the service', () => {
    // Prepare
    const pacer = new Pacer({ rates: { EC2: 1000 } });

    // Assess
    expect(pacer.rateFor('EC2', 'DeleteVolume')).toBeCloseTo(450);
    expect(pacer.rateFor('EC2', 'DescribeVolumes')).toBeCloseTo(450);
  });
});

describe('TokenBucket', () => {
  it('releases at most `capacity` calls in any window of capacity / rate seconds', async () => {
    // Prepare: 10 calls/s with a burst of 2, so a 200 ms window holds at most two releases.
    let now = 0;
    const bucket = new TokenBucket(
      10,
      2,
      () => now,
      async (ms) => {
        now += ms;
      },
    );
    const releases: number[] = [];

    // Act
    await Promise.all([1, 2, 3, 4, 5].map(() => bucket.take().then(() => releases.push(now))));

    // Assess
    expect(releases).toEqual([0, 0, 200, 200, 400]);
  });

  it('measures the spacing when a late timer releases a call, so late calls never leave together', async () => {
    // Prepare: every timer fires 150 ms late, as on a busy event loop.
    let now = 0;
    const bucket = new TokenBucket(
      10,
      1,
      () => now,
      async (ms) => {
        now += ms + 150;
      },
    );
    const releases: number[] = [];

    // Act
    await Promise.all([1, 2, 3, 4].map(() => bucket.take().then(() => releases.push(now))));

    // Assess
    const gaps = releases.slice(1).map((at, i) => at - releases[i]!);
    expect(gaps.every((gap) => gap >= 100)).toBe(true);
  });
});

describe('describeError', () => {
  it('marks permission and opt-in failures as known and others as unexpected', () => {
    // Assess
    expect(describeError(Object.assign(new Error('no'), { name: 'UnauthorizedOperation' }))).toMatchObject({
      code: 'UnauthorizedOperation',
      known: true,
    });
    expect(describeError(Object.assign(new Error('x'), { name: 'AuthFailure' })).message).toMatch(
      /not enabled/,
    );
    expect(describeError(Object.assign(new Error('boom'), { name: 'InternalError' })).known).toBe(false);
  });
});
