import { readdirSync } from 'node:fs';
import path from 'node:path';
import {
  DescribeAddressesCommand,
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { COLLECTORS } from '../../../functions/adapters/collectors';
import type { ClientFactory } from '../../../functions/adapters/collectors/collector';
import { ec2EbsEncryptionDefault } from '../../../functions/adapters/collectors/ec2-ebs-encryption-default';
import { ec2ElasticIps } from '../../../functions/adapters/collectors/ec2-elastic-ips';
import { ec2Instances } from '../../../functions/adapters/collectors/ec2-instances';
import { ec2SecurityGroups } from '../../../functions/adapters/collectors/ec2-security-groups';
import { ec2Snapshots } from '../../../functions/adapters/collectors/ec2-snapshots';
import { ec2Volumes } from '../../../functions/adapters/collectors/ec2-volumes';
import { RESOURCE_TYPES, ResourceDataSchema } from '../../../functions/domain/model';

const ec2Mock = mockClient(EC2Client);
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

function clients(): ClientFactory {
  const ec2 = new EC2Client({ region: REGION });
  return { accountId: ACCOUNT, region: REGION, get: () => ec2 as never };
}

beforeEach(() => {
  ec2Mock.reset();
});

describe('ec2-instances', () => {
  it('follows NextToken with the largest page size and joins status checks', async () => {
    // Prepare
    const tokens: (string | undefined)[] = [];
    ec2Mock.on(DescribeInstancesCommand).callsFake((input: { NextToken?: string }) => {
      tokens.push(input.NextToken);
      const id = input.NextToken ? 'i-2' : 'i-1';
      return {
        Reservations: [
          {
            Instances: [
              {
                InstanceId: id,
                InstanceType: 't3.micro',
                LaunchTime: new Date('2026-01-01T00:00:00Z'),
                Placement: { AvailabilityZone: 'eu-west-1a' },
                ImageId: 'ami-1',
                State: { Name: id === 'i-1' ? 'running' : 'stopped' },
                SecurityGroups: [{ GroupId: 'sg-1' }],
                BlockDeviceMappings: [{ Ebs: { VolumeId: `vol-${id}` } }],
                MetadataOptions: { HttpTokens: 'required' },
                StateTransitionReason: '',
                Tags: [{ Key: 'Name', Value: `web-${id}` }],
              },
            ],
          },
        ],
        NextToken: input.NextToken ? undefined : 'page-2',
      };
    });
    ec2Mock.on(DescribeInstanceStatusCommand).resolves({
      InstanceStatuses: [
        { InstanceId: 'i-1', SystemStatus: { Status: 'ok' }, InstanceStatus: { Status: 'impaired' } },
      ],
    });

    // Act
    const resources = await ec2Instances.collect(clients());

    // Assess
    expect(tokens).toEqual([undefined, 'page-2']);
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeInstancesCommand, { MaxResults: 1000 });
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeInstanceStatusCommand, { MaxResults: 1000 });
    expect(resources).toHaveLength(2);
    expect(resources[0]).toMatchObject({
      id: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-1`,
      name: 'web-i-1',
      state: 'running',
      attributes: {
        imdsV2Required: true,
        securityGroupIds: ['sg-1'],
        volumeIds: ['vol-i-1'],
        statusChecks: { system: 'ok', instance: 'impaired' },
      },
    });
    expect(resources[0]?.type === 'ec2:instance' && resources[0].attributes.stateReason).toBeUndefined();
    expect(resources[1]?.type === 'ec2:instance' && resources[1].attributes.statusChecks).toBeUndefined();
    for (const r of resources) expect(ResourceDataSchema.safeParse(r).success).toBe(true);
  });

  it('skips DescribeInstanceStatus when nothing runs', async () => {
    // Prepare
    ec2Mock.on(DescribeInstancesCommand).resolves({ Reservations: [] });

    // Act
    const resources = await ec2Instances.collect(clients());

    // Assess
    expect(resources).toEqual([]);
    expect(ec2Mock).not.toHaveReceivedCommand(DescribeInstanceStatusCommand);
  });

  it('throws rather than return a partial list when a later page fails', async () => {
    // Prepare
    ec2Mock
      .on(DescribeInstancesCommand)
      .resolvesOnce({ Reservations: [], NextToken: 'page-2' })
      .rejectsOnce(Object.assign(new Error('denied'), { name: 'UnauthorizedOperation' }));

    // Act / Assess
    await expect(ec2Instances.collect(clients())).rejects.toThrow('denied');
  });
});

describe('ec2-snapshots', () => {
  it('finds public snapshots with one paged RestorableByUserIds=all listing', async () => {
    // Prepare
    const snapshot = (id: string) => ({
      SnapshotId: id,
      VolumeId: 'vol-1',
      VolumeSize: 8,
      Encrypted: false,
      StartTime: new Date('2026-02-01T00:00:00Z'),
      State: 'completed' as const,
      Description: '',
    });
    ec2Mock.on(DescribeSnapshotsCommand).callsFake((input: { RestorableByUserIds?: string[] }) => ({
      Snapshots: input.RestorableByUserIds ? [snapshot('snap-2')] : [snapshot('snap-1'), snapshot('snap-2')],
    }));

    // Act
    const resources = await ec2Snapshots.collect(clients());

    // Assess
    expect(ec2Mock).toHaveReceivedCommandTimes(DescribeSnapshotsCommand, 2);
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeSnapshotsCommand, {
      OwnerIds: ['self'],
      RestorableByUserIds: ['all'],
      MaxResults: 1000,
    });
    expect(resources.map((r) => [r.id, r.type === 'ec2:snapshot' && r.attributes.public])).toEqual([
      [`arn:aws:ec2:${REGION}::snapshot/snap-1`, false],
      [`arn:aws:ec2:${REGION}::snapshot/snap-2`, true],
    ]);
    expect(resources[0]?.type === 'ec2:snapshot' && resources[0].attributes.description).toBeUndefined();
  });
});

describe('ec2-security-groups', () => {
  it('normalizes rules: protocol names, sorted ranges and rules, no ports for all traffic', async () => {
    // Prepare
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [
        {
          GroupId: 'sg-1',
          GroupName: 'default',
          Description: 'default group',
          VpcId: 'vpc-1',
          IpPermissions: [
            {
              IpProtocol: '6',
              FromPort: 22,
              ToPort: 22,
              IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '0.0.0.0/0' }],
            },
            { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-1' }] },
          ],
          IpPermissionsEgress: [
            { IpProtocol: '-1', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          ],
        },
      ],
    });

    // Act
    const [group] = await ec2SecurityGroups.collect(clients());

    // Assess
    expect(group).toMatchObject({
      id: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-1`,
      name: 'default',
      state: 'active',
      attributes: {
        isDefault: true,
        ingress: [
          { protocol: '-1', ipv4Ranges: [], ipv6Ranges: [], sourceGroupIds: ['sg-1'], prefixListIds: [] },
          { protocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0', '10.0.0.0/8'] },
        ],
        egress: [{ protocol: '-1', fromPort: undefined, toPort: undefined, ipv4Ranges: ['0.0.0.0/0'] }],
      },
    });
  });
});

describe('ec2-volumes, ec2-elastic-ips and ec2-ebs-encryption-default', () => {
  it('normalize each to its typed attributes and ARN', async () => {
    // Prepare
    ec2Mock.on(DescribeVolumesCommand).resolves({
      Volumes: [
        {
          VolumeId: 'vol-1',
          VolumeType: 'gp2',
          Size: 100,
          Encrypted: false,
          AvailabilityZone: 'eu-west-1a',
          CreateTime: new Date('2026-03-01T00:00:00Z'),
          State: 'available',
          SnapshotId: '',
          Attachments: [],
        },
      ],
    });
    ec2Mock.on(DescribeAddressesCommand).resolves({
      Addresses: [{ AllocationId: 'eipalloc-1', PublicIp: '203.0.113.5', Domain: 'vpc' }],
    });
    ec2Mock.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });

    // Act
    const [volume] = await ec2Volumes.collect(clients());
    const [address] = await ec2ElasticIps.collect(clients());
    const [setting] = await ec2EbsEncryptionDefault.collect(clients());

    // Assess
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeVolumesCommand, { MaxResults: 500 });
    expect(volume).toMatchObject({
      state: 'available',
      attributes: { sizeGiB: 100, volumeType: 'gp2', attachments: [] },
    });
    expect(volume?.type === 'ec2:volume' && volume.attributes.snapshotId).toBeUndefined();
    expect(address).toMatchObject({
      id: `arn:aws:ec2:${REGION}:${ACCOUNT}:elastic-ip/eipalloc-1`,
      state: 'unassociated',
      name: '203.0.113.5',
    });
    expect(setting).toMatchObject({ type: 'ec2:ebs-encryption-default', attributes: { enabled: false } });
  });
});

describe('collector registry', () => {
  it('registers every collector file and has unique names', () => {
    // Prepare
    const dir = path.join(import.meta.dirname, '../../../functions/adapters/collectors');
    const notCollectors = new Set(['collector.ts', 'index.ts', 'ec2-shared.ts', 'sdk-shared.ts']);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !notCollectors.has(f));

    // Assess
    const names = COLLECTORS.map((c) => c.name);
    for (const file of files) expect(names).toContain(file.replace(/\.ts$/, ''));
    expect(new Set(names).size).toBe(names.length);
  });

  it('has a collector for every resource type of the domain model', () => {
    const covered = new Set(COLLECTORS.flatMap((c) => c.resourceTypes));
    expect([...RESOURCE_TYPES].filter((type) => !covered.has(type))).toEqual([]);
  });
});
