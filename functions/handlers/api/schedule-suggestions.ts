import { z } from 'zod';
import { actorName } from '../../domain/identity/actor';
import type { Finding, Resource } from '../../domain/model';
import type { FindingStore, ResourceStore } from '../../domain/ports';
import { scheduleHours, weekCalendar } from '../../domain/schedules/calendar';
import { membershipOf, SCHEDULE_TAG } from '../../domain/schedules/membership';
import { REMEDIATION_OPT_IN_TAG } from '../../domain/schedules/opt-in';
import { hourlyPriceOf } from '../../domain/schedules/savings';
import { SUGGESTING_RULE, sameHours, suggestedSchedule } from '../../domain/schedules/suggestion';
import { isTimeZone } from '../../domain/schedules/zoned-time';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import { actorOf } from './caller';
import type { Operation } from './operation';
import { parseInput } from './parse';
import { prices } from './schedule-shared';

const PathSchema = z.object({
  findingId: z.string().min(1, 'is required').max(2200, 'must be at most 2200 characters'),
});
const TimeZoneSchema = z
  .string()
  .refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris')
  .optional();

async function load(
  findingId: string,
  findings: FindingStore,
  resources: ResourceStore,
): Promise<{ finding: Finding; resource: Resource }> {
  const finding = await findings.get(findingId);
  if (!finding) throw new NotFoundError('Finding', findingId);
  if (finding.ruleId !== SUGGESTING_RULE) {
    throw new ValidationError([{ parameter: 'findingId', message: `is not an ${SUGGESTING_RULE} finding` }]);
  }
  const resource = await resources.get(finding.resourceId);
  if (!resource || resource.goneAt !== undefined) throw new NotFoundError('Resource', finding.resourceId);
  return { finding, resource };
}

function preview(finding: Finding, resource: Resource, timeZone: string | undefined, now: Date) {
  const schedule = suggestedSchedule(timeZone);
  const hours = scheduleHours(schedule);
  const hourly = hourlyPriceOf(resource, prices);
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return {
    finding: {
      id: finding.id,
      title: finding.title,
      status: finding.status,
      monthlySavingsUsd: finding.monthlySavingsUsd,
    },
    resource: {
      id: resource.id,
      name: resource.name,
      type: resource.type,
      state: resource.state,
      accountId: resource.accountId,
      region: resource.region,
    },
    schedule,
    week: weekCalendar(schedule, now),
    hoursRunningPerWeek: round2(hours.hoursRunningPerWeek),
    hoursStoppedPerMonth: round2(hours.hoursStoppedPerMonth),
    hourlyUsd: hourly,
    monthlySavingsUsd: hourly === undefined ? undefined : round2(hourly * hours.hoursStoppedPerMonth),
    currentSchedule: (() => {
      const m = membershipOf(resource.tags, undefined);
      return m.kind === 'scheduled' ? m.schedule : m.kind === 'ignored' ? 'ignore' : undefined;
    })(),
    optedIn: resource.tags[REMEDIATION_OPT_IN_TAG] === 'allow',
  };
}

/**
 * `GET /schedule-suggestions/{findingId}?timeZone=`: the schedule an off-hours finding suggests, its
 * week, the hours it runs and keeps the instance stopped, and the saving at list price. Nothing is written.
 */
export const previewScheduleSuggestion: Operation<'previewScheduleSuggestion'> = async (
  request,
  { findings, resources },
) => {
  const { findingId } = parseInput(PathSchema, request.pathParameters);
  const timeZone = parseInput(z.object({ timeZone: TimeZoneSchema }), request.query).timeZone;
  const { finding, resource } = await load(findingId, findings, resources);
  return { body: preview(finding, resource, timeZone, new Date()) };
};

/**
 * `POST /schedule-suggestions/{findingId}/apply` (body `{ timeZone? }`): creates the suggested schedule
 * (or reuses the one of that name with the same hours) and assigns the finding's instance to it. Audited.
 */
export const applyScheduleSuggestion: Operation<'applyScheduleSuggestion'> = async (
  request,
  { findings, resources, schedules },
) => {
  const { findingId } = parseInput(PathSchema, request.pathParameters);
  const { timeZone } = parseInput(
    z.object({ timeZone: TimeZoneSchema }, { error: 'must be a JSON object' }),
    request.body ?? {},
  );
  const { finding, resource } = await load(findingId, findings, resources);
  if (resource.tags[SCHEDULE_TAG]?.toLowerCase() === 'ignore') {
    throw new ValidationError([
      { parameter: 'findingId', message: `the instance opted out with ${SCHEDULE_TAG}=ignore` },
    ]);
  }
  const actor = actorOf(request.caller);
  const by = actorName(actor);
  const now = new Date();
  const at = now.toISOString();
  const schedule = { ...suggestedSchedule(timeZone, by), updatedAt: at };
  const existing = await schedules.store.getSchedule(schedule.name);
  if (existing && !sameHours(existing, schedule)) {
    throw new ConflictError(
      `A schedule named ${schedule.name} exists with other hours: assign the instance to it from the Schedules page`,
    );
  }
  if (!existing)
    await schedules.store.putSchedule(schedule, { actor, at, reason: `suggested by finding ${finding.id}` });
  const assignment = { resourceId: resource.id, schedule: schedule.name, by, at };
  await schedules.store.putAssignment(assignment, {
    actor,
    at,
    reason: `suggested by finding ${finding.id}`,
  });
  return {
    statusCode: 201,
    body: {
      ...preview(finding, resource, timeZone, now),
      schedule: existing ?? schedule,
      assignment,
      created: !existing,
    },
  };
};
