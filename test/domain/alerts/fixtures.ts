/** Plain inputs for alert lifecycle tests. */
import type { RaiseSignal } from '../../../functions/domain/alerts/alert';
import { type AlertPolicy, DEFAULT_ALERT_POLICY } from '../../../functions/domain/alerts/policy';

export const T0 = new Date('2026-11-23T12:00:00.000Z');
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
export const INSTANCE_ARN = 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc123def4567890';

export const POLICY: AlertPolicy = {
  ...DEFAULT_ALERT_POLICY,
  dashboardUrl: 'https://hostmaster.example.com',
};

export function crash(overrides: Partial<RaiseSignal> = {}): RaiseSignal {
  return {
    kind: 'raise',
    dedupeKey: `ec2-state|${INSTANCE_ARN}`,
    source: 'event',
    severity: 'critical',
    title: 'Instance stopped unexpectedly (Server.InternalError)',
    detail: 'Server.InternalError: Internal error',
    resource: { id: INSTANCE_ARN, name: 'web-1', type: 'ec2:instance' },
    accountId: '111111111111',
    region: 'eu-west-1',
    at: T0.toISOString(),
    ...overrides,
  };
}
