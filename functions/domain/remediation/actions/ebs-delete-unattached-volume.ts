import { defineAction } from '../action';
import { createdTags, nativeId } from '../native-id';

/** Snapshot, wait for the snapshot to complete, then delete the unattached volume; undo restores it from the snapshot. */
export const ebsDeleteUnattachedVolume = defineAction<'ec2:volume'>({
  id: 'ebs-delete-unattached-volume',
  title: 'Snapshot and delete an unattached EBS volume',
  fixes: ['ebs-unattached-volume'],
  resourceType: 'ec2:volume',
  destructive: true,
  effect: 'delete',
  backupDescription:
    'A snapshot of the volume, tagged with the remediation id, completed before the deletion.',
  verifyDescription: 'The volume no longer exists and its snapshot is completed.',
  undo: {
    undoable: true,
    description: 'Creates a new volume of the same type, size, IOPS and tags from the backup snapshot.',
    plan(before, backup) {
      const a = before.attributes;
      return [
        {
          service: 'ec2',
          action: 'CreateVolume',
          dryRunnable: true,
          input: {
            SnapshotId: backup.snapshotId,
            AvailabilityZone: a.availabilityZone,
            VolumeType: a.volumeType,
            Size: a.sizeGiB,
            ...(a.iops !== undefined && ['io1', 'io2', 'gp3'].includes(a.volumeType) ? { Iops: a.iops } : {}),
            ...(a.throughputMiBps !== undefined && a.volumeType === 'gp3'
              ? { Throughput: a.throughputMiBps }
              : {}),
            TagSpecifications: [
              {
                ResourceType: 'volume',
                Tags: [
                  ...Object.entries(before.tags)
                    .filter(([key]) => !key.startsWith('aws:'))
                    .map(([Key, Value]) => ({ Key, Value })),
                  { Key: 'hostmaster:restored-from', Value: nativeId(before) },
                ],
              },
            ],
          },
          capture: { restoredVolumeId: 'VolumeId' },
        },
      ];
    },
  },
  plan(volume, { remediationId }) {
    const volumeId = nativeId(volume);
    return {
      summary: `Snapshot ${volumeId} (${volume.attributes.sizeGiB} GiB ${volume.attributes.volumeType}), then delete it.`,
      backup: [
        {
          service: 'ec2',
          action: 'CreateSnapshot',
          dryRunnable: true,
          input: {
            VolumeId: volumeId,
            Description: `HostMaster backup of ${volumeId} before deletion (remediation ${remediationId})`,
            TagSpecifications: [
              { ResourceType: 'snapshot', Tags: createdTags(remediationId, `backup-${volumeId}`) },
            ],
          },
          capture: { snapshotId: 'SnapshotId' },
        },
      ],
      act: [{ service: 'ec2', action: 'DeleteVolume', dryRunnable: true, input: { VolumeId: volumeId } }],
    };
  },
  preflight(volume) {
    const attached = volume.attributes.attachments.length > 0 || volume.state !== 'available';
    return [
      {
        id: 'volume-unattached',
        passed: !attached,
        detail: attached
          ? `the volume is ${volume.state}${volume.attributes.attachments[0] ? `, attached to ${volume.attributes.attachments[0].instanceId}` : ''}`
          : 'the volume is available (attached to nothing)',
      },
    ];
  },
  verify(after) {
    if (!after || after.state === 'deleting' || after.state === 'deleted') return true;
    return `the volume still exists (${after.state})`;
  },
});
