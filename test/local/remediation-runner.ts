/**
 * Runs remediation requests locally on the synthesized remediation state machine
 * (aws-local-stepfunctions), every task mapped to the same step handler Lambda runs. The approval
 * step waits as Step Functions does: its handler stores the task token, and the execution resumes
 * when the API's SFN client sends SendTaskSuccess or SendTaskFailure to the local endpoint.
 */
import { randomUUID } from 'node:crypto';
import {
  REMEDIATION_BACKUP_WAIT_STATE,
  REMEDIATION_STATES,
  type RemediationExecutionInput,
} from '../../functions/shared/contract/remediation';
import { type MapRunReport, withAwsTaskTimeouts, withLocalDistributedMaps } from './distributed-map';
import { type LambdaHandler, lambdaContext } from './lambda-context';

export interface RemediationRunResult {
  readonly remediationId: string;
  readonly durationMs: number;
  /** States entered, Map iterations included (Distributed Map children are in `mapRuns`). */
  readonly transitions: number;
  /** Events in the execution's own history, against Step Functions' 25,000-event limit. */
  readonly historyEvents: number;
  readonly error?: string;
}

export interface LocalRemediationRunner {
  start(input: RemediationExecutionInput): void;
  sendTaskSuccess(token: string, output: unknown): boolean;
  sendTaskFailure(token: string, error: string, cause: string): boolean;
  /** Resolves when no execution is running (approvals still waiting count as running). */
  idle(): Promise<void>;
  /**
   * Fails every approval still waiting, as stopping those executions would, so `idle()` can resolve
   * when a test or the local server shuts down with a request undecided. Returns how many there were.
   */
  abandonWaiting(): number;
  readonly results: readonly RemediationRunResult[];
  /** Every Map Run so far (each item is a child execution of the check or the run Map). */
  readonly mapRuns: readonly MapRunReport[];
}

export interface RemediationRunnerOptions {
  /** Overrides the approval timeout of every execution, in seconds (tests of expiry). @default the definition's */
  readonly approvalTimeoutSeconds?: number;
  /**
   * The pause between two checks of a pending backup, in milliseconds, instead of the definition's
   * growing wait (30 s and up). @default the definition's
   */
  readonly backupWaitMs?: number;
  /** Overrides how long an item waits for its backup, in seconds (tests of the deadline). @default the definition's */
  readonly backupDeadlineSeconds?: number;
}

/** Task states and what the handler is called with; every other state is Map, Choice, Wait, Succeed or Fail. */
const TASK_STATES = [...Object.values(REMEDIATION_STATES), 'RecordCheckFailure'];

class TaskFailure extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export async function stateMachineRemediationRunner(
  definition: Record<string, unknown>,
  step: LambdaHandler,
  options: RemediationRunnerOptions = {},
): Promise<LocalRemediationRunner> {
  await import('./promise-with-resolvers');
  const { StateMachine } = await import('aws-local-stepfunctions');
  const mapRuns: MapRunReport[] = [];
  const handlers: Record<string, (task: unknown) => Promise<unknown>> = {};
  const local = withLocalDistributedMaps(
    withAwsTaskTimeouts(
      withBackupDeadline(
        withApprovalTimeout(definition, options.approvalTimeoutSeconds),
        options.backupDeadlineSeconds,
      ),
    ),
    () => handlers,
    {
      ...(options.backupWaitMs === undefined
        ? {}
        : { waitTimeOverrides: { [REMEDIATION_BACKUP_WAIT_STATE]: options.backupWaitMs } }),
      // The remediation Maps read their items from the state, never from S3.
      objects: {
        get: () => Promise.reject(new Error('the remediation workflow reads no S3 objects')),
        put: () => Promise.reject(new Error('the remediation workflow writes no S3 objects')),
      },
      onReport: (report) => mapRuns.push(report),
    },
  );
  // biome-ignore lint/suspicious/noExplicitAny: the definition comes from the synthesized template.
  const machine = new StateMachine(local.definition as any, {
    validationOptions: { checkArn: false, checkPaths: false },
  });
  const waiting = new Map<string, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const running = new Set<Promise<void>>();
  const results: RemediationRunResult[] = [];

  const invoke = async (task: unknown) => ({
    Payload: (await step(payloadOf(task), lambdaContext('hostmaster-remediation-step', 120_000))) as never,
  });
  for (const name of TASK_STATES) handlers[name] = invoke;
  Object.assign(handlers, local.handlers);
  handlers[REMEDIATION_STATES.approval] = async (task: unknown) => {
    const payload = payloadOf(task) as { taskToken: string };
    await step(payload, lambdaContext('hostmaster-remediation-step'));
    const promise = new Promise<unknown>((resolve, reject) =>
      waiting.set(payload.taskToken, { resolve, reject }),
    );
    try {
      return (await promise) as never;
    } finally {
      waiting.delete(payload.taskToken);
    }
  };

  return {
    results,
    mapRuns,
    start(input) {
      const started = Date.now();
      const execution = machine.run(input as never, {
        overrides: { taskResourceLocalHandlers: handlers as never },
        // One approval per execution: the execution's task token is its own.
        context: { Task: { Token: `local-token-${randomUUID()}` } } as never,
      });
      const done = (async () => {
        let error: string | undefined;
        try {
          await execution.result;
        } catch (failure) {
          error = failure instanceof Error ? failure.message : String(failure);
        }
        let transitions = 0;
        let historyEvents = 0;
        for await (const event of execution.eventLogs) {
          historyEvents++;
          if ((event as { type?: string }).type === 'StateEntered') transitions++;
        }
        results.push({
          remediationId: input.remediationId,
          durationMs: Date.now() - started,
          transitions,
          historyEvents,
          ...(error ? { error } : {}),
        });
      })();
      running.add(done);
      void done.finally(() => running.delete(done));
    },
    sendTaskSuccess(token, output) {
      const pending = waiting.get(token);
      pending?.resolve(output);
      return pending !== undefined;
    },
    sendTaskFailure(token, error, cause) {
      const pending = waiting.get(token);
      pending?.reject(new TaskFailure(error, cause));
      return pending !== undefined;
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
    abandonWaiting() {
      const pending = [...waiting.values()];
      for (const approval of pending) {
        approval.reject(
          new TaskFailure('States.Aborted', 'the local runner stopped with the approval undecided'),
        );
      }
      return pending.length;
    },
  };
}

/** The definition with the approval timeout (and the expiry the decide step computes) replaced. */
function withApprovalTimeout(
  definition: Record<string, unknown>,
  seconds: number | undefined,
): Record<string, unknown> {
  if (seconds === undefined) return definition;
  const copy = structuredClone(definition) as { States: Record<string, Record<string, unknown>> };
  const approval = copy.States[REMEDIATION_STATES.approval];
  const decide = copy.States[REMEDIATION_STATES.decide] as
    | { Parameters?: { Payload?: Record<string, unknown> } }
    | undefined;
  if (!approval || !decide?.Parameters?.Payload)
    throw new Error('the remediation definition has no approval or decide state');
  approval.TimeoutSeconds = seconds;
  decide.Parameters.Payload.approvalTimeoutSeconds = seconds;
  return copy;
}

/** The definition with the backup deadline the check step is given replaced. */
function withBackupDeadline(
  definition: Record<string, unknown>,
  seconds: number | undefined,
): Record<string, unknown> {
  if (seconds === undefined) return definition;
  const copy = structuredClone(definition) as {
    States: Record<string, { ItemProcessor?: { States: Record<string, Record<string, unknown>> } }>;
  };
  const check = Object.values(copy.States)
    .map((state) => state.ItemProcessor?.States[REMEDIATION_STATES.backupStatus])
    .find(Boolean) as { Parameters?: { Payload?: Record<string, unknown> } } | undefined;
  if (!check?.Parameters?.Payload) throw new Error('the remediation definition has no backup check state');
  check.Parameters.Payload.backupDeadlineSeconds = seconds;
  return copy;
}

function payloadOf(task: unknown): unknown {
  if (task && typeof task === 'object' && 'Payload' in task) return (task as { Payload: unknown }).Payload;
  return task;
}
