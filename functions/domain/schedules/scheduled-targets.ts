/** The inventory's resources that follow a schedule, as tick targets. */
import type { Resource } from '../model';
import { membershipOf } from './membership';
import type { ScheduledTarget, TargetKind } from './target';

const SCHEDULABLE: ReadonlySet<string> = new Set<TargetKind>([
  'ec2:instance',
  'rds:db-instance',
  'rds:db-cluster',
  'autoscaling:group',
]);

/**
 * The service's own id inside an ARN: `instance/i-…` for EC2, `db:<identifier>` and
 * `cluster:<identifier>` for RDS, `…:autoScalingGroupName/<name>` for Auto Scaling.
 */
export function nativeIdOf(resource: Pick<Resource, 'id' | 'type'>): string {
  return resource.type === 'rds:db-instance' || resource.type === 'rds:db-cluster'
    ? resource.id.slice(resource.id.lastIndexOf(':') + 1)
    : resource.id.slice(resource.id.lastIndexOf('/') + 1);
}

export function isSchedulable(resource: Pick<Resource, 'type'>): boolean {
  return SCHEDULABLE.has(resource.type);
}

export function scheduledTargets(
  resources: readonly Resource[],
  assignments: ReadonlyMap<string, string>,
): ScheduledTarget[] {
  const targets: ScheduledTarget[] = [];
  for (const resource of resources) {
    if (!isSchedulable(resource) || resource.goneAt !== undefined) continue;
    const membership = membershipOf(resource.tags, assignments.get(resource.id));
    if (membership.kind !== 'scheduled') continue;
    targets.push({
      resourceId: resource.id,
      nativeId: nativeIdOf(resource),
      accountId: resource.accountId,
      region: resource.region,
      kind: resource.type as TargetKind,
      schedule: membership.schedule,
      tags: resource.tags,
    });
  }
  return targets;
}
