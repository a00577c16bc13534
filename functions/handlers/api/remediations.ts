/**
 * The remediation routes: list and read requests, preview a fix, request, approve or reject, undo,
 * list the actions and configure which are allowed. Each is a thin parse + one use case call.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { decide } from '../../app/remediation/decide';
import {
  DEFAULT_REMEDIATION_SETTINGS,
  type RemediationApiDependencies,
} from '../../app/remediation/dependencies';
import { previewFix, requestRemediation, requestUndo, summarizeAction } from '../../app/remediation/request';
import { actorName } from '../../domain/identity/actor';
import { ALL_ACTIONS } from '../../domain/remediation/registry';
import { NotFoundError } from '../../shared/errors';
import { actorOf } from './caller';
import type { ApiDependencies, Operation } from './operation';
import { cursorParameter, integerParameter, parseInput } from './parse';

/** The use cases' dependencies, with the administrator's settings read now. */
export async function useCases(dependencies: ApiDependencies): Promise<RemediationApiDependencies> {
  const stored = await dependencies.remediation.store.settings();
  return {
    ...dependencies.remediation,
    resources: dependencies.resources,
    findings: dependencies.findings,
    settings: {
      ...DEFAULT_REMEDIATION_SETTINGS,
      ...(stored.allowedActions ? { allowedActions: stored.allowedActions } : {}),
      ...(stored.requireDistinctApprover === undefined
        ? {}
        : { requireDistinctApprover: stored.requireDistinctApprover }),
    },
    now: () => new Date(),
    newId: () =>
      `rem-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomUUID().slice(0, 8)}`,
  };
}

export const IdPathSchema = z.object({
  id: z.string().regex(/^rem-[0-9a-z-]{6,40}$/, 'is not a remediation id'),
});
export const ReasonSchema = z.object(
  {
    reason: z
      .string({ error: 'is required' })
      .trim()
      .min(1, 'must not be empty')
      .max(1000, 'must be at most 1000 characters'),
  },
  { error: 'must be a JSON object' },
);

/** `GET /remediations`: newest first. */
export const listRemediations: Operation<'listRemediations'> = async (request, dependencies) => {
  const query = parseInput(
    z.object({ limit: integerParameter(1, 200, 50), cursor: cursorParameter }),
    request.query,
  );
  const page = await dependencies.remediation.store.list(query);
  return { body: { items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } };
};

/** `GET /remediations/{id}`: the request with every item and its steps. */
export const getRemediation: Operation<'getRemediation'> = async (request, dependencies) => {
  const { id } = parseInput(IdPathSchema, request.pathParameters);
  const remediation = await dependencies.remediation.store.get(id);
  if (!remediation) throw new NotFoundError('remediation', id);
  return { body: { remediation, items: await dependencies.remediation.store.items(id) } };
};

/** `GET /remediations/preview?findingId=`: the exact calls, pre-flight from the inventory, backup, undo. */
export const previewRemediation: Operation<'previewRemediation'> = async (request, dependencies) => {
  const query = parseInput(
    z.object({
      findingId: z.string({ error: 'is required' }).min(1).max(2100),
      actionId: z.string().max(100).optional(),
    }),
    request.query,
  );
  return { body: await previewFix(await useCases(dependencies), query.findingId, query.actionId) };
};

const RequestBodySchema = ReasonSchema.extend({
  findingIds: z
    .array(z.string().min(1).max(2100), { error: 'must be a list of finding ids' })
    .min(1, 'must not be empty'),
  actionId: z.string().max(100).optional(),
});

/** `POST /remediations`: requests a fix of one or many findings; the workflow starts at once. */
export const requestRemediationRoute: Operation<'requestRemediation'> = async (request, dependencies) => {
  const body = parseInput(RequestBodySchema, request.body);
  const remediation = await requestRemediation(await useCases(dependencies), {
    findingIds: body.findingIds,
    ...(body.actionId ? { actionId: body.actionId } : {}),
    reason: body.reason,
    requestedBy: actorName(actorOf(request.caller)),
  });
  return { statusCode: 202, body: remediation };
};

function decision<Id extends 'approveRemediation' | 'rejectRemediation'>(
  kind: 'approved' | 'rejected',
): Operation<Id> {
  return async (request, dependencies) => {
    const { id } = parseInput(IdPathSchema, request.pathParameters);
    const { reason } = parseInput(ReasonSchema, request.body);
    return {
      body: await decide(await useCases(dependencies), {
        remediationId: id,
        decision: kind,
        by: actorName(actorOf(request.caller)),
        reason,
      }),
    };
  };
}

/** `POST /remediations/{id}/approve` and `/reject`: a person's decision, with a reason. */
export const approveRemediation = decision<'approveRemediation'>('approved');
export const rejectRemediation = decision<'rejectRemediation'>('rejected');

/** `POST /remediations/{id}/undo`: requests the reverse of every succeeded, undoable item. */
export const undoRemediation: Operation<'undoRemediation'> = async (request, dependencies) => {
  const { id } = parseInput(IdPathSchema, request.pathParameters);
  const { reason } = parseInput(ReasonSchema, request.body);
  const undo = await requestUndo(await useCases(dependencies), {
    remediationId: id,
    reason,
    requestedBy: actorName(actorOf(request.caller)),
  });
  return { statusCode: 202, body: undo };
};

/** `GET /remediation/actions`: every action, what it does, and whether it is allowed here. */
export const listRemediationActions: Operation<'listRemediationActions'> = async (_request, dependencies) => {
  const deps = await useCases(dependencies);
  const allowed = deps.settings.allowedActions;
  return {
    body: {
      items: ALL_ACTIONS.map((action) =>
        summarizeAction(action, allowed === undefined || allowed.includes(action.id)),
      ),
      requireDistinctApprover: deps.settings.requireDistinctApprover,
    },
  };
};

const ACTION_IDS = new Set(ALL_ACTIONS.map((action) => action.id));
const SettingsBodySchema = z.object(
  {
    allowedActions: z
      .array(z.string().refine((id) => ACTION_IDS.has(id), 'must be a remediation action id'))
      .optional(),
    requireDistinctApprover: z.boolean().optional(),
  },
  { error: 'must be a JSON object' },
);

/** `PUT /remediation/settings`: which actions people may request, and whether approvers must differ. */
export const updateRemediationSettings: Operation<'updateRemediationSettings'> = async (
  request,
  dependencies,
) => {
  const body = parseInput(SettingsBodySchema, request.body);
  const store = dependencies.remediation.store;
  const previous = await store.settings();
  const next = {
    ...(body.allowedActions ? { allowedActions: body.allowedActions } : {}),
    ...(body.requireDistinctApprover === undefined
      ? {}
      : { requireDistinctApprover: body.requireDistinctApprover }),
  };
  await store.audit({
    at: new Date().toISOString(),
    actor: actorName(actorOf(request.caller)),
    action: 'remediation.settings-updated',
    target: 'remediation/settings',
    detail: { previous, next },
  });
  await store.putSettings(next);
  return { body: next };
};
