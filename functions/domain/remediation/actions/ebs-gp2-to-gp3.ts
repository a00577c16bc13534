import { defineAction } from '../action';
import { nativeId } from '../native-id';

/**
 * Changes a gp2 volume to gp3 in place (ModifyVolume, online, no detach). gp3's baseline of 3,000 IOPS
 * and 125 MiB/s meets or beats every gp2 volume up to 1 TiB; larger ones keep their gp2 IOPS.
 */
export const ebsGp2ToGp3 = defineAction<'ec2:volume'>({
  id: 'ebs-gp2-to-gp3',
  title: 'Change a gp2 volume to gp3',
  fixes: ['ebs-gp2-to-gp3'],
  resourceType: 'ec2:volume',
  destructive: false,
  backupDescription:
    'None needed: the change is online and keeps the data; the previous type and IOPS are recorded.',
  verifyDescription: 'The volume reports type gp3.',
  undo: {
    undoable: true,
    description: 'Changes the volume back to gp2 (EBS allows one modification per volume every six hours).',
    plan: (before) => [
      {
        service: 'ec2',
        action: 'ModifyVolume',
        dryRunnable: true,
        input: { VolumeId: nativeId(before), VolumeType: before.attributes.volumeType },
      },
    ],
  },
  plan(volume) {
    const id = nativeId(volume);
    // gp2 gives 3 IOPS per GiB; above 3,000 the gp3 volume needs them provisioned to lose nothing.
    const gp2Iops = Math.min(16_000, Math.max(100, volume.attributes.sizeGiB * 3));
    return {
      record: { volumeType: volume.attributes.volumeType, iops: String(volume.attributes.iops ?? '') },
      summary: `Change ${id} (${volume.attributes.sizeGiB} GiB) from gp2 to gp3${gp2Iops > 3000 ? ` with ${gp2Iops} IOPS` : ''}.`,
      backup: [],
      act: [
        {
          service: 'ec2',
          action: 'ModifyVolume',
          dryRunnable: true,
          input: { VolumeId: id, VolumeType: 'gp3', ...(gp2Iops > 3000 ? { Iops: gp2Iops } : {}) },
        },
      ],
    };
  },
  preflight(volume) {
    return [
      {
        id: 'volume-is-gp2',
        passed: volume.attributes.volumeType === 'gp2',
        detail: `the volume is ${volume.attributes.volumeType}`,
      },
    ];
  },
  verify(after) {
    if (!after) return 'the volume no longer exists';
    return after.attributes.volumeType === 'gp3'
      ? true
      : `the volume is still ${after.attributes.volumeType}`;
  },
});
