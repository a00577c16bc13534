/**
 * `RDS DB Instance Event` → alert signals, by RDS event id (see "Amazon RDS event categories and
 * event messages"). Events not listed here (backups, configuration changes, notifications) are not
 * alerts.
 */
import type { AlertSignal } from '../alerts/alert';
import type { Severity } from '../model';
import type { EventBridgeEvent, KnownResource } from './event';

export const RDS_INSTANCE_EVENT = 'RDS DB Instance Event';

type Effect =
  | {
      readonly kind: 'raise';
      readonly condition: string;
      readonly severity: Severity;
      readonly title: string;
    }
  | { readonly kind: 'clear'; readonly condition: string };

/** What each RDS event id does to which condition of the instance. */
export const RDS_EVENT_EFFECTS: Readonly<Record<string, Effect>> = {
  'RDS-EVENT-0004': {
    kind: 'raise',
    condition: 'availability',
    severity: 'high',
    title: 'Database instance shut down',
  },
  'RDS-EVENT-0006': { kind: 'clear', condition: 'availability' },
  'RDS-EVENT-0022': {
    kind: 'raise',
    condition: 'availability',
    severity: 'critical',
    title: 'Database failed to restart',
  },
  'RDS-EVENT-0031': {
    kind: 'raise',
    condition: 'availability',
    severity: 'critical',
    title: 'Database instance failed',
  },
  'RDS-EVENT-0221': {
    kind: 'raise',
    condition: 'availability',
    severity: 'critical',
    title: 'Database instance unavailable (storage full)',
  },
  'RDS-EVENT-0013': {
    kind: 'raise',
    condition: 'failover',
    severity: 'medium',
    title: 'Database Multi-AZ failover started',
  },
  'RDS-EVENT-0015': { kind: 'clear', condition: 'failover' },
  'RDS-EVENT-0049': { kind: 'clear', condition: 'failover' },
  'RDS-EVENT-0007': {
    kind: 'raise',
    condition: 'storage',
    severity: 'critical',
    title: 'Database storage exhausted',
  },
  'RDS-EVENT-0089': {
    kind: 'raise',
    condition: 'storage',
    severity: 'high',
    title: 'Database storage over 90% used',
  },
};

export const rdsDedupeKey = (condition: string, dbArn: string) => `rds-${condition}|${dbArn}`;

export function signalsForRdsEvent(
  event: EventBridgeEvent,
  resource: KnownResource | undefined,
): AlertSignal[] {
  if (event['detail-type'] !== RDS_INSTANCE_EVENT) return [];
  const eventId = event.detail.EventID;
  const sourceArn = event.detail.SourceArn ?? event.resources[0];
  if (typeof eventId !== 'string' || typeof sourceArn !== 'string') return [];
  const effect = RDS_EVENT_EFFECTS[eventId];
  if (!effect) return [];
  const dedupeKey = rdsDedupeKey(effect.condition, sourceArn);
  if (effect.kind === 'clear') {
    return [{ kind: 'clear', dedupeKey, at: event.time, reason: `${eventId} received` }];
  }
  const identifier =
    typeof event.detail.SourceIdentifier === 'string' ? event.detail.SourceIdentifier : undefined;
  const message = typeof event.detail.Message === 'string' ? event.detail.Message : undefined;
  return [
    {
      kind: 'raise',
      dedupeKey,
      source: 'event',
      severity: effect.severity,
      title: effect.title,
      detail: message ? `${eventId}: ${message}` : eventId,
      resource: { id: sourceArn, name: resource?.name ?? identifier ?? sourceArn, type: 'rds:db-instance' },
      accountId: event.account,
      region: event.region,
      at: event.time,
    },
  ];
}
