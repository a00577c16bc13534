import { defineAction } from '../action';
import { nativeId } from '../native-id';

/** Stops an idle instance; its EBS volumes are kept, so starting it again undoes the stop. */
export const ec2StopIdleInstance = defineAction<'ec2:instance'>({
  id: 'ec2-stop-idle-instance',
  title: 'Stop an idle EC2 instance',
  fixes: ['ec2-idle-instance'],
  resourceType: 'ec2:instance',
  destructive: true,
  effect: 'stop',
  backupDescription:
    'None needed: a stop keeps the EBS volumes; the instance type and state before the stop are recorded.',
  verifyDescription: 'The instance is stopping or stopped.',
  undo: {
    undoable: true,
    description: 'Starts the instance again (its public IPv4 address changes unless it has an Elastic IP).',
    plan: (before) => [
      {
        service: 'ec2',
        action: 'StartInstances',
        dryRunnable: true,
        input: { InstanceIds: [nativeId(before)] },
      },
    ],
  },
  plan(instance) {
    const id = nativeId(instance);
    return {
      summary: `Stop ${id} (${instance.attributes.instanceType}).`,
      backup: [],
      act: [{ service: 'ec2', action: 'StopInstances', dryRunnable: true, input: { InstanceIds: [id] } }],
      record: { instanceType: instance.attributes.instanceType, previousState: instance.state },
    };
  },
  preflight(instance) {
    return [
      {
        id: 'instance-running',
        passed: instance.state === 'running',
        detail: `the instance is ${instance.state}`,
      },
    ];
  },
  verify(after) {
    if (!after) return 'the instance no longer exists';
    return after.state === 'stopped' || after.state === 'stopping' ? true : `the instance is ${after.state}`;
  },
});
