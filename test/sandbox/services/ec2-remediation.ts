/**
 * EC2 mutations remediation uses, applied to the fleet so a later describe (and the next scan) sees
 * them: CreateSnapshot, CreateVolume, DeleteVolume, ModifyVolume, DeleteSnapshot, ReleaseAddress,
 * Revoke/AuthorizeSecurityGroupIngress and Enable/DisableEbsEncryptionByDefault, with EC2's error codes, `DryRun`, and the member remediation
 * role's tag conditions (remediation-policy.ts) checked before `DryRun` as IAM does.
 *
 * Simplifications: a snapshot completes at once (its CreateSnapshot response says `pending`, the next
 * describe `completed`), or, under the `slowBackups` fault, after some describes (pending-snapshots.ts),
 * or, under the `kmsGrantMissing` fault, fails at once (`error`, with a StateMessage); a volume
 * modification is `completed` at once.
 */
import { randomBytes } from 'node:crypto';
import type { SecurityGroupRule } from '../../../functions/domain/model';
import type { FleetResourceOf } from '../fleet';
import { authorizeAccountWrite, authorizeRemediationWrite } from '../remediation-policy';
import {
  type ActionHandler,
  type QueryParams,
  type SandboxContext,
  SandboxError,
  type SandboxRequest,
  toXml,
  xmlList,
  xmlResult,
} from '../service';
import { initialSnapshotState } from './pending-snapshots';

const hex = (length: number) =>
  randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
const arn = (context: SandboxContext, region: string, resource: string) =>
  `arn:aws:ec2:${region}:${context.account.id}:${resource}`;
const tagSet = (tags: Record<string, string>) =>
  xmlList(
    'item',
    Object.entries(tags).map(([key, value]) => ({ key, value })),
  );

function dryRun(request: SandboxRequest): void {
  if (request.params.bool('DryRun')) {
    throw new SandboxError(412, 'DryRunOperation', 'Request would have succeeded, but DryRun flag is set.');
  }
}

function required(request: SandboxRequest, name: string): string {
  const value = request.params.get(name);
  if (!value)
    throw new SandboxError(400, 'MissingParameter', `The request must contain the parameter ${name}`);
  return value;
}

/** Tags of `TagSpecification.N` for one resource type. */
function requestTags(params: QueryParams, resourceType: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const spec of params.structs('TagSpecification')) {
    if (spec.get('ResourceType') !== resourceType) continue;
    for (const tag of spec.structs('Tag')) {
      const key = tag.get('Key');
      if (key) tags[key] = tag.get('Value') ?? '';
    }
  }
  return tags;
}

function volumeOf(request: SandboxRequest, context: SandboxContext): FleetResourceOf<'ec2:volume'> {
  const id = required(request, 'VolumeId');
  const volume = context.find('ec2:volume', id);
  if (!volume) throw new SandboxError(400, 'InvalidVolume.NotFound', `The volume '${id}' does not exist.`);
  return volume;
}

const existing = (
  context: SandboxContext,
  resource: { region: string; id: string; tags: Record<string, string> },
  kind: string,
) => [{ arn: arn(context, resource.region, `${kind}/${resource.id}`), tags: resource.tags }];

/** One ingress permission of `IpPermissions.N`, as the domain's rule shape. */
function permissionsOf(params: QueryParams): SecurityGroupRule[] {
  return params.structs('IpPermissions').map((p) => ({
    protocol: p.get('IpProtocol') ?? '-1',
    ...(p.has('FromPort') ? { fromPort: p.int('FromPort') } : {}),
    ...(p.has('ToPort') ? { toPort: p.int('ToPort') } : {}),
    ipv4Ranges: p.structs('IpRanges').map((r) => r.get('CidrIp') ?? ''),
    ipv6Ranges: p.structs('Ipv6Ranges').map((r) => r.get('CidrIpv6') ?? ''),
    sourceGroupIds: p.structs('Groups').map((g) => g.get('GroupId') ?? ''),
    prefixListIds: p.structs('PrefixListIds').map((g) => g.get('PrefixListId') ?? ''),
  }));
}

const sameTarget = (a: SecurityGroupRule, b: SecurityGroupRule) =>
  a.protocol === b.protocol && a.fromPort === b.fromPort && a.toPort === b.toPort;

const SOURCES = ['ipv4Ranges', 'ipv6Ranges', 'sourceGroupIds', 'prefixListIds'] as const;

function groupOf(request: SandboxRequest, context: SandboxContext): FleetResourceOf<'ec2:security-group'> {
  const id = required(request, 'GroupId');
  const group = context.find('ec2:security-group', id);
  if (!group)
    throw new SandboxError(400, 'InvalidGroup.NotFound', `The security group '${id}' does not exist`);
  return group;
}

function changeIngress(kind: 'revoke' | 'authorize'): ActionHandler {
  return (request, context) => {
    const group = groupOf(request, context);
    authorizeRemediationWrite(request, `ec2:${request.action}`, {
      existing: existing(context, group, 'security-group'),
    });
    dryRun(request);
    const ingress = group.attributes.ingress.map((rule) => ({ ...rule }));
    for (const permission of permissionsOf(request.params)) {
      const at = ingress.findIndex((rule) => sameTarget(rule, permission));
      if (kind === 'revoke') {
        const rule = at < 0 ? undefined : ingress[at];
        const missing =
          !rule || SOURCES.some((key) => permission[key].some((source) => !rule[key].includes(source)));
        if (!rule || missing) {
          throw new SandboxError(
            400,
            'InvalidPermission.NotFound',
            'The specified rule does not exist in this security group.',
          );
        }
        const kept = { ...rule };
        for (const key of SOURCES)
          kept[key] = rule[key].filter((source) => !permission[key].includes(source));
        if (SOURCES.every((key) => kept[key].length === 0)) ingress.splice(at, 1);
        else ingress[at] = kept;
      } else {
        const rule = at < 0 ? undefined : ingress[at];
        if (rule && SOURCES.some((key) => permission[key].some((source) => rule[key].includes(source)))) {
          throw new SandboxError(
            400,
            'InvalidPermission.Duplicate',
            `the specified rule "peer: ${permission.ipv4Ranges[0] ?? permission.ipv6Ranges[0]}, ${permission.protocol.toUpperCase()}, from port: ${permission.fromPort}, to port: ${permission.toPort}, ALLOW" already exists`,
          );
        }
        if (rule) {
          const merged = { ...rule };
          for (const key of SOURCES) merged[key] = [...rule[key], ...permission[key]];
          ingress[at] = merged;
        } else {
          ingress.push(permission);
        }
      }
    }
    context.update({ ...group, attributes: { ...group.attributes, ingress } });
    return xmlResult(toXml({ return: true }));
  };
}

/** Why a snapshot is in `error` (DescribeSnapshots' StateMessage), by snapshot id. */
export function snapshotStateMessages(context: SandboxContext): Map<string, string> {
  return context.shared('ec2:snapshot-state-messages', () => new Map<string, string>());
}

/** The region's setting (a fleet resource, created on first change when the fleet leaves it unset: off). */
function setEbsEncryptionByDefault(enabled: boolean): ActionHandler {
  return (request, context) => {
    authorizeAccountWrite(
      request,
      context,
      `ec2:${request.action}`,
      arn(context, request.region, 'ebs-encryption-default'),
    );
    dryRun(request);
    const setting = context.resources('ec2:ebs-encryption-default')[0];
    if (setting) context.update({ ...setting, attributes: { ...setting.attributes, enabled } });
    else {
      context.insert({
        id: 'ebs-encryption-default',
        region: request.region,
        type: 'ec2:ebs-encryption-default',
        name: 'ebs-encryption-default',
        state: 'active',
        tags: {},
        attributes: { enabled },
      });
    }
    return xmlResult(toXml({ ebsEncryptionByDefault: enabled }));
  };
}

export const EC2_REMEDIATION_ACTIONS: Readonly<Record<string, ActionHandler>> = {
  CreateSnapshot: (request, context) => {
    const volume = volumeOf(request, context);
    const id = `snap-${hex(17)}`;
    const tags = requestTags(request.params, 'snapshot');
    authorizeRemediationWrite(request, 'ec2:CreateSnapshot', {
      existing: existing(context, volume, 'volume'),
      created: { arn: arn(context, volume.region, `snapshot/${id}`), tags },
    });
    dryRun(request);
    const startTime = context.now().toISOString();
    const description = request.params.get('Description') ?? '';
    const { kmsKeyId } = volume.attributes;
    // EBS accepts the call and copies asynchronously; without a grant on the key the copy fails.
    const keyDenied =
      volume.attributes.encrypted && kmsKeyId !== undefined && context.kmsGrantMissing(kmsKeyId);
    if (keyDenied) {
      snapshotStateMessages(context).set(
        id,
        `The KMS key ${kmsKeyId} is not accessible: the caller has no grant to use it (kms:CreateGrant, kms:GenerateDataKeyWithoutPlaintext, kms:ReEncrypt*).`,
      );
    }
    context.insert({
      id,
      region: volume.region,
      type: 'ec2:snapshot',
      name: tags.Name ?? id,
      state: keyDenied
        ? 'error'
        : initialSnapshotState(context, { type: 'ec2:snapshot', region: volume.region, id }, volume.id, {
            pending: 'pending',
            ready: 'completed',
          }),
      tags,
      attributes: {
        volumeId: volume.id,
        volumeSizeGiB: volume.attributes.sizeGiB,
        encrypted: volume.attributes.encrypted,
        ...(kmsKeyId === undefined ? {} : { kmsKeyId }),
        startTime,
        description,
        public: false,
      },
    });
    return xmlResult(
      toXml({
        snapshotId: id,
        volumeId: volume.id,
        status: 'pending',
        startTime,
        progress: '',
        ownerId: context.account.id,
        volumeSize: volume.attributes.sizeGiB,
        description,
        encrypted: volume.attributes.encrypted,
        kmsKeyId,
        tagSet: tagSet(tags),
      }),
    );
  },

  CreateVolume: (request, context) => {
    const zone = required(request, 'AvailabilityZone');
    const region = zone.replace(/[a-z]$/, '');
    const snapshotId = request.params.get('SnapshotId');
    const snapshot = snapshotId ? context.find('ec2:snapshot', snapshotId, { region }) : undefined;
    if (snapshotId && !snapshot) {
      throw new SandboxError(400, 'InvalidSnapshot.NotFound', `The snapshot '${snapshotId}' does not exist.`);
    }
    const size = request.params.int('Size') ?? snapshot?.attributes.volumeSizeGiB;
    if (size === undefined)
      throw new SandboxError(400, 'MissingParameter', 'The request must contain the parameter size/snapshot');
    const id = `vol-${hex(17)}`;
    const tags = requestTags(request.params, 'volume');
    authorizeRemediationWrite(request, 'ec2:CreateVolume', {
      created: { arn: arn(context, region, `volume/${id}`), tags },
    });
    dryRun(request);
    const volumeType = request.params.get('VolumeType') ?? 'gp2';
    const iops = request.params.int('Iops') ?? (volumeType === 'gp3' ? 3000 : undefined);
    const throughput = request.params.int('Throughput') ?? (volumeType === 'gp3' ? 125 : undefined);
    const createTime = context.now().toISOString();
    context.insert({
      id,
      region,
      type: 'ec2:volume',
      name: tags.Name ?? id,
      state: 'available',
      tags,
      attributes: {
        volumeType,
        sizeGiB: size,
        ...(iops === undefined ? {} : { iops }),
        ...(throughput === undefined ? {} : { throughputMiBps: throughput }),
        encrypted: snapshot?.attributes.encrypted ?? false,
        availabilityZone: zone,
        createTime,
        ...(snapshotId ? { snapshotId } : {}),
        attachments: [],
      },
    });
    return xmlResult(
      toXml({
        volumeId: id,
        size,
        snapshotId: snapshotId ?? '',
        availabilityZone: zone,
        status: 'creating',
        createTime,
        volumeType,
        iops,
        throughput,
        encrypted: snapshot?.attributes.encrypted ?? false,
        tagSet: tagSet(tags),
      }),
    );
  },

  DeleteVolume: (request, context) => {
    const volume = volumeOf(request, context);
    authorizeRemediationWrite(request, 'ec2:DeleteVolume', { existing: existing(context, volume, 'volume') });
    dryRun(request);
    if (volume.state === 'in-use' || volume.attributes.attachments.length > 0) {
      throw new SandboxError(
        400,
        'VolumeInUse',
        `Volume ${volume.id} is currently attached to ${volume.attributes.attachments[0]?.instanceId ?? 'an instance'}`,
      );
    }
    context.remove(volume);
    return xmlResult(toXml({ return: true }));
  },

  ModifyVolume: (request, context) => {
    const volume = volumeOf(request, context);
    authorizeRemediationWrite(request, 'ec2:ModifyVolume', { existing: existing(context, volume, 'volume') });
    dryRun(request);
    const volumeType = request.params.get('VolumeType') ?? volume.attributes.volumeType;
    const size = volume.attributes.sizeGiB;
    // gp2's IOPS follow from its size (3 per GiB, 100 to 16,000); gp3 starts from its 3,000 baseline.
    const iops =
      volumeType === 'gp2'
        ? Math.min(16_000, Math.max(100, size * 3))
        : (request.params.int('Iops') ?? (volumeType === 'gp3' ? 3000 : volume.attributes.iops));
    const throughput = volumeType === 'gp3' ? (request.params.int('Throughput') ?? 125) : undefined;
    const { iops: _iops, throughputMiBps: _throughput, ...rest } = volume.attributes;
    context.update({
      ...volume,
      attributes: {
        ...rest,
        volumeType,
        ...(iops === undefined ? {} : { iops }),
        ...(throughput === undefined ? {} : { throughputMiBps: throughput }),
      },
    });
    return xmlResult(
      toXml({
        volumeModification: {
          volumeId: volume.id,
          modificationState: 'modifying',
          targetSize: volume.attributes.sizeGiB,
          targetVolumeType: volumeType,
          targetIops: iops,
          targetThroughput: throughput,
          originalSize: volume.attributes.sizeGiB,
          originalVolumeType: volume.attributes.volumeType,
          originalIops: volume.attributes.iops,
          progress: 0,
          startTime: context.now().toISOString(),
        },
      }),
    );
  },

  DeleteSnapshot: (request, context) => {
    const id = required(request, 'SnapshotId');
    const snapshot = context.find('ec2:snapshot', id);
    if (!snapshot)
      throw new SandboxError(400, 'InvalidSnapshot.NotFound', `The snapshot '${id}' does not exist.`);
    authorizeRemediationWrite(request, 'ec2:DeleteSnapshot', {
      existing: existing(context, snapshot, 'snapshot'),
    });
    dryRun(request);
    const image = context
      .resources('ec2:image')
      .find((candidate) => candidate.attributes.snapshotIds.includes(id));
    if (image) {
      throw new SandboxError(
        400,
        'InvalidSnapshot.InUse',
        `The snapshot ${id} is currently in use by ${image.id}`,
      );
    }
    context.remove(snapshot);
    snapshotStateMessages(context).delete(id);
    return xmlResult(toXml({ return: true }));
  },

  ReleaseAddress: (request, context) => {
    const allocationId = required(request, 'AllocationId');
    const address = context
      .resources('ec2:elastic-ip')
      .find((e) => e.attributes.allocationId === allocationId);
    if (!address) {
      throw new SandboxError(
        400,
        'InvalidAllocationID.NotFound',
        `The allocation ID '${allocationId}' does not exist`,
      );
    }
    authorizeRemediationWrite(request, 'ec2:ReleaseAddress', {
      existing: [{ arn: arn(context, address.region, `elastic-ip/${allocationId}`), tags: address.tags }],
    });
    dryRun(request);
    if (address.attributes.associationId) {
      throw new SandboxError(400, 'InvalidIPAddress.InUse', 'Address is in use.');
    }
    context.remove(address);
    return xmlResult(toXml({ return: true }));
  },

  EnableEbsEncryptionByDefault: setEbsEncryptionByDefault(true),
  DisableEbsEncryptionByDefault: setEbsEncryptionByDefault(false),
  RevokeSecurityGroupIngress: changeIngress('revoke'),
  AuthorizeSecurityGroupIngress: changeIngress('authorize'),
};
