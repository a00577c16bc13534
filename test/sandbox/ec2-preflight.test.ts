/**
 * The EC2 reads remediation's pre-flight makes, and the faults its tests plant: instance stop and
 * termination protection, launch templates, AMIs by snapshot, and a CreateSnapshot that fails for a
 * missing KMS grant. Called through the member remediation role, as the executor calls them.
 */
import {
  CreateSnapshotCommand,
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeSnapshotsCommand,
  EC2Client,
  paginateDescribeLaunchTemplateVersions,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_REMEDIATION_ROLE_NAME } from '../../functions/shared/contract/remediation';
import { rejectionOf, sandboxClientConfig } from './clients';
import { type Fleet, FleetSchema } from './fleet';
import { type Sandbox, startSandbox } from './server';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OPT_IN = { 'hostmaster:remediation': 'allow' };

const instance = (id: string, protection: { disableApiStop?: boolean; disableApiTermination?: boolean }) => ({
  id,
  region: REGION,
  type: 'ec2:instance' as const,
  name: id,
  state: 'running',
  tags: OPT_IN,
  ...protection,
  attributes: {
    instanceType: 'm5.large',
    launchTime: '2026-01-01T00:00:00.000Z',
    availabilityZone: `${REGION}a`,
    imageId: 'ami-0123456789abcdef0',
    securityGroupIds: [],
    volumeIds: [],
    imdsV2Required: true,
  },
});

const volume = (id: string, kmsKeyId?: string) => ({
  id,
  region: REGION,
  type: 'ec2:volume' as const,
  name: id,
  state: 'available',
  tags: OPT_IN,
  attributes: {
    volumeType: 'gp3',
    sizeGiB: 10,
    encrypted: kmsKeyId !== undefined,
    ...(kmsKeyId ? { kmsKeyId } : {}),
    availabilityZone: `${REGION}a`,
    createTime: '2026-01-01T00:00:00.000Z',
    attachments: [],
  },
});

const fleet: Fleet = FleetSchema.parse({
  organization: { managementAccountId: ACCOUNT, hubAccountId: ACCOUNT },
  regions: [REGION],
  accounts: [
    {
      id: ACCOUNT,
      name: 'workloads',
      regions: [REGION],
      externalId: 'scan-external-id',
      remediationExternalId: 'remediation-external-id',
      launchTemplates: [
        {
          id: 'lt-0000000000000000a',
          name: 'web',
          region: REGION,
          defaultVersion: 1,
          versions: [
            { versionNumber: 1, snapshotIds: ['snap-00000000000000001'] },
            { versionNumber: 2, snapshotIds: ['snap-00000000000000002', 'snap-00000000000000003'] },
          ],
        },
        { id: 'lt-0000000000000000b', name: 'batch', region: REGION, versions: [{ versionNumber: 1 }] },
      ],
      resources: [
        instance('i-00000000000000001', { disableApiStop: true }),
        instance('i-00000000000000002', { disableApiTermination: true }),
        volume('vol-00000000000000001', KEY),
        volume('vol-00000000000000002'),
        {
          id: 'ami-00000000000000001',
          region: REGION,
          type: 'ec2:image',
          name: 'golden',
          state: 'available',
          tags: {},
          attributes: {
            creationDate: '2026-01-01T00:00:00.000Z',
            public: false,
            snapshotIds: ['snap-00000000000000004'],
          },
        },
      ],
    },
  ],
  faults: { kmsGrantMissing: [{ keyId: KEY }] },
});

describe('sandbox EC2 pre-flight reads and the KMS grant fault', () => {
  let sandbox: Sandbox;
  let ec2: EC2Client;

  beforeAll(async () => {
    sandbox = await startSandbox({ fleet });
    const sts = new STSClient(sandboxClientConfig(sandbox.endpoint, REGION));
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/${MEMBER_REMEDIATION_ROLE_NAME}`,
        RoleSessionName: 'hostmaster-remediation',
        ExternalId: 'remediation-external-id',
      }),
    );
    sts.destroy();
    ec2 = new EC2Client(
      sandboxClientConfig(sandbox.endpoint, REGION, {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      }),
    );
  });
  afterAll(async () => {
    ec2?.destroy();
    await sandbox?.stop();
  });

  it('answers DescribeInstanceAttribute for stop and termination protection from the fleet', async () => {
    // Act
    const read = (InstanceId: string, Attribute: 'disableApiStop' | 'disableApiTermination') =>
      ec2.send(new DescribeInstanceAttributeCommand({ InstanceId, Attribute }));
    const [stop1, term1, stop2, term2] = await Promise.all([
      read('i-00000000000000001', 'disableApiStop'),
      read('i-00000000000000001', 'disableApiTermination'),
      read('i-00000000000000002', 'disableApiStop'),
      read('i-00000000000000002', 'disableApiTermination'),
    ]);
    const missing = await rejectionOf(read('i-0000000000000000f', 'disableApiStop'));

    // Assess
    expect(stop1).toMatchObject({ InstanceId: 'i-00000000000000001', DisableApiStop: { Value: true } });
    expect(term1.DisableApiTermination).toEqual({ Value: false });
    expect(stop2.DisableApiStop).toEqual({ Value: false });
    expect(term2.DisableApiTermination).toEqual({ Value: true });
    expect(missing).toMatchObject({ name: 'InvalidInstanceID.NotFound' });
  });

  it('refuses StopInstances of a stop-protected instance with OperationNotPermitted; the instance keeps running', async () => {
    // Act
    const refusal = await rejectionOf(
      ec2.send(new StopInstancesCommand({ InstanceIds: ['i-00000000000000001'] })),
    );

    // Assess
    expect(refusal).toMatchObject({
      name: 'OperationNotPermitted',
      message: expect.stringMatching(/may not be stopped.*disableApiStop/),
    });
    expect(sandbox.state.find(ACCOUNT, REGION, 'ec2:instance', 'i-00000000000000001')?.state).toBe('running');
  });

  it('lists launch templates and every version with the snapshots its block devices launch from', async () => {
    // Act
    const templates = await ec2.send(new DescribeLaunchTemplatesCommand({}));
    const versions = [];
    for await (const page of paginateDescribeLaunchTemplateVersions(
      { client: ec2, pageSize: 1 },
      { LaunchTemplateId: 'lt-0000000000000000a' },
    )) {
      versions.push(...(page.LaunchTemplateVersions ?? []));
    }
    const latest = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: 'web', Versions: ['$Latest'] }),
    );
    const unknown = await rejectionOf(
      ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: 'lt-0000000000000000f' })),
    );

    // Assess
    expect(
      templates.LaunchTemplates?.map((t) => [
        t.LaunchTemplateId,
        t.LaunchTemplateName,
        t.LatestVersionNumber,
      ]),
    ).toEqual([
      ['lt-0000000000000000a', 'web', 2],
      ['lt-0000000000000000b', 'batch', 1],
    ]);
    expect(
      versions.map((v) => [
        v.VersionNumber,
        v.DefaultVersion,
        v.LaunchTemplateData?.BlockDeviceMappings?.map((m) => m.Ebs?.SnapshotId),
      ]),
    ).toEqual([
      [1, true, ['snap-00000000000000001']],
      [2, false, ['snap-00000000000000002', 'snap-00000000000000003']],
    ]);
    expect(latest.LaunchTemplateVersions?.map((v) => v.VersionNumber)).toEqual([2]);
    expect(unknown).toMatchObject({ name: 'InvalidLaunchTemplateId.NotFound' });
  });

  it('filters the account’s AMIs by the snapshot their block devices map', async () => {
    // Act
    const find = (snapshotId: string) =>
      ec2.send(
        new DescribeImagesCommand({
          Owners: ['self'],
          Filters: [{ Name: 'block-device-mapping.snapshot-id', Values: [snapshotId] }],
        }),
      );
    const [used, unused] = await Promise.all([
      find('snap-00000000000000004'),
      find('snap-00000000000000001'),
    ]);

    // Assess
    expect(used.Images?.map((i) => i.ImageId)).toEqual(['ami-00000000000000001']);
    expect(unused.Images).toEqual([]);
  });

  it('accepts CreateSnapshot of a volume whose key grant is missing; the snapshot goes to error with the reason', async () => {
    // Act
    const denied = await ec2.send(
      new CreateSnapshotCommand({
        VolumeId: 'vol-00000000000000001',
        TagSpecifications: [
          { ResourceType: 'snapshot', Tags: [{ Key: 'hostmaster:remediation', Value: 'allow' }] },
        ],
      }),
    );
    const plain = await ec2.send(
      new CreateSnapshotCommand({
        VolumeId: 'vol-00000000000000002',
        TagSpecifications: [
          { ResourceType: 'snapshot', Tags: [{ Key: 'hostmaster:remediation', Value: 'allow' }] },
        ],
      }),
    );
    const described = await ec2.send(
      new DescribeSnapshotsCommand({ SnapshotIds: [denied.SnapshotId!, plain.SnapshotId!] }),
    );

    // Assess
    expect(denied).toMatchObject({ State: 'pending', Encrypted: true, KmsKeyId: KEY });
    const byId = new Map(described.Snapshots?.map((s) => [s.SnapshotId, s]));
    expect(byId.get(denied.SnapshotId)).toMatchObject({
      State: 'error',
      KmsKeyId: KEY,
      StateMessage: expect.stringMatching(/KMS key .* is not accessible/),
    });
    expect(byId.get(plain.SnapshotId)).toMatchObject({ State: 'completed' });
    expect(byId.get(plain.SnapshotId)?.StateMessage).toBeUndefined();
  });
});
