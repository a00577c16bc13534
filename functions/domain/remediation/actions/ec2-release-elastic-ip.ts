import { defineAction } from '../action';

/** Releases an Elastic IP associated with nothing; the address is recorded in the audit first. */
export const ec2ReleaseElasticIp = defineAction<'ec2:elastic-ip'>({
  id: 'ec2-release-elastic-ip',
  title: 'Release an unassociated Elastic IP',
  fixes: ['ec2-unassociated-elastic-ip'],
  resourceType: 'ec2:elastic-ip',
  destructive: true,
  effect: 'delete',
  backupDescription: 'The public IP and allocation id are recorded in the audit log before the release.',
  verifyDescription: 'The allocation no longer exists.',
  undo: {
    undoable: false,
    why: "A released address returns to Amazon's pool; AllocateAddress can ask for it back only while no other customer holds it, so HostMaster does not promise an undo.",
  },
  plan(address) {
    const { allocationId, publicIp } = address.attributes;
    return {
      summary: `Release ${publicIp} (${allocationId}).`,
      backup: [],
      act: [
        {
          service: 'ec2',
          action: 'ReleaseAddress',
          dryRunnable: true,
          input: { AllocationId: allocationId },
        },
      ],
      record: { publicIp, allocationId },
    };
  },
  preflight(address) {
    const associated = address.attributes.associationId !== undefined;
    return [
      {
        id: 'address-unassociated',
        passed: !associated,
        detail: associated
          ? `the address is associated (${address.attributes.instanceId ?? address.attributes.networkInterfaceId ?? address.attributes.associationId})`
          : 'the address is associated with nothing',
      },
    ];
  },
  verify(after) {
    return after ? `the address ${after.attributes.publicIp} is still allocated` : true;
  },
});
