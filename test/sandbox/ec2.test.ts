import {
  DescribeAddressesCommand,
  DescribeImagesCommand,
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeInstances,
  paginateDescribeVolumes,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assumeMemberRole,
  assumeRemediationRole,
  rejectionOf,
  type SandboxCredentials,
  sandboxClientConfig,
} from './clients';
import type { Fleet } from './fleet';
import { generateFleet } from './generator';
import { loadFleet } from './load-fleet';
import { type Sandbox, startSandbox } from './server';

const PROD = '345678901234';
const TOOLING = '123456789012';

describe('sandbox EC2 over the example fleet', () => {
  let sandbox: Sandbox;
  let fleet: Fleet;
  let credentials: SandboxCredentials;
  let ec2: EC2Client;
  /** Writes go through the remediation role: the scan role may only read. */
  let writer: EC2Client;

  beforeAll(async () => {
    fleet = await loadFleet(new URL('./fleets/example.json', import.meta.url).pathname);
    // Prod deploys the remediation role and opts the instances these tests stop and start in.
    const prod = fleet.accounts.find((account) => account.id === PROD)!;
    prod.remediationExternalId = 'remediation-external-id';
    const changed = new Set([
      'i-0a1f3c5e7b9d2f401',
      'i-0a1f3c5e7b9d2f402',
      'i-0a1f3c5e7b9d2f404',
      'i-0a1f3c5e7b9d2f405',
    ]);
    for (const resource of prod.resources) {
      if (changed.has(resource.id)) resource.tags = { ...resource.tags, 'hostmaster:remediation': 'allow' };
    }
    sandbox = await startSandbox({ fleet });
    credentials = await assumeMemberRole(sandbox.endpoint, fleet, PROD);
    ec2 = new EC2Client(sandboxClientConfig(sandbox.endpoint, 'us-east-1', credentials));
    writer = new EC2Client(
      sandboxClientConfig(
        sandbox.endpoint,
        'us-east-1',
        await assumeRemediationRole(sandbox.endpoint, fleet, PROD),
      ),
    );
  });
  afterAll(async () => {
    ec2.destroy();
    writer.destroy();
    await sandbox.stop();
  });

  it('refuses every write from the read-only scan role, DryRun included, as IAM would', async () => {
    // Act
    const stop = rejectionOf(ec2.send(new StopInstancesCommand({ InstanceIds: ['i-0a1f3c5e7b9d2f401'] })));
    const dryRun = rejectionOf(
      ec2.send(new StopInstancesCommand({ InstanceIds: ['i-0a1f3c5e7b9d2f401'], DryRun: true })),
    );

    // Assess
    expect(await stop).toMatchObject({ name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } });
    expect(await dryRun).toMatchObject({ name: 'UnauthorizedOperation' });
    expect(sandbox.state.find(PROD, 'us-east-1', 'ec2:instance', 'i-0a1f3c5e7b9d2f401')?.state).toBe(
      'running',
    );
  });

  it('lists enabled regions, and every region with its opt-in status when AllRegions is set', async () => {
    // Act
    const enabled = await ec2.send(new DescribeRegionsCommand({}));
    const all = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));

    // Assess
    expect(enabled.Regions?.map((r) => r.RegionName)).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-2']);
    expect(Object.fromEntries(all.Regions?.map((r) => [r.RegionName, r.OptInStatus]) ?? [])).toEqual({
      'us-east-1': 'opt-in-not-required',
      'eu-west-1': 'opt-in-not-required',
      'ap-southeast-2': 'opt-in-not-required',
      'us-west-2': 'not-opted-in',
      'af-south-1': 'not-opted-in',
    });
  });

  it('answers AuthFailure (401) in a region the account has not enabled', async () => {
    // Prepare
    const disabled = new EC2Client(sandboxClientConfig(sandbox.endpoint, 'us-west-2', credentials));

    // Act
    const attempt = disabled.send(new DescribeInstancesCommand({}));

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'AuthFailure', $metadata: { httpStatusCode: 401 } });
    disabled.destroy();
  });

  it('renders instances in the real wire shape, tags, IMDS options and devices included', async () => {
    // Act
    const result = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0a1f3c5e7b9d2f403'] }));

    // Assess
    const instance = result.Reservations?.[0]?.Instances?.[0];
    expect(result.Reservations?.[0]?.OwnerId).toBe(PROD);
    expect(instance).toMatchObject({
      InstanceId: 'i-0a1f3c5e7b9d2f403',
      InstanceType: 'm5.2xlarge',
      State: { Code: 16, Name: 'running' },
      Placement: { AvailabilityZone: 'us-east-1a' },
      MetadataOptions: { HttpTokens: 'optional' },
      SecurityGroups: [{ GroupId: 'sg-0d00000000000000c', GroupName: 'legacy-admin' }],
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-0a1f3c5e7b9d2f403' } }],
      Tags: [{ Key: 'Name', Value: 'legacy-reporting' }],
    });
    expect(instance?.LaunchTime).toEqual(new Date('2026-03-14T09:12:00.000Z'));
  });

  it('filters instances by state name and rejects an unknown instance id', async () => {
    // Act
    const stopped = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [{ Name: 'instance-state-name', Values: ['stopped', 'terminated'] }],
      }),
    );
    const missing = ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-00000000000000000'] }));

    // Assess
    expect(stopped.Reservations?.flatMap((r) => r.Instances?.map((i) => i.InstanceId))).toEqual([
      'i-0a1f3c5e7b9d2f404',
      'i-0a1f3c5e7b9d2f405',
    ]);
    await expect(missing).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
  });

  it('rejects MaxResults outside 5–1000 with InvalidParameterValue', async () => {
    // Act
    const tooSmall = rejectionOf(ec2.send(new DescribeInstancesCommand({ MaxResults: 4 })));
    const tooLarge = rejectionOf(ec2.send(new DescribeVolumesCommand({ MaxResults: 501 })));
    const badToken = rejectionOf(
      ec2.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: 'not-a-token' })),
    );

    // Assess
    expect(await tooSmall).toMatchObject({
      name: 'InvalidParameterValue',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await tooLarge).toMatchObject({ name: 'InvalidParameterValue' });
    expect(await badToken).toMatchObject({ name: 'InvalidPaginationToken' });
  });

  it('reports status checks of running instances, and of all instances with IncludeAllInstances', async () => {
    // Act
    const running = await ec2.send(new DescribeInstanceStatusCommand({}));
    const all = await ec2.send(new DescribeInstanceStatusCommand({ IncludeAllInstances: true }));

    // Assess
    expect(running.InstanceStatuses?.map((s) => s.InstanceId)).toEqual([
      'i-0a1f3c5e7b9d2f401',
      'i-0a1f3c5e7b9d2f402',
      'i-0a1f3c5e7b9d2f403',
    ]);
    expect(running.InstanceStatuses?.[2]).toMatchObject({
      SystemStatus: { Status: 'ok' },
      InstanceStatus: { Status: 'impaired', Details: [{ Name: 'reachability', Status: 'failed' }] },
    });
    expect(all.InstanceStatuses).toHaveLength(5);
  });

  it('describes volumes, snapshots, addresses, images, network and the EBS default', async () => {
    // Act
    const volumes = await ec2.send(
      new DescribeVolumesCommand({ Filters: [{ Name: 'status', Values: ['available'] }] }),
    );
    const own = await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
    const publicOnes = await ec2.send(
      new DescribeSnapshotsCommand({ OwnerIds: ['self'], RestorableByUserIds: ['all'] }),
    );
    const addresses = await ec2.send(new DescribeAddressesCommand({}));
    const images = await ec2.send(new DescribeImagesCommand({ Owners: ['self'] }));
    const vpcs = await ec2.send(new DescribeVpcsCommand({}));
    const subnets = await ec2.send(new DescribeSubnetsCommand({}));
    const groups = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0d00000000000000b'] }));
    const nats = await ec2.send(new DescribeNatGatewaysCommand({}));
    const ebsDefault = await ec2.send(new GetEbsEncryptionByDefaultCommand({}));

    // Assess
    expect(volumes.Volumes).toMatchObject([
      { VolumeId: 'vol-0a1f3c5e7b9d2f499', VolumeType: 'gp2', Encrypted: false, Attachments: [] },
    ]);
    expect(own.Snapshots).toHaveLength(2);
    expect(publicOnes.Snapshots?.map((s) => s.SnapshotId)).toEqual(['snap-0a1f3c5e7b9d2f498']);
    expect(
      addresses.Addresses?.find((a) => a.AllocationId === 'eipalloc-0a1f3c5e7b9d2f402')?.AssociationId,
    ).toBe(undefined);
    expect(
      addresses.Addresses?.find((a) => a.AllocationId === 'eipalloc-0a1f3c5e7b9d2f401')?.InstanceId,
    ).toBe('i-0a1f3c5e7b9d2f401');
    expect(images.Images?.[0]).toMatchObject({ ImageId: 'ami-0a1f3c5e7b9d2f401', Public: false });
    expect(vpcs.Vpcs?.map((v) => v.IsDefault)).toEqual([false, true]);
    expect(subnets.Subnets).toHaveLength(2);
    expect(groups.SecurityGroups?.[0]?.IpPermissions).toEqual([
      {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        UserIdGroupPairs: [],
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
        Ipv6Ranges: [{ CidrIpv6: '::/0' }],
        PrefixListIds: [],
      },
    ]);
    expect(nats.NatGateways?.[0]).toMatchObject({
      NatGatewayId: 'nat-0a1f3c5e7b9d2f401',
      State: 'available',
    });
    expect(ebsDefault.EbsEncryptionByDefault).toBe(false);
  });

  it('stops and starts an instance: the real response shape, then the new state on describe', async () => {
    // Prepare
    const id = 'i-0a1f3c5e7b9d2f401';

    // Act
    const stopped = await writer.send(new StopInstancesCommand({ InstanceIds: [id] }));
    const afterStop = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    const started = await writer.send(new StartInstancesCommand({ InstanceIds: [id] }));
    const afterStart = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));

    // Assess
    expect(stopped.StoppingInstances).toEqual([
      {
        InstanceId: id,
        CurrentState: { Code: 64, Name: 'stopping' },
        PreviousState: { Code: 16, Name: 'running' },
      },
    ]);
    expect(afterStop.Reservations?.[0]?.Instances?.[0]?.State).toEqual({ Code: 80, Name: 'stopped' });
    expect(afterStop.Reservations?.[0]?.Instances?.[0]?.StateTransitionReason).toMatch(/^User initiated \(/);
    expect(started.StartingInstances?.[0]?.CurrentState?.Name).toBe('pending');
    expect(afterStart.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe('running');
  });

  it('honours DryRun and refuses to start a terminated instance', async () => {
    // Act
    const dryRun = rejectionOf(
      writer.send(new StopInstancesCommand({ InstanceIds: ['i-0a1f3c5e7b9d2f402'], DryRun: true })),
    );
    const startTerminated = rejectionOf(
      writer.send(new StartInstancesCommand({ InstanceIds: ['i-0a1f3c5e7b9d2f405'] })),
    );

    // Assess
    expect(await dryRun).toMatchObject({ name: 'DryRunOperation', $metadata: { httpStatusCode: 412 } });
    expect(await startTerminated).toMatchObject({ name: 'IncorrectInstanceState' });
    const still = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0a1f3c5e7b9d2f402'] }));
    expect(still.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe('running');
  });

  it('terminates an instance with the hub’s own credentials; neither member role may terminate', async () => {
    // Prepare
    const hub = new EC2Client(sandboxClientConfig(sandbox.endpoint, 'us-east-1'));

    // Act
    const result = await hub.send(new TerminateInstancesCommand({ InstanceIds: ['i-0c1f3c5e7b9d2f401'] }));
    const byRemediation = rejectionOf(
      writer.send(new TerminateInstancesCommand({ InstanceIds: ['i-0a1f3c5e7b9d2f404'] })),
    );
    const byScan = rejectionOf(
      ec2.send(new TerminateInstancesCommand({ InstanceIds: ['i-0a1f3c5e7b9d2f404'] })),
    );
    hub.destroy();

    // Assess
    expect(result.TerminatingInstances?.[0]).toMatchObject({
      CurrentState: { Name: 'shutting-down' },
      PreviousState: { Name: 'running' },
    });
    expect(sandbox.state.find(TOOLING, 'us-east-1', 'ec2:instance', 'i-0c1f3c5e7b9d2f401')?.state).toBe(
      'terminated',
    );
    expect(await byRemediation).toMatchObject({
      name: 'UnauthorizedOperation',
      message: expect.stringMatching(/no identity-based policy allows the action/),
    });
    expect(await byScan).toMatchObject({ name: 'UnauthorizedOperation' });
    expect(sandbox.state.find(PROD, 'us-east-1', 'ec2:instance', 'i-0a1f3c5e7b9d2f404')?.state).toBe(
      'stopped',
    );
  });
});

describe('sandbox EC2 paging over a generated fleet', () => {
  let sandbox: Sandbox;
  let fleet: Fleet;

  beforeAll(async () => {
    fleet = generateFleet({ seed: 7, accounts: 3, regions: 2, resources: 1500 });
    sandbox = await startSandbox({ fleet });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('returns every instance exactly once through paginateDescribeInstances with pageSize 5', async () => {
    // Prepare
    const account = fleet.accounts[2];
    if (!account) throw new Error('fleet has no third account');
    const region = account.regions[1] as string;
    const expected = account.resources
      .filter((r) => r.type === 'ec2:instance' && r.region === region)
      .map((r) => r.id)
      .sort();
    const credentials = await assumeMemberRole(sandbox.endpoint, fleet, account.id);
    const ec2 = new EC2Client(sandboxClientConfig(sandbox.endpoint, region, credentials));
    sandbox.calls.reset();

    // Act
    const seen: string[] = [];
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 5 }, {})) {
      for (const reservation of page.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) seen.push(instance.InstanceId ?? '');
      }
    }
    ec2.destroy();

    // Assess
    expect(expected.length).toBeGreaterThan(20);
    expect(seen).toEqual(expected);
    const calls = sandbox.calls.records.filter((c) => c.action === 'DescribeInstances');
    expect(calls).toHaveLength(Math.ceil(expected.length / 5));
    expect(calls.every((c) => c.accountId === account.id && c.region === region && c.outcome === 'ok')).toBe(
      true,
    );
  });

  it('pages volumes at the 500 limit', async () => {
    // Prepare
    const account = fleet.accounts[0];
    if (!account) throw new Error('fleet has no account');
    const region = account.regions[0] as string;
    const expected = account.resources.filter((r) => r.type === 'ec2:volume' && r.region === region).length;
    const credentials = await assumeMemberRole(sandbox.endpoint, fleet, account.id);
    const ec2 = new EC2Client(sandboxClientConfig(sandbox.endpoint, region, credentials));

    // Act
    let count = 0;
    let pages = 0;
    for await (const page of paginateDescribeVolumes({ client: ec2, pageSize: 100 }, {})) {
      count += page.Volumes?.length ?? 0;
      pages += 1;
    }
    ec2.destroy();

    // Assess
    expect(count).toBe(expected);
    expect(pages).toBe(Math.ceil(expected / 100));
  });
});
