import { defineAction } from '../action';
import { nativeId } from '../native-id';

/**
 * Deletes a snapshot whose volume is gone; pre-flight (impact.ts) refuses it while an AMI or a launch
 * template version still uses it. Its id and source are audited first.
 */
export const ebsDeleteOrphanedSnapshot = defineAction<'ec2:snapshot'>({
  id: 'ebs-delete-orphaned-snapshot',
  title: 'Delete an orphaned EBS snapshot',
  fixes: ['ebs-orphaned-snapshot'],
  resourceType: 'ec2:snapshot',
  destructive: true,
  effect: 'delete',
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
  verify(after) {
    return after ? 'the snapshot still exists' : true;
  },
});
