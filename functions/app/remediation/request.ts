/**
 * Previewing and requesting remediations: from findings to a request whose items carry the exact
 * calls planned for each resource. Nothing here calls AWS; the workflow's steps do.
 */
import type { Finding, Resource } from '../../domain/model';
import type { RemediationAction } from '../../domain/remediation/action';
import { countItems, runOrder } from '../../domain/remediation/lifecycle';
import { runPreflight } from '../../domain/remediation/preflight';
import { actionById, actionsForRule } from '../../domain/remediation/registry';
import { FINAL_STATUSES, type Remediation, type RemediationItem } from '../../domain/remediation/remediation';
import type { ActionSummary, FixPreview } from '../../shared/contract/remediation-api';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import { mapBounded } from '../../shared/map-bounded';
import type { RemediationApiDependencies } from './dependencies';
import { ActionNotAllowedError } from './errors';
import { relatedInventory } from './inventory';

export function summarizeAction(action: RemediationAction, allowed: boolean): ActionSummary {
  return {
    id: action.id,
    title: action.title,
    fixes: action.fixes,
    resourceType: action.resourceType,
    destructive: action.destructive,
    backup: action.backupDescription,
    verify: action.verifyDescription,
    undo: action.undo.undoable ? action.undo.description : `Not undoable: ${action.undo.why}`,
    undoable: action.undo.undoable,
    allowed,
  };
}

export function isAllowed(
  dependencies: Pick<RemediationApiDependencies, 'settings'>,
  actionId: string,
): boolean {
  const allowed = dependencies.settings.allowedActions;
  return allowed === undefined || allowed.includes(actionId);
}

/** Findings resolved at once while a request is created. */
const RESOLVE_CONCURRENCY = 16;

/** The finding, its resource and the action that fixes it, or the 4xx that says why not. */
async function resolve(
  dependencies: RemediationApiDependencies,
  findingId: string,
  actionId: string | undefined,
): Promise<{ finding: Finding; resource: Resource; action: RemediationAction }> {
  const finding = await dependencies.findings.get(findingId);
  if (!finding) throw new NotFoundError('finding', findingId);
  if (finding.status !== 'open') {
    throw new ConflictError(`finding ${findingId} is ${finding.status}: only open findings are remediated`);
  }
  const action = actionId === undefined ? actionsForRule(finding.ruleId)[0] : actionById(actionId);
  if (!action) {
    throw new ValidationError([
      actionId === undefined
        ? { parameter: 'findingId', message: `no remediation action fixes ${finding.ruleId}` }
        : { parameter: 'actionId', message: `is not a remediation action` },
    ]);
  }
  if (!action.fixes.includes(finding.ruleId)) {
    throw new ValidationError([
      { parameter: 'actionId', message: `${action.id} does not fix ${finding.ruleId}` },
    ]);
  }
  const resource = await dependencies.resources.get(finding.resourceId);
  if (!resource || resource.goneAt !== undefined) throw new NotFoundError('resource', finding.resourceId);
  if (resource.type !== action.resourceType) {
    throw new ValidationError([
      { parameter: 'actionId', message: `${action.id} acts on ${action.resourceType}` },
    ]);
  }
  return { finding, resource, action };
}

export async function previewFix(
  dependencies: RemediationApiDependencies,
  findingId: string,
  actionId?: string,
): Promise<FixPreview> {
  const { finding, resource, action } = await resolve(dependencies, findingId, actionId);
  const plan = action.plan(resource, { remediationId: 'preview', ruleId: finding.ruleId });
  const inventory = await relatedInventory(dependencies.resources, resource);
  return {
    finding,
    action: summarizeAction(action, isAllowed(dependencies, action.id)),
    resource: {
      id: resource.id,
      name: resource.name,
      type: resource.type,
      accountId: resource.accountId,
      region: resource.region,
      state: resource.state,
      tags: resource.tags,
    },
    summary: plan.summary,
    backupCalls: [...plan.backup],
    actCalls: [...plan.act],
    preflight: runPreflight(action, resource, {
      inventory,
      ...(dependencies.optedInAccounts ? { optedInAccounts: dependencies.optedInAccounts } : {}),
    }),
    ...(finding.monthlySavingsUsd === undefined
      ? {}
      : { expectedMonthlySavingsUsd: finding.monthlySavingsUsd }),
  };
}

export interface RemediationRequestInput {
  readonly findingIds: readonly string[];
  readonly actionId?: string;
  readonly reason: string;
  readonly requestedBy: string;
}

/** Creates the request and its items (one per finding) and starts the workflow. */
export async function requestRemediation(
  dependencies: RemediationApiDependencies,
  input: RemediationRequestInput,
): Promise<Remediation> {
  const { settings } = dependencies;
  const unique = [...new Set(input.findingIds)];
  if (unique.length === 0)
    throw new ValidationError([{ parameter: 'findingIds', message: 'must not be empty' }]);
  if (unique.length > settings.maxItems) {
    throw new ValidationError([
      { parameter: 'findingIds', message: `at most ${settings.maxItems} findings a request` },
    ]);
  }
  // Two keyed reads a finding, a bounded number in flight: a 1,000-item request stays well inside
  // API Gateway's 29 seconds.
  const resolved = await mapBounded(unique, RESOLVE_CONCURRENCY, (findingId) =>
    resolve(dependencies, findingId, input.actionId),
  );
  const actionIds = new Set(resolved.map((r) => r.action.id));
  if (actionIds.size > 1) {
    throw new ValidationError([
      { parameter: 'findingIds', message: `one action a request; these need ${[...actionIds].join(', ')}` },
    ]);
  }
  const action = resolved[0]!.action;
  if (!isAllowed(dependencies, action.id)) throw new ActionNotAllowedError(action.id);

  const now = dependencies.now().toISOString();
  const id = dependencies.newId();
  const items: RemediationItem[] = resolved.map(({ finding, resource }, index) => {
    const plan = action.plan(resource, { remediationId: id, ruleId: finding.ruleId });
    return {
      remediationId: id,
      itemId: String(index),
      findingId: finding.id,
      ruleId: finding.ruleId,
      resourceId: resource.id,
      resourceType: resource.type,
      resourceName: resource.name,
      accountId: resource.accountId,
      region: resource.region,
      status: 'pending',
      backupCalls: [...plan.backup],
      actCalls: [...plan.act],
      ...(finding.monthlySavingsUsd === undefined
        ? {}
        : { expectedMonthlySavingsUsd: finding.monthlySavingsUsd }),
      steps: [
        {
          name: 'request',
          status: 'succeeded',
          at: now,
          detail: `requested by ${input.requestedBy}: ${plan.summary}`,
        },
      ],
      updatedAt: now,
    };
  });
  const remediation: Remediation = {
    id,
    actionId: action.id,
    kind: 'fix',
    status: 'requested',
    destructive: action.destructive,
    requestedBy: input.requestedBy,
    requestedAt: now,
    reason: input.reason,
    approval: { required: action.destructive },
    counts: countItems(items),
    expectedMonthlySavingsUsd: round2(
      items.reduce((sum, item) => sum + (item.expectedMonthlySavingsUsd ?? 0), 0),
    ),
    updatedAt: now,
  };
  await start(dependencies, remediation, items);
  return remediation;
}

/** Undo is its own request: it reverses every succeeded, undoable item of `remediationId`. */
export async function requestUndo(
  dependencies: RemediationApiDependencies,
  input: { readonly remediationId: string; readonly reason: string; readonly requestedBy: string },
): Promise<Remediation> {
  const original = await dependencies.store.get(input.remediationId);
  if (!original) throw new NotFoundError('remediation', input.remediationId);
  if (original.kind !== 'fix')
    throw new ConflictError('an undo cannot itself be undone; request the fix again');
  if (!FINAL_STATUSES.has(original.status) || original.status === 'undone') {
    throw new ConflictError(`remediation ${original.id} is ${original.status}: nothing to undo`);
  }
  if (original.undoneBy)
    throw new ConflictError(`remediation ${original.id} is already being undone by ${original.undoneBy}`);
  const action = actionById(original.actionId);
  if (!action?.undo.undoable) {
    throw new ConflictError(
      `${original.actionId} is not undoable: ${action && !action.undo.undoable ? action.undo.why : ''}`,
    );
  }
  const done = (await dependencies.store.items(original.id)).filter(
    (item) => item.status === 'succeeded' && item.undoCalls !== undefined,
  );
  if (done.length === 0) throw new ConflictError(`remediation ${original.id} has no succeeded item to undo`);

  const now = dependencies.now().toISOString();
  const id = dependencies.newId();
  const items: RemediationItem[] = done.map((item, index) => ({
    remediationId: id,
    itemId: String(index),
    findingId: item.findingId,
    ruleId: item.ruleId,
    resourceId: item.resourceId,
    resourceType: item.resourceType,
    ...(item.resourceName === undefined ? {} : { resourceName: item.resourceName }),
    accountId: item.accountId,
    region: item.region,
    status: 'pending',
    ...(item.before === undefined ? {} : { before: item.before }),
    backupCalls: [],
    actCalls: item.undoCalls ?? [],
    // The original's backup (the snapshot id, ...) is what undo reads; the undo's item refers to it.
    backup: { ...item.backup, undoOfItem: item.itemId },
    steps: [
      {
        name: 'request',
        status: 'succeeded',
        at: now,
        detail: `undo of ${original.id}/${item.itemId} requested by ${input.requestedBy}`,
      },
    ],
    updatedAt: now,
  }));
  const remediation: Remediation = {
    id,
    actionId: original.actionId,
    kind: 'undo',
    undoOf: original.id,
    status: 'requested',
    destructive: false,
    requestedBy: input.requestedBy,
    requestedAt: now,
    reason: input.reason,
    approval: { required: false },
    counts: countItems(items),
    expectedMonthlySavingsUsd: 0,
    updatedAt: now,
  };
  const claimed = await dependencies.store.update({ ...original, undoneBy: id, updatedAt: now }, [
    original.status,
  ]);
  if (!claimed) throw new ConflictError(`remediation ${original.id} changed meanwhile; try again`);
  await start(dependencies, remediation, items);
  return remediation;
}

async function start(
  dependencies: RemediationApiDependencies,
  remediation: Remediation,
  items: readonly RemediationItem[],
): Promise<void> {
  await dependencies.store.audit({
    at: remediation.requestedAt,
    actor: remediation.requestedBy,
    action: remediation.kind === 'undo' ? 'remediation.undo-requested' : 'remediation.requested',
    target: `remediation/${remediation.id}`,
    reason: remediation.reason,
    detail: {
      actionId: remediation.actionId,
      items: items.map((item) => ({ findingId: item.findingId, resourceId: item.resourceId })),
      ...(remediation.undoOf ? { undoOf: remediation.undoOf } : {}),
    },
  });
  await dependencies.store.create(remediation, items);
  await dependencies.starter.start({
    remediationId: remediation.id,
    itemIds: runOrder(items),
  });
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
