/** Dispatches one state machine task to its step: the Lambda's one call. */
import { z } from 'zod';
import type { RemediationStepDependencies } from './dependencies';
import {
  actOnItem,
  backupItem,
  checkBackupItem,
  checkItem,
  decideApproval,
  expireRequest,
  finishRequest,
  recordItemFailure,
  recordRequestFailure,
  requestApproval,
  verifyItem,
} from './steps';

const ErrorSchema = z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional();
const ItemEvent = { remediationId: z.string().min(1), itemId: z.string().min(1) };

export const StepEventSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('check'), ...ItemEvent }),
  z.object({ step: z.literal('backup'), ...ItemEvent }),
  z.object({
    step: z.literal('backup-status'),
    ...ItemEvent,
    backupDeadlineSeconds: z.number().int().positive(),
  }),
  z.object({ step: z.literal('act'), ...ItemEvent }),
  z.object({ step: z.literal('verify'), ...ItemEvent }),
  z.object({ step: z.literal('item-failed'), ...ItemEvent, error: ErrorSchema }),
  z.object({
    step: z.literal('decide'),
    remediationId: z.string().min(1),
    approvalTimeoutSeconds: z.number().int().positive(),
  }),
  z.object({
    step: z.literal('request-approval'),
    remediationId: z.string().min(1),
    taskToken: z.string().min(1),
  }),
  z.object({ step: z.literal('expire'), remediationId: z.string().min(1) }),
  z.object({ step: z.literal('finish'), remediationId: z.string().min(1) }),
  z.object({ step: z.literal('request-failed'), remediationId: z.string().min(1), error: ErrorSchema }),
]);
export type StepEvent = z.infer<typeof StepEventSchema>;

export async function runStep(deps: RemediationStepDependencies, raw: unknown): Promise<unknown> {
  const event = StepEventSchema.parse(raw);
  switch (event.step) {
    case 'check':
      return checkItem(deps, event);
    case 'backup':
      return backupItem(deps, event);
    case 'backup-status':
      return checkBackupItem(deps, event);
    case 'act':
      return actOnItem(deps, event);
    case 'verify':
      return verifyItem(deps, event);
    case 'item-failed':
      return recordItemFailure(deps, event);
    case 'decide':
      return decideApproval(deps, event);
    case 'request-approval':
      await requestApproval(deps, event);
      return {};
    case 'expire':
      await expireRequest(deps, event);
      return {};
    case 'finish': {
      const finished = await finishRequest(deps, event);
      return { status: finished.status, counts: finished.counts };
    }
    case 'request-failed':
      await recordRequestFailure(deps, event);
      return {};
  }
}
