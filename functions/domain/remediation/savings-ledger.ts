/**
 * The realized savings ledger (issue 11): every fix that succeeded with an expected saving gets an
 * entry, and later scans check that the change still holds. What it realized is counted only over
 * time HostMaster *observed* the change in effect: from the act to the last collection that confirmed
 * it. Days after the last confirmation are not counted until a later collection confirms them, so a
 * change reverted between two scans, or undone before any scan, never inflates the figure.
 *
 * Beside the estimate, where cost data exists, the account's spend on the resource's Cost Explorer
 * service before and after the act: an account-level observation that other changes confound, shown
 * as such and never summed into the realized figure.
 */
import { z } from 'zod';
import type { AccountServiceCost } from '../cost/cost-record';
import { addDays, daysBetween, utcDay } from '../cost/dates';
import { AccountIdSchema, RegionSchema } from '../model';
import { HOURS_PER_MONTH } from '../pricing';
import type { Remediation, RemediationItem } from './remediation';

const isoDate = z.iso.datetime({ offset: true });
const MS_PER_HOUR = 3_600_000;
/** Days in the average month AWS pricing uses (730 h / 24). */
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
/** Days of spend compared on each side of the act (the acting day itself is billed partly both ways). */
export const COST_WINDOW_DAYS = 7;

export const LedgerStatusSchema = z.enum([
  /** Every collection since the act found the change in effect. */
  'holding',
  /** A collection found it no longer in effect (the resource back, running again, changed back). */
  'reverted',
  /** HostMaster undid it on request. */
  'undone',
  /**
   * The resource of a change that needs it (a stopped instance, a gp3 volume) no longer exists: not a
   * revert, but what it saves from then on belongs to whatever removed it.
   */
  'gone',
]);
export type LedgerStatus = z.infer<typeof LedgerStatusSchema>;

/** The account's average daily spend on one service before and after the act, over closed days held. */
export const CostCrossCheckSchema = z.object({
  service: z.string().min(1),
  /** Days compared before the act (days held in the cost store; a held day without spend is $0). */
  beforeDays: z.number().int().positive(),
  afterDays: z.number().int().positive(),
  beforeDailyUsd: z.number(),
  afterDailyUsd: z.number(),
  /** (before − after) × days a month: positive when the account spends less on the service. */
  observedMonthlyDeltaUsd: z.number(),
});
export type CostCrossCheck = z.infer<typeof CostCrossCheckSchema>;

export const SavingsLedgerEntrySchema = z.object({
  remediationId: z.string().min(1),
  itemId: z.string().min(1),
  actionId: z.string().min(1),
  ruleId: z.string().min(1),
  resourceId: z.string().min(1),
  resourceType: z.string().min(1),
  resourceName: z.string().optional(),
  accountId: AccountIdSchema,
  region: RegionSchema,
  /** When the change was made (the act step). */
  actedAt: isoDate,
  expectedMonthlyUsd: z.number().positive(),
  /** What "still holds" means for the action, for a person (the action's verification). */
  holds: z.string().min(1),
  /** The Cost Explorer service the resource's spend appears under, when known. */
  costService: z.string().min(1).optional(),
  status: LedgerStatusSchema,
  /** The latest observation that found the change in effect (first: the verify step). */
  lastConfirmedAt: isoDate,
  /** When it was first seen reverted, or undone. */
  endedAt: isoDate.optional(),
  /** Why it ended, for a person. */
  endDetail: z.string().optional(),
  cost: CostCrossCheckSchema.optional(),
  updatedAt: isoDate,
});
export type SavingsLedgerEntry = z.infer<typeof SavingsLedgerEntrySchema>;

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The item as the verify step left it, and its request: what a ledger entry is made of. */
export interface LedgerSource {
  readonly remediation: Pick<Remediation, 'kind' | 'actionId'>;
  readonly item: RemediationItem;
  /** The action's verification sentence: what "still holds" means. */
  readonly holds: string;
  readonly costService?: string;
}

/**
 * The entry a verified fix opens, confirmed at `verifiedAt`; undefined for an undo, an item without
 * an expected saving, or one whose act step did not succeed.
 */
export function ledgerEntryFor(source: LedgerSource, verifiedAt: Date): SavingsLedgerEntry | undefined {
  const { remediation, item } = source;
  const expected = item.expectedMonthlySavingsUsd;
  if (remediation.kind !== 'fix' || expected === undefined || expected <= 0) return undefined;
  const acted = [...item.steps].reverse().find((step) => step.name === 'act' && step.status === 'succeeded');
  if (!acted) return undefined;
  const at = verifiedAt.toISOString();
  return SavingsLedgerEntrySchema.parse({
    remediationId: item.remediationId,
    itemId: item.itemId,
    actionId: remediation.actionId,
    ruleId: item.ruleId,
    resourceId: item.resourceId,
    resourceType: item.resourceType,
    ...(item.resourceName ? { resourceName: item.resourceName } : {}),
    accountId: item.accountId,
    region: item.region,
    actedAt: acted.at,
    expectedMonthlyUsd: expected,
    holds: source.holds,
    ...(source.costService ? { costService: source.costService } : {}),
    status: 'holding',
    lastConfirmedAt: at,
    updatedAt: at,
  });
}

/** Hours the change was observed in effect: act to last confirmation, never past `now`, never negative. */
export function heldHours(entry: Pick<SavingsLedgerEntry, 'actedAt' | 'lastConfirmedAt'>, now: Date): number {
  const to = Math.min(Date.parse(entry.lastConfirmedAt), now.getTime());
  return Math.max(0, to - Date.parse(entry.actedAt)) / MS_PER_HOUR;
}

/** The estimate prorated over the observed hours: expected monthly ÷ hours a month × hours held. */
export function realizedUsd(entry: SavingsLedgerEntry, now: Date): number {
  return (entry.expectedMonthlyUsd * heldHours(entry, now)) / HOURS_PER_MONTH;
}

/**
 * What the estimate promised over the same period the ledger tracked the change: from the act until
 * `now`, or until it ended (a reverted or undone change promises nothing after it ended).
 */
export function estimatedToDateUsd(entry: SavingsLedgerEntry, now: Date): number {
  const end = Math.min(now.getTime(), entry.endedAt ? Date.parse(entry.endedAt) : now.getTime());
  const hours = Math.max(0, end - Date.parse(entry.actedAt)) / MS_PER_HOUR;
  return (entry.expectedMonthlyUsd * hours) / HOURS_PER_MONTH;
}

/** One collection's view of an entry's resource, after the act. */
export interface LedgerObservation {
  /** When the resource's type was last collected successfully in its account and region. */
  readonly collectedAt: string | undefined;
  /** The action's verdict on the resource as that collection stored it: `true` when the change holds. */
  readonly verdict: true | string;
  /** Whether this analysis raised the entry's rule on the resource again. */
  readonly findingRaised: boolean;
  /** Whether that collection still found the resource. */
  readonly present: boolean;
}

/**
 * The entry after one observation. Only a collection that started after the last confirmation says
 * anything new (an older one may have described the resource before the change); an ended entry never
 * changes again. Returns the entry itself when nothing changed, so callers write only what did.
 */
export function checkEntry(
  entry: SavingsLedgerEntry,
  observation: LedgerObservation,
  now: Date,
): SavingsLedgerEntry {
  const at = observation.collectedAt;
  if (entry.status !== 'holding' || at === undefined || Date.parse(at) <= Date.parse(entry.lastConfirmedAt))
    return entry;
  const updatedAt = now.toISOString();
  if (observation.verdict !== true)
    return {
      ...entry,
      status: observation.present ? 'reverted' : 'gone',
      endedAt: at,
      endDetail: observation.verdict,
      updatedAt,
    };
  if (observation.findingRaised)
    return {
      ...entry,
      status: 'reverted',
      endedAt: at,
      endDetail: `the ${entry.ruleId} finding is raised again`,
      updatedAt,
    };
  return { ...entry, lastConfirmedAt: at, updatedAt };
}

/** The entry once HostMaster undid its change; what was confirmed before the undo stays realized. */
export function undoEntry(entry: SavingsLedgerEntry, undoneBy: string, at: Date): SavingsLedgerEntry {
  if (entry.status !== 'holding') return entry;
  const iso = at.toISOString();
  return { ...entry, status: 'undone', endedAt: iso, endDetail: `undone by ${undoneBy}`, updatedAt: iso };
}

/** The closed days compared on each side of the act, clipped to days that have closed by `now`. */
export function costWindow(
  actedAt: string,
  now: Date,
): { readonly before: { from: string; to: string }; readonly after?: { from: string; to: string } } {
  const day = utcDay(new Date(actedAt));
  const lastClosed = addDays(utcDay(now), -1);
  const afterFrom = addDays(day, 1);
  const afterTo = addDays(day, COST_WINDOW_DAYS);
  return {
    before: { from: addDays(day, -COST_WINDOW_DAYS), to: addDays(day, -1) },
    ...(afterFrom <= lastClosed
      ? { after: { from: afterFrom, to: afterTo < lastClosed ? afterTo : lastClosed } }
      : {}),
  };
}

/**
 * Whether the cross-check is still worth computing: until `COST_WINDOW_DAYS` after its after-window
 * closed, since Cost Explorer's closed days arrive a day or two late. After that it stays as it was
 * last computed (or absent), so an entry never makes every later analysis read old spend.
 */
export function costWindowOpen(actedAt: string, now: Date): boolean {
  const afterTo = addDays(utcDay(new Date(actedAt)), COST_WINDOW_DAYS);
  return daysBetween(afterTo, addDays(utcDay(now), -1)) < COST_WINDOW_DAYS;
}

/**
 * The account's average daily spend on `service` before and after the act, from the account-service
 * records and the days the store holds; undefined when either side has no day held.
 */
export function costCrossCheck(
  entry: Pick<SavingsLedgerEntry, 'accountId' | 'actedAt'>,
  service: string,
  records: readonly AccountServiceCost[],
  heldDays: ReadonlySet<string>,
  now: Date,
): CostCrossCheck | undefined {
  const window = costWindow(entry.actedAt, now);
  if (!window.after) return undefined;
  const side = (range: { from: string; to: string }) => {
    let days = 0;
    for (let day = range.from; day <= range.to; day = addDays(day, 1)) if (heldDays.has(day)) days++;
    let usd = 0;
    for (const record of records) {
      if (record.accountId !== entry.accountId || record.service !== service) continue;
      if (record.date >= range.from && record.date <= range.to && heldDays.has(record.date))
        usd += record.unblendedUsd;
    }
    return { days, daily: days > 0 ? usd / days : 0 };
  };
  const before = side(window.before);
  const after = side(window.after);
  if (before.days === 0 || after.days === 0) return undefined;
  return {
    service,
    beforeDays: before.days,
    afterDays: after.days,
    beforeDailyUsd: round2(before.daily),
    afterDailyUsd: round2(after.daily),
    observedMonthlyDeltaUsd: round2((before.daily - after.daily) * DAYS_PER_MONTH),
  };
}

export interface LedgerActionTotals {
  readonly actionId: string;
  readonly entries: number;
  readonly holding: number;
  readonly realizedUsd: number;
  readonly estimatedToDateUsd: number;
  /** Expected monthly saving of the entries still holding. */
  readonly holdingMonthlyUsd: number;
}

export interface LedgerTotals {
  readonly entries: number;
  readonly holding: number;
  readonly reverted: number;
  readonly undone: number;
  readonly gone: number;
  /** Observed in effect, prorated from the estimates. */
  readonly realizedUsd: number;
  /** What the estimates promised since each act, had every change held. */
  readonly estimatedToDateUsd: number;
  /** Expected monthly saving of the changes still holding: the run rate going forward. */
  readonly holdingMonthlyUsd: number;
  readonly byAction: readonly LedgerActionTotals[];
}

/** Totals over every entry, and per action (largest realized first). */
export function ledgerTotals(entries: readonly SavingsLedgerEntry[], now: Date): LedgerTotals {
  const byAction = new Map<
    string,
    { entries: number; holding: number; realized: number; promised: number; monthly: number }
  >();
  const all = {
    entries: 0,
    holding: 0,
    reverted: 0,
    undone: 0,
    gone: 0,
    realized: 0,
    promised: 0,
    monthly: 0,
  };
  for (const entry of entries) {
    const realized = realizedUsd(entry, now);
    const promised = estimatedToDateUsd(entry, now);
    const monthly = entry.status === 'holding' ? entry.expectedMonthlyUsd : 0;
    const action = byAction.get(entry.actionId) ?? {
      entries: 0,
      holding: 0,
      realized: 0,
      promised: 0,
      monthly: 0,
    };
    for (const totals of [all, action]) {
      totals.entries++;
      if (entry.status === 'holding') totals.holding++;
      totals.realized += realized;
      totals.promised += promised;
      totals.monthly += monthly;
    }
    if (entry.status === 'reverted') all.reverted++;
    if (entry.status === 'undone') all.undone++;
    if (entry.status === 'gone') all.gone++;
    byAction.set(entry.actionId, action);
  }
  return {
    entries: all.entries,
    holding: all.holding,
    reverted: all.reverted,
    undone: all.undone,
    gone: all.gone,
    realizedUsd: round2(all.realized),
    estimatedToDateUsd: round2(all.promised),
    holdingMonthlyUsd: round2(all.monthly),
    byAction: [...byAction]
      .map(([actionId, t]) => ({
        actionId,
        entries: t.entries,
        holding: t.holding,
        realizedUsd: round2(t.realized),
        estimatedToDateUsd: round2(t.promised),
        holdingMonthlyUsd: round2(t.monthly),
      }))
      .sort((a, b) => b.realizedUsd - a.realizedUsd || a.actionId.localeCompare(b.actionId)),
  };
}
