import {
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../../functions/adapters/collectors/collector';
import { readPreflightFacts } from '../../../functions/adapters/remediation/preflight-reads';

const ec2 = mockClient(EC2Client);
const kms = mockClient(KMSClient);
const clients: ClientFactory = {
  accountId: '111111111111',
  region: 'eu-west-1',
  get: (ctor) => (ctor === KMSClient ? new KMSClient({}) : new EC2Client({})) as never,
};
const KEY = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

beforeEach(() => {
  ec2.reset();
  kms.reset();
});

describe('pre-flight live reads', () => {
  it('reads stop and termination protection with one DescribeInstanceAttribute each', async () => {
    // Prepare
    ec2
      .on(DescribeInstanceAttributeCommand, { Attribute: 'disableApiStop' })
      .resolves({ InstanceId: 'i-1', DisableApiStop: { Value: true } })
      .on(DescribeInstanceAttributeCommand, { Attribute: 'disableApiTermination' })
      .resolves({ InstanceId: 'i-1', DisableApiTermination: { Value: false } });

    // Act
    const facts = await readPreflightFacts(clients, [{ kind: 'instance-protection', instanceId: 'i-1' }]);

    // Assess
    expect(facts).toEqual({ instanceProtection: { stop: true, termination: false } });
    expect(ec2).toHaveReceivedCommandWith(DescribeInstanceAttributeCommand, {
      InstanceId: 'i-1',
      Attribute: 'disableApiStop',
    });
  });

  it('finds the own AMIs by block device snapshot and walks every version of every launch template', async () => {
    // Prepare
    ec2
      .on(DescribeImagesCommand)
      .resolves({ Images: [{ ImageId: 'ami-1', Name: 'golden' }] })
      .on(DescribeLaunchTemplatesCommand)
      .resolves({
        LaunchTemplates: [
          { LaunchTemplateId: 'lt-1', LaunchTemplateName: 'web' },
          { LaunchTemplateId: 'lt-2', LaunchTemplateName: 'batch' },
        ],
      })
      .on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-1' })
      .resolves({
        LaunchTemplateVersions: [
          {
            VersionNumber: 1,
            LaunchTemplateData: { BlockDeviceMappings: [{ Ebs: { SnapshotId: 'snap-0' } }] },
          },
          {
            VersionNumber: 2,
            LaunchTemplateData: { BlockDeviceMappings: [{ Ebs: { SnapshotId: 'snap-1' } }] },
          },
        ],
      })
      .on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-2' })
      .resolves({ LaunchTemplateVersions: [{ VersionNumber: 1, LaunchTemplateData: {} }] });

    // Act
    const facts = await readPreflightFacts(clients, [{ kind: 'snapshot-references', snapshotId: 'snap-1' }]);

    // Assess
    expect(facts).toEqual({
      snapshotReferences: { images: ['ami-1 (golden)'], launchTemplateVersions: ['lt-1 (web) version 2'] },
    });
    expect(ec2).toHaveReceivedCommandWith(DescribeImagesCommand, {
      Owners: ['self'],
      Filters: [{ Name: 'block-device-mapping.snapshot-id', Values: ['snap-1'] }],
    });
    expect(ec2).toHaveReceivedCommandTimes(DescribeLaunchTemplateVersionsCommand, 2);
  });

  it('reports the key state and manager, and a key policy that refuses the role as AccessDenied', async () => {
    // Prepare
    kms
      .on(DescribeKeyCommand)
      .resolvesOnce({ KeyMetadata: { KeyId: 'k', KeyState: 'PendingDeletion', KeyManager: 'CUSTOMER' } })
      .rejectsOnce(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));

    // Act
    const pending = await readPreflightFacts(clients, [{ kind: 'kms-key', keyId: KEY }]);
    const denied = await readPreflightFacts(clients, [{ kind: 'kms-key', keyId: KEY }]);

    // Assess
    expect(pending).toEqual({ kmsKey: { keyId: KEY, state: 'PendingDeletion', manager: 'CUSTOMER' } });
    expect(denied).toEqual({ kmsKey: { keyId: KEY, state: 'AccessDenied' } });
    expect(kms).toHaveReceivedCommandWith(DescribeKeyCommand, { KeyId: KEY });
  });
});
