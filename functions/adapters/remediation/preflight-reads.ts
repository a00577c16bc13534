/**
 * Pre-flight's live reads through the member remediation role (REMEDIATION_READ_ACTIONS): instance
 * stop and termination protection (DescribeInstanceAttribute), what references a snapshot (the
 * account's own AMIs, every version of every launch template) and the KMS key of an encrypted
 * volume or snapshot (DescribeKey). Pure translation: the verdicts are domain/remediation/impact.ts.
 */
import {
  DescribeInstanceAttributeCommand,
  EC2Client,
  paginateDescribeImages,
  paginateDescribeLaunchTemplates,
  paginateDescribeLaunchTemplateVersions,
} from '@aws-sdk/client-ec2';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { PreflightFacts, PreflightRead } from '../../domain/remediation/action';
import type { ClientFactory } from '../collectors/collector';

/** KMS error codes meaning the key policy (or an SCP) refuses the caller. */
const KMS_DENIED = new Set(['AccessDeniedException', 'KMSAccessDeniedException']);

export async function readPreflightFacts(
  clients: ClientFactory,
  reads: readonly PreflightRead[],
): Promise<PreflightFacts> {
  let facts: PreflightFacts = {};
  for (const read of reads) {
    switch (read.kind) {
      case 'instance-protection':
        facts = {
          ...facts,
          instanceProtection: await instanceProtection(clients.get(EC2Client), read.instanceId),
        };
        break;
      case 'snapshot-references':
        facts = {
          ...facts,
          snapshotReferences: await snapshotReferences(clients.get(EC2Client), read.snapshotId),
        };
        break;
      case 'kms-key':
        facts = { ...facts, kmsKey: await kmsKey(clients.get(KMSClient), read.keyId) };
        break;
    }
  }
  return facts;
}

async function instanceProtection(ec2: EC2Client, instanceId: string) {
  const [stop, termination] = await Promise.all([
    ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'disableApiStop' })),
    ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'disableApiTermination' }),
    ),
  ]);
  return {
    stop: stop.DisableApiStop?.Value === true,
    termination: termination.DisableApiTermination?.Value === true,
  };
}

async function snapshotReferences(ec2: EC2Client, snapshotId: string) {
  const images: string[] = [];
  for await (const page of paginateDescribeImages(
    { client: ec2, pageSize: 1000 },
    { Owners: ['self'], Filters: [{ Name: 'block-device-mapping.snapshot-id', Values: [snapshotId] }] },
  )) {
    for (const image of page.Images ?? []) images.push(`${image.ImageId} (${image.Name ?? 'unnamed'})`);
  }
  // DescribeLaunchTemplateVersions names one template a call; the account-wide form sees only
  // $Latest and $Default, and any version can be launched from.
  const launchTemplateVersions: string[] = [];
  for await (const page of paginateDescribeLaunchTemplates({ client: ec2, pageSize: 200 }, {})) {
    for (const template of page.LaunchTemplates ?? []) {
      for await (const versions of paginateDescribeLaunchTemplateVersions(
        { client: ec2, pageSize: 200 },
        { LaunchTemplateId: template.LaunchTemplateId },
      )) {
        for (const version of versions.LaunchTemplateVersions ?? []) {
          const mappings = version.LaunchTemplateData?.BlockDeviceMappings ?? [];
          if (mappings.some((mapping) => mapping.Ebs?.SnapshotId === snapshotId)) {
            launchTemplateVersions.push(
              `${template.LaunchTemplateId} (${template.LaunchTemplateName}) version ${version.VersionNumber}`,
            );
          }
        }
      }
    }
  }
  return { images, launchTemplateVersions };
}

async function kmsKey(kms: KMSClient, keyId: string): Promise<NonNullable<PreflightFacts['kmsKey']>> {
  try {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    return {
      keyId,
      state: KeyMetadata?.KeyState ?? 'Unknown',
      ...(KeyMetadata?.KeyManager ? { manager: KeyMetadata.KeyManager } : {}),
    };
  } catch (error) {
    if (error instanceof Error && KMS_DENIED.has(error.name)) return { keyId, state: 'AccessDenied' };
    throw error;
  }
}
