/**
 * What the scheduler acts on and what it sees of it. Adapters translate each service's states into
 * `ObservedState`, so planning is the same for an instance, a database, a cluster and a group.
 */
import { z } from 'zod';
import type { DesiredState } from './override';

export const TARGET_KINDS = [
  'ec2:instance',
  'rds:db-instance',
  'rds:db-cluster',
  'autoscaling:group',
] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** A resource that follows a schedule, as the tick needs it. */
export interface ScheduledTarget {
  /** HostMaster's id (the ARN). */
  readonly resourceId: string;
  /** The service's own id: instance id, DB identifier, cluster identifier, group name. */
  readonly nativeId: string;
  readonly accountId: string;
  readonly region: string;
  readonly kind: TargetKind;
  readonly schedule: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * `starting` / `stopping`: a change is under way, nothing to do. `busy`: the service refuses a start
 * or stop now (RDS `modifying`, `backing-up`). `gone`: terminated or deleted.
 */
export type ObservedState = 'running' | 'stopped' | 'starting' | 'stopping' | 'busy' | 'gone';

export interface Observation {
  readonly resourceId: string;
  readonly state: ObservedState;
  /** The service's own state name, for the record. */
  readonly native: string;
  /** EC2: the instance was launched with hibernation enabled. */
  readonly hibernationEnabled?: boolean;
  /** EC2: `ebs` or `instance-store` (an instance-store root cannot be stopped). */
  readonly rootDeviceType?: string;
  /** EC2: the Auto Scaling group the instance belongs to (the group is what to schedule). */
  readonly autoScalingGroup?: string;
  /** RDS: the Aurora cluster the DB instance is a member of (the cluster is what to schedule). */
  readonly dbCluster?: string;
  /** EC2's StateReason code and message (`Client.InternalError` after a failed encrypted launch). */
  readonly stateReason?: string;
}

export const ScheduleActionSchema = z.enum(['start', 'stop']);
export type ScheduleAction = z.infer<typeof ScheduleActionSchema>;

export const actionFor = (state: DesiredState): ScheduleAction => (state === 'running' ? 'start' : 'stop');
