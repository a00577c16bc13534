import { defineAction } from '../action';
import { nativeId } from '../native-id';

/** Deletes a snapshot whose volume is gone and that no AMI uses; its id and source are audited first. */
export const ebsDeleteOrphanedSnapshot = defineAction<'ec2:snapshot'>({
  id: 'ebs-delete-orphaned-snapshot',
  title: 'Delete an orphaned EBS snapshot',
  fixes: ['ebs-orphaned-snapshot'],
  resourceType: 'ec2:snapshot',
  destructive: true,
  backupDescription:
    'The snapshot id, its source volume and size are copied into the audit log; the data itself cannot be kept without keeping the snapshot.',
  verifyDescription: 'The snapshot no longer exists.',
  undo: {
    undoable: false,
    why: "A deleted snapshot's blocks are gone; keeping a copy would cost what deleting it saves.",
  },
  plan(snapshot) {
    const id = nativeId(snapshot);
    return {
      summary: `Delete ${id} (${snapshot.attributes.volumeSizeGiB} GiB, from ${snapshot.attributes.volumeId ?? 'an unknown volume'}).`,
      backup: [],
      act: [{ service: 'ec2', action: 'DeleteSnapshot', dryRunnable: true, input: { SnapshotId: id } }],
      record: {
        snapshotId: id,
        volumeId: snapshot.attributes.volumeId ?? '',
        volumeSizeGiB: String(snapshot.attributes.volumeSizeGiB),
        startTime: snapshot.attributes.startTime,
      },
    };
  },
  preflight(snapshot, { inventory }) {
    const id = nativeId(snapshot);
    const images = inventory
      .ofType('ec2:image', snapshot.accountId, snapshot.region)
      .filter((image) => image.attributes.snapshotIds.includes(id));
    return [
      {
        id: 'snapshot-not-used-by-ami',
        passed: images.length === 0,
        detail:
          images.length === 0
            ? 'no AMI in the inventory uses the snapshot'
            : `used by ${images.map((image) => image.name).join(', ')}`,
      },
    ];
  },
  verify(after) {
    return after ? 'the snapshot still exists' : true;
  },
});
