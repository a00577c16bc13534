/**
 * `EC2 Instance State-change Notification` → alert signals.
 *
 * Whether a stop was *unexpected* is decided, in order, by:
 * 1. A recorded HostMaster request (remediation, off-hours schedule) for this instance whose action
 *    explains the new state within its window (see expected-change.ts): expected, no alert. A
 *    terminate it explains also clears an open alert (the instance is gone on purpose).
 * 2. The state reason, when the event carries one (`detail['state-reason']`, the code EC2 reports as
 *    `StateReason.Code` in DescribeInstances; the sandbox adds it to its events, and a forwarding
 *    rule with an input transformer can add it too):
 *    - `Server.*` (InternalError, SpotInstanceTermination, ScheduledStop, InsufficientInstanceCapacity):
 *      AWS stopped it. Critical.
 *    - `Client.InstanceInitiatedShutdown`: the operating system shut down (a crash, a bad `shutdown`
 *      in a script). Critical.
 *    - `Client.UserInitiatedShutdown`: a person or a tool outside HostMaster stopped it. High: worth
 *      an email, not a page.
 * 3. No request and no reason (a plain EventBridge event): treated as unexpected, critical for
 *    instances tagged as production (`environment=production|prod`), high otherwise.
 * Termination without a request is always critical: the instance, and any instance-store data, are
 * gone. `running` clears the alert; `pending` says nothing yet.
 */
import type { AlertSignal } from '../alerts/alert';
import { type ExpectedChange, explains } from '../alerts/expected-change';
import type { Severity } from '../model';
import type { EventBridgeEvent, KnownResource } from './event';

export const EC2_STATE_CHANGE = 'EC2 Instance State-change Notification';

export const instanceDedupeKey = (instanceArn: string) => `ec2-state|${instanceArn}`;

export interface StateReason {
  readonly code: string;
  readonly message?: string;
}

export interface InstanceStateChange {
  readonly instanceId: string;
  readonly instanceArn: string;
  readonly state: string;
  readonly reason?: StateReason;
}

const PRODUCTION = new Set(['production', 'prod']);

/** Reads the detail; undefined when the event is not a well-formed instance state change. */
export function parseInstanceStateChange(event: EventBridgeEvent): InstanceStateChange | undefined {
  if (event['detail-type'] !== EC2_STATE_CHANGE) return undefined;
  const instanceId = event.detail['instance-id'];
  const state = event.detail.state;
  if (typeof instanceId !== 'string' || typeof state !== 'string') return undefined;
  const instanceArn =
    event.resources.find((r) => r.endsWith(`instance/${instanceId}`)) ??
    `arn:aws:ec2:${event.region}:${event.account}:instance/${instanceId}`;
  const rawReason = event.detail['state-reason'];
  const reason =
    rawReason && typeof rawReason === 'object' && typeof (rawReason as StateReason).code === 'string'
      ? {
          code: (rawReason as StateReason).code,
          ...(typeof (rawReason as StateReason).message === 'string'
            ? { message: (rawReason as StateReason).message }
            : {}),
        }
      : undefined;
  return { instanceId, instanceArn, state, ...(reason ? { reason } : {}) };
}

function isProduction(resource: KnownResource | undefined): boolean {
  if (!resource) return false;
  return Object.entries(resource.tags).some(
    ([k, v]) => k.toLowerCase() === 'environment' && PRODUCTION.has(v.trim().toLowerCase()),
  );
}

function stopSeverity(reason: StateReason | undefined, resource: KnownResource | undefined): Severity {
  if (!reason) return isProduction(resource) ? 'critical' : 'high';
  if (reason.code.startsWith('Server.') || reason.code === 'Client.InstanceInitiatedShutdown')
    return 'critical';
  return 'high';
}

function stopTitle(reason: StateReason | undefined): string {
  if (!reason) return 'Instance stopped without a HostMaster request';
  if (reason.code === 'Client.UserInitiatedShutdown') return 'Instance stopped outside HostMaster';
  if (reason.code === 'Client.InstanceInitiatedShutdown') return 'Instance shut itself down';
  return `Instance stopped unexpectedly (${reason.code})`;
}

export function signalsForInstanceStateChange(
  event: EventBridgeEvent,
  change: InstanceStateChange,
  resource: KnownResource | undefined,
  expected: ExpectedChange | undefined,
): AlertSignal[] {
  const dedupeKey = instanceDedupeKey(change.instanceArn);
  const at = event.time;
  if (change.state === 'running') {
    return [{ kind: 'clear', dedupeKey, at, reason: 'instance running again' }];
  }
  if (explains(expected, change.state, at)) {
    return change.state === 'terminated'
      ? [{ kind: 'clear', dedupeKey, at, reason: `terminated as requested by ${expected?.requestedBy}` }]
      : [];
  }
  const base = {
    kind: 'raise' as const,
    dedupeKey,
    source: 'event' as const,
    resource: { id: change.instanceArn, name: resource?.name ?? change.instanceId, type: 'ec2:instance' },
    accountId: event.account,
    region: event.region,
    at,
    ...(change.reason ? { detail: change.reason.message ?? change.reason.code } : {}),
  };
  switch (change.state) {
    case 'stopping':
    case 'stopped':
      return [{ ...base, severity: stopSeverity(change.reason, resource), title: stopTitle(change.reason) }];
    case 'shutting-down':
    case 'terminated':
      return [{ ...base, severity: 'critical', title: 'Instance terminated without a HostMaster request' }];
    default:
      return [];
  }
}
