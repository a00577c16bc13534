/**
 * The remediation workflow's steps, one function each, as the state machine calls them (through
 * functions/handlers/remediation-step.ts). Each step records itself on the item and in the audit log
 * before it returns or throws, so the history shows exactly what was done and what was not.
 */
import { buildInventory } from '../../domain/inventory';
import type { Resource, ResourceData } from '../../domain/model';
import type { RemediationAction } from '../../domain/remediation/action';
import { BACKUP_POLL, backupPollSeconds, formatSeconds } from '../../domain/remediation/backup-wait';
import { preflightReads } from '../../domain/remediation/impact';
import { countItems, describeOutcome, finalStatus, runOrder } from '../../domain/remediation/lifecycle';
import type { ResourceTarget } from '../../domain/remediation/ports';
import { runPreflight } from '../../domain/remediation/preflight';
import { actionById } from '../../domain/remediation/registry';
import type { ApiCall, Remediation, RemediationItem, Step } from '../../domain/remediation/remediation';
import { ALL_RULES } from '../../domain/rules';
import { DEFAULT_RULE_SETTINGS } from '../../domain/rules/rule';
import { NO_UTILIZATION } from '../../domain/utilization';
import { REMEDIATION_TAG } from '../../shared/contract/remediation';
import type { RemediationStepDependencies } from './dependencies';
import {
  RemediationBackupFailedError,
  RemediationCallFailedError,
  RemediationStateError,
  RemediationVerifyFailedError,
} from './errors';
import { relatedInventory } from './inventory';
import { closeUndoneLedgerEntry, openLedgerEntry } from './savings-ledger';

export interface ItemRef {
  readonly remediationId: string;
  readonly itemId: string;
}

export interface ItemResult {
  readonly itemId: string;
  readonly status: RemediationItem['status'];
}

type Deps = RemediationStepDependencies;

async function load(deps: Deps, ref: ItemRef) {
  const remediation = await deps.store.get(ref.remediationId);
  const item = await deps.store.item(ref.remediationId, ref.itemId);
  if (!remediation || !item) throw new RemediationStateError(`no item ${ref.remediationId}/${ref.itemId}`);
  const action = actionById(remediation.actionId);
  if (!action) throw new RemediationStateError(`unknown action ${remediation.actionId}`);
  return { remediation, item, action };
}

/** Appends a step to the item, writes it, and audits the step. */
async function record(
  deps: Deps,
  remediation: Remediation,
  item: RemediationItem,
  step: Omit<Step, 'at'>,
  changes: Partial<RemediationItem> = {},
): Promise<RemediationItem> {
  const at = deps.now().toISOString();
  const next: RemediationItem = {
    ...item,
    ...changes,
    steps: [...item.steps, { ...step, at }],
    updatedAt: at,
  };
  await deps.store.audit({
    at,
    actor: 'hostmaster-remediation',
    action: `remediation.${step.name}.${step.status}`,
    target: `remediation/${remediation.id}/${item.itemId}`,
    reason: step.detail,
    detail: {
      resourceId: item.resourceId,
      ...(step.calls ? { calls: step.calls } : {}),
      ...(step.checks ? { checks: step.checks } : {}),
      ...(changes.backup ? { backup: changes.backup } : {}),
    },
  });
  await deps.store.putItem(next);
  return next;
}

const describeCall = (call: ApiCall) => `${call.service}:${call.action}`;

/** Pre-flight on the live resource, re-plan from it, then send every call once with `DryRun`. */
export async function checkItem(deps: Deps, ref: ItemRef): Promise<ItemResult> {
  const { remediation, action } = await load(deps, ref);
  let { item } = await load(deps, ref);
  if (item.status !== 'pending') return { itemId: item.itemId, status: item.status };

  if (remediation.kind === 'fix') {
    const live = await deps.executor.describe(targetOf(item));
    const inventory = await relatedInventory(deps.resources, targetOf(item));
    const liveResource = live ? asResource(live, deps.now()) : undefined;
    const facts = liveResource
      ? await deps.executor.inspect(item.accountId, item.region, preflightReads(action, liveResource))
      : {};
    const preflight = runPreflight(action, liveResource, {
      inventory,
      facts,
      optedInAccounts: deps.optedInAccounts,
    });
    if (!preflight.passed || !live) {
      const failed = preflight.checks.filter((check) => !check.passed).map((check) => check.detail);
      item = await record(
        deps,
        remediation,
        item,
        {
          name: 'preflight',
          status: 'failed',
          detail: `refused: ${failed.join('; ')}`,
          checks: [...preflight.checks],
        },
        { status: 'refused', error: `pre-flight: ${failed.join('; ')}` },
      );
      return { itemId: item.itemId, status: item.status };
    }
    const plan = action.plan(live as never, { remediationId: remediation.id, ruleId: item.ruleId });
    item = await record(
      deps,
      remediation,
      item,
      { name: 'preflight', status: 'succeeded', detail: plan.summary, checks: [...preflight.checks] },
      { before: live, backupCalls: [...plan.backup], actCalls: [...plan.act] },
    );
  } else {
    item = await record(deps, remediation, item, {
      name: 'preflight',
      status: 'succeeded',
      detail: `undo of item ${item.backup?.undoOfItem ?? '?'} of ${remediation.undoOf}: ${item.actCalls.map(describeCall).join(', ')}`,
    });
  }

  const calls = [...item.backupCalls, ...item.actCalls];
  const refusals: string[] = [];
  for (const call of calls.filter((c) => c.dryRunnable)) {
    const outcome = await deps.executor.call(item.accountId, item.region, call, { dryRun: true });
    if (!outcome.ok) refusals.push(`${describeCall(call)}: ${outcome.code}: ${outcome.message}`);
  }
  const notDryRunnable = calls.filter((c) => !c.dryRunnable).map(describeCall);
  if (refusals.length > 0) {
    item = await record(
      deps,
      remediation,
      item,
      { name: 'dry-run', status: 'failed', detail: `refused: ${refusals.join('; ')}`, calls },
      { status: 'refused', error: `dry-run: ${refusals.join('; ')}` },
    );
  } else {
    item = await record(
      deps,
      remediation,
      item,
      {
        name: 'dry-run',
        status: 'succeeded',
        detail:
          `${calls.length - notDryRunnable.length} call(s) would succeed (DryRun)` +
          (notDryRunnable.length > 0
            ? `; ${notDryRunnable.join(', ')} have no DryRun and were not sent`
            : ''),
        calls,
      },
      { status: 'ready' },
    );
  }
  return { itemId: item.itemId, status: item.status };
}

export interface DecideResult {
  readonly anyRunnable: boolean;
  readonly needsApproval: boolean;
  readonly runnable: readonly string[];
}

/** After every item's check: which may run, and whether a person must approve first. */
export async function decideApproval(
  deps: Deps,
  input: { readonly remediationId: string; readonly approvalTimeoutSeconds: number },
): Promise<DecideResult> {
  const remediation = await deps.store.get(input.remediationId);
  if (!remediation) throw new RemediationStateError(`no remediation ${input.remediationId}`);
  const items = await deps.store.items(remediation.id);
  const runnable = runOrder(items.filter((item) => item.status === 'ready'));
  const now = deps.now();
  const needsApproval = runnable.length > 0 && remediation.approval.required;
  const next: Remediation = {
    ...remediation,
    counts: countItems(items),
    status: runnable.length === 0 ? remediation.status : needsApproval ? 'awaiting-approval' : 'running',
    approval: needsApproval
      ? {
          ...remediation.approval,
          expiresAt: new Date(now.getTime() + input.approvalTimeoutSeconds * 1000).toISOString(),
        }
      : remediation.approval,
    updatedAt: now.toISOString(),
  };
  await deps.store.update(next, ['requested']);
  return { anyRunnable: runnable.length > 0, needsApproval, runnable };
}

/** Keeps the task token the approval step waits on, and asks for a decision. */
export async function requestApproval(
  deps: Deps,
  input: { readonly remediationId: string; readonly taskToken: string },
): Promise<void> {
  const remediation = await deps.store.get(input.remediationId);
  if (!remediation) throw new RemediationStateError(`no remediation ${input.remediationId}`);
  await deps.store.putApprovalToken(remediation.id, input.taskToken);
  // Without a link (KMS unavailable) people still decide on the dashboard: the request must not fail for it.
  const link = await deps.approvalLinks
    ?.linkFor(remediation, deps.now())
    .catch((error: Error) => ({ unavailable: error.name }));
  await deps.store.audit({
    at: deps.now().toISOString(),
    actor: 'hostmaster-remediation',
    action: 'remediation.approval.requested',
    target: `remediation/${remediation.id}`,
    detail: {
      expiresAt: remediation.approval.expiresAt,
      ...(typeof link === 'object' ? { approvalLinkUnavailable: link.unavailable } : {}),
    },
  });
  await deps.notifier.notify({
    remediationId: remediation.id,
    subject: `HostMaster: approval needed for ${remediation.actionId} (${remediation.counts.items} item(s))`,
    body:
      `${remediation.requestedBy} asks to run ${remediation.actionId} on ${remediation.counts.items} resource(s): ${remediation.reason}\n` +
      `Approve or reject it on the Remediation page before ${remediation.approval.expiresAt}.` +
      (typeof link === 'string'
        ? `\n\nReview it and decide (sign-in as an operator required; the link works once):\n${link}`
        : ''),
  });
}

/** The approval timed out: the request expires and no item runs. */
export async function expireRequest(deps: Deps, input: { readonly remediationId: string }): Promise<void> {
  const remediation = await deps.store.get(input.remediationId);
  if (!remediation) throw new RemediationStateError(`no remediation ${input.remediationId}`);
  const at = deps.now().toISOString();
  const items = await skipWaiting(deps, remediation, 'the approval timed out');
  const expired: Remediation = {
    ...remediation,
    status: 'expired',
    counts: countItems(items),
    updatedAt: at,
    finishedAt: at,
    summary: `expired: nobody approved it before ${remediation.approval.expiresAt}`,
  };
  // A decision that won the race keeps its status: only a request still waiting expires.
  if (!(await deps.store.update(expired, ['awaiting-approval']))) return;
  await deps.store.audit({
    at,
    actor: 'hostmaster-remediation',
    action: 'remediation.expired',
    target: `remediation/${remediation.id}`,
  });
  await deps.notifier.notify({
    remediationId: remediation.id,
    subject: `HostMaster: remediation ${remediation.actionId} expired unapproved`,
    body: `${expired.summary}. Nothing was changed.`,
  });
}

async function skipWaiting(deps: Deps, remediation: Remediation, why: string): Promise<RemediationItem[]> {
  const items = [...(await deps.store.items(remediation.id))];
  for (const [index, item] of items.entries()) {
    if (item.status !== 'ready' && item.status !== 'pending') continue;
    items[index] = await record(
      deps,
      remediation,
      item,
      { name: 'approval', status: 'skipped', detail: `${why}: nothing was changed` },
      { status: 'skipped' },
    );
  }
  return items;
}

async function runCalls(
  deps: Deps,
  item: RemediationItem,
  calls: readonly ApiCall[],
  step: 'backup' | 'act',
): Promise<{ captured: Record<string, string>; error?: string }> {
  const captured: Record<string, string> = {};
  for (const call of calls) {
    const outcome = await deps.executor.call(item.accountId, item.region, call, { dryRun: false });
    if (!outcome.ok) {
      return {
        captured,
        error: new RemediationCallFailedError(step, describeCall(call), outcome.code, outcome.message)
          .message,
      };
    }
    for (const [key, member] of Object.entries(call.capture ?? {})) {
      const value = memberAt(outcome.output, member);
      if (typeof value === 'string') captured[key] = value;
    }
  }
  return { captured };
}

/** An output member by its dotted path (`DBSnapshot.DBSnapshotIdentifier`: RDS nests what it creates). */
function memberAt(output: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = output;
  for (const key of path.split('.')) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

/** What the backup steps tell the state machine: whether to wait, and how long before the next check. */
export interface BackupResult extends ItemResult {
  readonly pending: boolean;
  /** Seconds the state machine waits before checking again; 0 when not pending. */
  readonly waitSeconds: number;
}

/**
 * Records the facts kept for undo and sends the backup calls, without waiting for what they create:
 * a pending backup is checked by `checkBackupItem` after a Wait state, so the Lambda never idles.
 * The change itself waits until the backup is usable.
 */
export async function backupItem(deps: Deps, ref: ItemRef): Promise<BackupResult> {
  const { remediation, action } = await load(deps, ref);
  let { item } = await load(deps, ref);
  if (item.status !== 'ready')
    throw new RemediationStateError(`item ${item.itemId} is ${item.status}, not ready`);
  if (remediation.kind === 'undo') {
    item = await record(
      deps,
      remediation,
      item,
      { name: 'backup', status: 'skipped', detail: 'undo restores from the original backup' },
      { status: 'running' },
    );
    return { itemId: item.itemId, status: item.status, pending: false, waitSeconds: 0 };
  }
  const planned = item.before
    ? action.plan(item.before as never, { remediationId: remediation.id, ruleId: item.ruleId })
    : undefined;
  const recorded = { ...(planned?.record ?? {}) };
  const requestedAt = deps.now();
  const { captured, error } = await runCalls(deps, item, item.backupCalls, 'backup');
  const backup = { ...recorded, ...captured };
  if (error) {
    await record(
      deps,
      remediation,
      item,
      { name: 'backup', status: 'failed', detail: `${error}; nothing was changed`, calls: item.backupCalls },
      { status: 'running', backup },
    );
    throw new Error(error);
  }
  if (item.backupCalls.length === 0) {
    item = await completeBackup(deps, remediation, action, { ...item, backup });
    return { itemId: item.itemId, status: item.status, pending: false, waitSeconds: 0 };
  }
  // The item's one backup step is recorded once the backup is usable or has failed; the calls sent
  // and what they created are audited now, and kept on the item for the checks.
  item = {
    ...item,
    status: 'running',
    backup,
    backupRequestedAt: requestedAt.toISOString(),
    updatedAt: deps.now().toISOString(),
  };
  await deps.store.audit({
    at: item.updatedAt,
    actor: 'hostmaster-remediation',
    action: 'remediation.backup.requested',
    target: `remediation/${remediation.id}/${item.itemId}`,
    reason: describeCaptured(action, captured),
    detail: { resourceId: item.resourceId, calls: item.backupCalls, backup },
  });
  await deps.store.putItem(item);
  return { itemId: item.itemId, status: item.status, pending: true, waitSeconds: BACKUP_POLL.minSeconds };
}

/**
 * Looks once at a pending backup (the state machine waits between looks): usable, the backup step
 * succeeds and the item may act; failed (a snapshot EBS put in `error`, deleted by the executor) or
 * still pending past `backupDeadlineSeconds` since the backup calls, the item fails with nothing changed.
 */
export async function checkBackupItem(
  deps: Deps,
  input: ItemRef & { readonly backupDeadlineSeconds: number },
): Promise<BackupResult> {
  const { remediation, action } = await load(deps, input);
  let { item } = await load(deps, input);
  if (item.status !== 'running' || !item.backupRequestedAt)
    throw new RemediationStateError(`item ${item.itemId} has no backup waiting (${item.status})`);
  // A retried invocation after the step was recorded: the verdict stands.
  if (item.steps.some((step) => step.name === 'backup' && step.status === 'succeeded'))
    return { itemId: item.itemId, status: item.status, pending: false, waitSeconds: 0 };
  const backup = item.backup ?? {};
  const state = await deps.executor.checkBackup(item.accountId, item.region, backup);
  if (state.state === 'ready') {
    item = await completeBackup(deps, remediation, action, item);
    return { itemId: item.itemId, status: item.status, pending: false, waitSeconds: 0 };
  }
  const elapsed = (deps.now().getTime() - Date.parse(item.backupRequestedAt)) / 1000;
  const remaining = input.backupDeadlineSeconds - elapsed;
  if (state.state === 'pending' && remaining > 0) {
    return {
      itemId: item.itemId,
      status: item.status,
      pending: true,
      waitSeconds: backupPollSeconds(elapsed, remaining),
    };
  }
  const [reason, left] =
    state.state === 'failed'
      ? [state.reason, '']
      : [
          `backup not completed within ${formatSeconds(input.backupDeadlineSeconds)} (${state.detail}); nothing was changed`,
          `; ${backupLeftBehind(backup)}`,
        ];
  await record(deps, remediation, item, {
    name: 'backup',
    status: 'failed',
    detail: `${state.state === 'failed' ? `${reason}; nothing was changed` : reason}${left}`,
    calls: item.backupCalls,
  });
  throw new RemediationBackupFailedError(reason);
}

/** Records the backup step as done and the undo plan it makes possible. */
async function completeBackup(
  deps: Deps,
  remediation: Remediation,
  action: RemediationAction,
  item: RemediationItem,
): Promise<RemediationItem> {
  const backup = item.backup ?? {};
  const undoCalls =
    action.undo.undoable && item.before ? [...action.undo.plan(item.before as never, backup)] : undefined;
  const captured = capturedOf(item);
  return record(
    deps,
    remediation,
    item,
    {
      name: 'backup',
      status: item.backupCalls.length > 0 || Object.keys(backup).length > 0 ? 'succeeded' : 'skipped',
      detail: item.backupCalls.length > 0 ? describeCaptured(action, captured) : action.backupDescription,
      ...(item.backupCalls.length > 0 ? { calls: item.backupCalls } : {}),
    },
    { status: 'running', backup, ...(undoCalls ? { undoCalls } : {}) },
  );
}

/** The backup record's members the backup calls captured (the rest was recorded from the plan). */
function capturedOf(item: RemediationItem): Record<string, string> {
  const keys = new Set(item.backupCalls.flatMap((call) => Object.keys(call.capture ?? {})));
  return Object.fromEntries(Object.entries(item.backup ?? {}).filter(([key]) => keys.has(key)));
}

function describeCaptured(action: RemediationAction, captured: Readonly<Record<string, string>>): string {
  return `${action.backupDescription} ${Object.entries(captured)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`;
}

/** What a backup past its deadline leaves: its snapshots still finish, and the role tagged them. */
function backupLeftBehind(backup: Readonly<Record<string, string>>): string {
  const ids = [backup.snapshotId, backup.dbSnapshotId].filter(Boolean);
  const tag = `${REMEDIATION_TAG.key}=${REMEDIATION_TAG.value}`;
  return ids.length > 0
    ? `the snapshot ${ids.join(', ')} is left to finish, tagged ${tag}: delete it or keep it`
    : 'nothing was left behind';
}

/** Makes the change. A failed call stops the item there: the steps say which call, and that nothing after it ran. */
export async function actOnItem(deps: Deps, ref: ItemRef): Promise<ItemResult> {
  const { remediation } = await load(deps, ref);
  let { item } = await load(deps, ref);
  if (item.status !== 'running')
    throw new RemediationStateError(`item ${item.itemId} is ${item.status}, not running`);
  const { captured, error } = await runCalls(deps, item, item.actCalls, 'act');
  const backup = { ...item.backup, ...captured };
  if (error) {
    await record(
      deps,
      remediation,
      item,
      { name: 'act', status: 'failed', detail: error, calls: item.actCalls },
      { backup },
    );
    throw new Error(error);
  }
  item = await record(
    deps,
    remediation,
    item,
    {
      name: 'act',
      status: 'succeeded',
      detail: `${item.actCalls.map(describeCall).join(', ')} succeeded`,
      calls: item.actCalls,
    },
    { backup },
  );
  return { itemId: item.itemId, status: item.status };
}

/** Re-collects the resource and re-evaluates the finding's rule: success only when the finding is fixed. */
export async function verifyItem(deps: Deps, ref: ItemRef): Promise<ItemResult> {
  const { remediation, action } = await load(deps, ref);
  let { item } = await load(deps, ref);
  if (item.status !== 'running')
    throw new RemediationStateError(`item ${item.itemId} is ${item.status}, not running`);
  const problem =
    remediation.kind === 'fix' ? await verifyFix(deps, action, item) : await verifyUndo(deps, action, item);
  if (problem) {
    await record(deps, remediation, item, {
      name: 'verify',
      status: 'failed',
      detail: `${problem}: the run does not count as a success`,
    });
    throw new RemediationVerifyFailedError(problem);
  }
  // Before the success is recorded, so no verified fix is left without its entry.
  if (remediation.kind === 'fix') await openLedgerEntry(deps, remediation, item, action);
  item = await record(
    deps,
    remediation,
    item,
    {
      name: 'verify',
      status: 'succeeded',
      detail:
        remediation.kind === 'fix'
          ? `${action.verifyDescription} ${item.ruleId} passes on the re-collected resource.`
          : 'the change is reversed',
    },
    { status: 'succeeded' },
  );
  return { itemId: item.itemId, status: item.status };
}

async function verifyFix(
  deps: Deps,
  action: RemediationAction,
  item: RemediationItem,
): Promise<string | undefined> {
  const after = await deps.executor.describe(targetOf(item));
  const expected = action.verify(after as never, { remediationId: item.remediationId, ruleId: item.ruleId });
  if (expected !== true) return expected;
  if (!after) return undefined;
  const rule = ALL_RULES.find((candidate) => candidate.id === item.ruleId);
  if (!rule?.appliesTo.includes(after.type)) return undefined;
  const resource = asResource(after, deps.now());
  const verdict = rule.evaluate(resource, {
    now: deps.now(),
    inventory: buildInventory([resource]),
    utilization: NO_UTILIZATION,
    prices: deps.prices,
    settings: DEFAULT_RULE_SETTINGS,
  });
  return verdict.kind === 'non-compliant'
    ? `the finding is still open: ${verdict.title ?? rule.title}`
    : undefined;
}

async function verifyUndo(
  deps: Deps,
  action: RemediationAction,
  item: RemediationItem,
): Promise<string | undefined> {
  const restored = item.backup?.restoredVolumeId;
  if (restored) {
    const id = item.resourceId.replace(/[^/]+$/, restored);
    const volume = await deps.executor.describe({ ...targetOf(item), id });
    return volume ? undefined : `the restored volume ${restored} does not exist`;
  }
  const after = await deps.executor.describe(targetOf(item));
  if (!after) return 'the resource no longer exists';
  return action.verify(after as never, { remediationId: item.remediationId, ruleId: item.ruleId }) === true
    ? 'the change is still in effect'
    : undefined;
}

/** The state machine's Catch for an item: records why it failed; other items are unaffected. */
export async function recordItemFailure(
  deps: Deps,
  input: ItemRef & { readonly error?: { readonly Error?: string; readonly Cause?: string } },
): Promise<ItemResult> {
  const { remediation } = await load(deps, input);
  let { item } = await load(deps, input);
  const reason = causeOf(input.error);
  const lastFailed = [...item.steps].reverse().find((step) => step.status === 'failed');
  if (!lastFailed) {
    // The step died before it could record itself (a timeout, a crash): say so on the item.
    item = await record(deps, remediation, item, { name: 'act', status: 'failed', detail: reason });
  }
  item = { ...item, status: 'failed', error: reason, updatedAt: deps.now().toISOString() };
  await deps.store.putItem(item);
  return { itemId: item.itemId, status: item.status };
}

function causeOf(error: { readonly Error?: string; readonly Cause?: string } | undefined): string {
  if (!error) return 'unknown error';
  try {
    const cause = JSON.parse(error.Cause ?? '') as { errorMessage?: string };
    if (cause.errorMessage) return cause.errorMessage;
  } catch {
    // Not a Lambda error payload: the Cause is the message itself.
  }
  return [error.Error, error.Cause].filter(Boolean).join(': ');
}

/** Settles the request from its items, audits and notifies; an undo marks the original's items undone. */
export async function finishRequest(
  deps: Deps,
  input: { readonly remediationId: string },
): Promise<Remediation> {
  const remediation = await deps.store.get(input.remediationId);
  if (!remediation) throw new RemediationStateError(`no remediation ${input.remediationId}`);
  const at = deps.now().toISOString();
  const stopped = remediation.status === 'rejected' || remediation.status === 'expired';
  const items = stopped
    ? await skipWaiting(deps, remediation, `the request was ${remediation.status}`)
    : await deps.store.items(remediation.id);
  const counts = countItems(items);
  const status = stopped ? remediation.status : finalStatus(items);
  const finished: Remediation = {
    ...remediation,
    status,
    counts,
    updatedAt: at,
    finishedAt: at,
    summary:
      remediation.summary && stopped
        ? remediation.summary
        : withFirstFailure(describeOutcome({ status }, counts), items),
  };
  await deps.store.update(finished, [remediation.status]);
  if (remediation.kind === 'undo' && remediation.undoOf) await markUndone(deps, remediation.undoOf, items);
  await deps.store.audit({
    at,
    actor: 'hostmaster-remediation',
    action: `remediation.${status}`,
    target: `remediation/${remediation.id}`,
    reason: finished.summary,
    detail: { counts, actionId: remediation.actionId },
  });
  const failures = items.filter((item) => item.status === 'failed' || item.status === 'refused');
  await deps.notifier.notify({
    remediationId: remediation.id,
    subject: `HostMaster: ${remediation.kind === 'undo' ? 'undo of ' : ''}${remediation.actionId} ${status}`,
    body: [
      `${finished.summary}.`,
      ...failures
        .slice(0, 20)
        .map((item) => `- ${item.resourceName ?? item.resourceId}: ${item.status}: ${item.error ?? ''}`),
      ...(failures.length > 20 ? [`... and ${failures.length - 20} more`] : []),
    ].join('\n'),
  });
  return finished;
}

/** A failed request's summary says why: the first failed item's reason. */
function withFirstFailure(outcome: string, items: readonly RemediationItem[]): string {
  const failed = items.find((item) => item.status === 'failed');
  return failed?.error
    ? `${outcome} (${failed.resourceName ?? failed.resourceId}: ${failed.error})`
    : outcome;
}

async function markUndone(
  deps: Deps,
  originalId: string,
  undoItems: readonly RemediationItem[],
): Promise<void> {
  const original = await deps.store.get(originalId);
  if (!original) return;
  const undone = new Set(
    undoItems.filter((item) => item.status === 'succeeded').map((item) => item.backup?.undoOfItem),
  );
  const items = await deps.store.items(originalId);
  for (const item of items) {
    if (!undone.has(item.itemId) || item.status !== 'succeeded') continue;
    await deps.store.putItem({ ...item, status: 'undone', updatedAt: deps.now().toISOString() });
    const undo = undoItems.find((candidate) => candidate.backup?.undoOfItem === item.itemId);
    await closeUndoneLedgerEntry(deps, item, `remediation ${undo?.remediationId ?? 'undo'}`);
  }
  const after = await deps.store.items(originalId);
  const allUndone = !after.some((item) => item.status === 'succeeded');
  await deps.store.update(
    {
      ...original,
      status: allUndone ? 'undone' : original.status,
      counts: countItems(after),
      updatedAt: deps.now().toISOString(),
    },
    [original.status],
  );
}

/** The state machine's last resort: the request failed outside any item (a bug, a throttled Lambda). */
export async function recordRequestFailure(
  deps: Deps,
  input: {
    readonly remediationId: string;
    readonly error?: { readonly Error?: string; readonly Cause?: string };
  },
): Promise<void> {
  const remediation = await deps.store.get(input.remediationId);
  if (!remediation) return;
  const at = deps.now().toISOString();
  const items = await deps.store.items(remediation.id);
  const failed: Remediation = {
    ...remediation,
    status: 'failed',
    counts: countItems(items),
    updatedAt: at,
    finishedAt: at,
    summary: `failed: ${causeOf(input.error)}`,
  };
  await deps.store.update(failed, [remediation.status]);
  await deps.store.audit({
    at,
    actor: 'hostmaster-remediation',
    action: 'remediation.failed',
    target: `remediation/${remediation.id}`,
    reason: failed.summary,
  });
  await deps.notifier.notify({
    remediationId: remediation.id,
    subject: `HostMaster: remediation ${remediation.actionId} failed`,
    body: `${failed.summary}`,
  });
}

/** A described resource with the bookkeeping rules never read, so rules can evaluate it. */
function asResource(data: ResourceData, now: Date): Resource {
  const at = now.toISOString();
  return { ...data, firstSeen: at, lastSeen: at, contentHash: '' } as Resource;
}

function targetOf(item: RemediationItem): ResourceTarget {
  return { id: item.resourceId, type: item.resourceType, accountId: item.accountId, region: item.region };
}
