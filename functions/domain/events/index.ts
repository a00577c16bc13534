/**
 * Events in seconds: the hub bus delivers member accounts' events and `signalsForEvent` turns each
 * into alert signals. The caller looks up what the event needs (the resource, a recorded HostMaster
 * request) first, so this stays pure.
 */
import type { AlertSignal } from '../alerts/alert';
import type { ExpectedChange } from '../alerts/expected-change';
import { signalsForHealthEvent } from './aws-health';
import { parseInstanceStateChange, signalsForInstanceStateChange } from './ec2-state-change';
import type { EventBridgeEvent, KnownResource } from './event';
import { signalsForRdsEvent } from './rds-event';

export * from './aws-health';
export * from './ec2-state-change';
export * from './event';
export * from './rds-event';

export interface EventContext {
  /** Resources HostMaster knows, by id (ARN). */
  readonly resource: (id: string) => KnownResource | undefined;
  /** HostMaster's own recorded request for the resource, if any. */
  readonly expected: (id: string) => ExpectedChange | undefined;
}

/** The resource ids an event is about: what to look up before `signalsForEvent`. */
export function resourceIdsOf(event: EventBridgeEvent): string[] {
  const change = parseInstanceStateChange(event);
  if (change) return [change.instanceArn];
  const source = event.detail.SourceArn;
  return typeof source === 'string' ? [source, ...event.resources] : [...event.resources];
}

export function signalsForEvent(event: EventBridgeEvent, context: EventContext): AlertSignal[] {
  const change = parseInstanceStateChange(event);
  if (change) {
    return signalsForInstanceStateChange(
      event,
      change,
      context.resource(change.instanceArn),
      context.expected(change.instanceArn),
    );
  }
  const health = signalsForHealthEvent(event, context.resource);
  if (health.length > 0) return health;
  const arn = event.detail.SourceArn;
  return signalsForRdsEvent(event, typeof arn === 'string' ? context.resource(arn) : undefined);
}
