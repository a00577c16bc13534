/**
 * A state change HostMaster asked for (a remediation, an off-hours schedule), recorded just before it
 * calls AWS, so the event that follows is recognised as expected and raises nothing.
 */
import { z } from 'zod';

const isoDate = z.iso.datetime({ offset: true });

export const ExpectedChangeSchema = z.object({
  resourceId: z.string(),
  action: z.enum(['stop', 'start', 'terminate', 'reboot']),
  /** Who asked: `remediation:<id>`, `schedule:<name>`, a person's id. */
  requestedBy: z.string(),
  at: isoDate,
  /** After this time an event no longer counts as the expected one. */
  until: isoDate,
});
export type ExpectedChange = z.infer<typeof ExpectedChangeSchema>;

/** How long after the request an event still counts as its outcome (stops can take minutes). @default 30 min */
export const EXPECTED_CHANGE_WINDOW_MS = 30 * 60_000;

const STATES_OF: Readonly<Record<ExpectedChange['action'], readonly string[]>> = {
  stop: ['stopping', 'stopped'],
  start: ['pending', 'running'],
  terminate: ['shutting-down', 'terminated'],
  reboot: ['stopping', 'stopped', 'pending', 'running'],
};

export function expectChange(
  resourceId: string,
  action: ExpectedChange['action'],
  requestedBy: string,
  now: Date,
  windowMs = EXPECTED_CHANGE_WINDOW_MS,
): ExpectedChange {
  return {
    resourceId,
    action,
    requestedBy,
    at: now.toISOString(),
    until: new Date(now.getTime() + windowMs).toISOString(),
  };
}

/** Whether an instance reaching `state` at `at` is the outcome of this recorded request. */
export function explains(change: ExpectedChange | undefined, state: string, at: string): boolean {
  if (!change) return false;
  const time = Date.parse(at);
  // Events may carry a time a little before HostMaster's own clock recorded the request.
  const slackMs = 60_000;
  return (
    STATES_OF[change.action].includes(state) &&
    time >= Date.parse(change.at) - slackMs &&
    time <= Date.parse(change.until)
  );
}
