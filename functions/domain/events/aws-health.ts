/**
 * `AWS Health Event` → alert signals, one per affected resource (or one for the account when the
 * event names none). `issue` events are operational problems (high); `scheduledChange` events
 * (retirements, maintenance) are medium; `accountNotification` and `investigation` are low. A
 * `closed` status clears what the event opened.
 */
import type { AlertSignal } from '../alerts/alert';
import type { Severity } from '../model';
import type { EventBridgeEvent, KnownResource } from './event';

export const AWS_HEALTH_EVENT = 'AWS Health Event';

const SEVERITY_BY_CATEGORY: Readonly<Record<string, Severity>> = {
  issue: 'high',
  scheduledChange: 'medium',
  accountNotification: 'low',
  investigation: 'low',
};

export const healthDedupeKey = (eventArn: string, entity: string) => `health|${eventArn}|${entity}`;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function signalsForHealthEvent(
  event: EventBridgeEvent,
  lookup: (resourceId: string) => KnownResource | undefined,
): AlertSignal[] {
  if (event['detail-type'] !== AWS_HEALTH_EVENT) return [];
  const detail = event.detail;
  const eventArn = text(detail.eventArn);
  if (!eventArn) return [];
  const service = text(detail.service) ?? 'AWS';
  const typeCode = text(detail.eventTypeCode) ?? 'AWS_HEALTH_EVENT';
  const category = text(detail.eventTypeCategory) ?? 'issue';
  const status = text(detail.statusCode) ?? 'open';
  const descriptions = Array.isArray(detail.eventDescription) ? detail.eventDescription : [];
  const description = descriptions
    .map((d) =>
      d && typeof d === 'object' ? text((d as Record<string, unknown>).latestDescription) : undefined,
    )
    .find((d) => d !== undefined);
  const entities =
    event.resources.length > 0
      ? event.resources
      : [`arn:aws:health:${event.region}:${event.account}:account`];
  return entities.map((entity) => {
    const dedupeKey = healthDedupeKey(eventArn, entity);
    if (status === 'closed') {
      return { kind: 'clear', dedupeKey, at: event.time, reason: `${typeCode} closed` } as const;
    }
    const known = lookup(entity);
    return {
      kind: 'raise',
      dedupeKey,
      source: 'event',
      severity: SEVERITY_BY_CATEGORY[category] ?? 'medium',
      title: `AWS Health: ${service} ${typeCode.replaceAll('_', ' ').toLowerCase()}`,
      ...(description ? { detail: description.slice(0, 300) } : {}),
      resource: {
        id: entity,
        name: known?.name ?? entity.split(/[:/]/).at(-1) ?? entity,
        type: known?.type ?? `health:${service.toLowerCase()}`,
      },
      accountId: event.account,
      region: event.region,
      at: event.time,
    } as const;
  });
}
