/**
 * Distributed Map states for aws-local-stepfunctions, which (3.0.0) runs inline Maps only and knows
 * neither `ItemReader` nor `ResultWriter`. The synthesized definition is kept: each top-level Map in
 * DISTRIBUTED mode becomes a Task state with the Map's own input/output fields (InputPath,
 * ResultSelector, ResultPath, OutputPath, Retry, Catch, Next/End), whose local handler does what the
 * Map Run service does with the Map's own fields: reads the items from S3 (`ItemReader`: JSON or JSON
 * Lines), builds each item's input (`ItemSelector` with `$$.Map.Item.Value` and `.Index`), runs one
 * child execution of the `ItemProcessor` per item with the library (so Retry, Catch and task handlers
 * behave as in any other execution) at most `MaxConcurrency` at a time, fails the Map Run past
 * `ToleratedFailurePercentage`/`ToleratedFailureCount`, and writes the results to S3 (`ResultWriter`:
 * a manifest plus SUCCEEDED_0.json and FAILED_0.json) as Step Functions lays them out.
 */
import { randomUUID } from 'node:crypto';

/** S3 as the Map Run needs it; locally the sandbox's S3 through the real SDK client. */
export interface MapRunObjects {
  get(bucket: string, key: string): Promise<string>;
  put(bucket: string, key: string, body: string): Promise<void>;
}

/** What one Map Run did, for tests and the bench. */
export interface MapRunReport {
  readonly state: string;
  readonly items: number;
  readonly succeeded: number;
  readonly failed: number;
  /** States entered in all child executions (what Standard children are billed by). */
  readonly childStateTransitions: number;
  /** Events of all child executions' histories (each child has its own 25,000 limit). */
  readonly childHistoryEvents: number;
  /** The largest child history, against the 25,000-event limit of one execution. */
  readonly maxChildHistoryEvents: number;
  /** The largest item input a child received, against the 256 KB payload limit. */
  readonly maxItemInputBytes: number;
  /** Bytes of the items object read by the ItemReader. */
  readonly itemsObjectBytes: number;
  /** Objects and bytes the ResultWriter wrote (manifest included). */
  readonly resultObjects: number;
  readonly resultBytes: number;
  readonly durationMs: number;
}

export interface DistributedMapOptions {
  readonly objects: MapRunObjects;
  /** Caps MaxConcurrency locally (the machine has two cores, not a Lambda fleet). @default 32 */
  readonly localConcurrencyCap?: number;
  /** Retry waits in the child executions, by state name, in milliseconds (as the library's option). */
  readonly retryIntervalOverrides?: Record<string, number>;
  /** Wait states' pauses in the child executions, by state name, in milliseconds (as the library's option). */
  readonly waitTimeOverrides?: Record<string, number>;
  /** Called once per Map Run. */
  readonly onReport?: (report: MapRunReport) => void;
}

/** A field the local Map Run does not implement: the definition uses more than the runner knows. */
export class UnsupportedMapFieldError extends Error {
  override readonly name = 'UnsupportedMapFieldError';
}

/** The Map Run failed more items than its tolerance; the name is the error Step Functions raises. */
export class ToleratedFailureThresholdError extends Error {
  override readonly name = 'States.ExceedToleratedFailureThreshold';
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type StateDefinition = Record<string, unknown>;
type Definition = { StartAt: string; States: Record<string, StateDefinition> } & Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: the library's handler map type is not exported by name.
type TaskHandlers = Record<string, (input: any) => unknown>;

/** Fields a DISTRIBUTED Map state may carry, and whether the local Map Run honours them. */
const MAP_FIELDS_HANDLED = new Set([
  'Type',
  'Comment',
  'ItemReader',
  'ItemsPath',
  'ItemSelector',
  'ItemProcessor',
  'MaxConcurrency',
  'ToleratedFailurePercentage',
  'ToleratedFailureCount',
  'ResultWriter',
  'Label',
]);
/** Fields the replacing Task state keeps, so the library applies them exactly as to the Map. */
const FIELDS_KEPT = [
  'InputPath',
  'ResultSelector',
  'ResultPath',
  'OutputPath',
  'Retry',
  'Catch',
  'Next',
  'End',
];
const LOCAL_MAP_RUN_RESOURCE = 'arn:aws:states:::hostmaster-local:mapRun';
/**
 * AWS Step Functions gives a Task without TimeoutSeconds 99,999,999 s (the library uses the spec's
 * 60); locally the longest a Node.js timer can wait (2^31 - 1 ms) stands in for it.
 */
export const AWS_DEFAULT_TIMEOUT_SECONDS = 2_147_483;

/**
 * Task states without TimeoutSeconds get AWS's default instead of the library's 60 seconds: a plan
 * over 1,000 accounts takes longer than a minute, and in AWS that is fine.
 */
export function withAwsTaskTimeouts(definition: Record<string, unknown>): Record<string, unknown> {
  const source = definition as Definition;
  const states = Object.fromEntries(
    Object.entries(source.States).map(([name, state]) => {
      if (state.Type === 'Task' && !('TimeoutSeconds' in state) && !('TimeoutSecondsPath' in state)) {
        return [name, { ...state, TimeoutSeconds: AWS_DEFAULT_TIMEOUT_SECONDS }];
      }
      if (state.ItemProcessor && typeof state.ItemProcessor === 'object') {
        return [
          name,
          { ...state, ItemProcessor: withAwsTaskTimeouts(state.ItemProcessor as Record<string, unknown>) },
        ];
      }
      return [name, state];
    }),
  );
  return { ...source, States: states };
}

export function isDistributedMap(state: StateDefinition): boolean {
  const processor = state.ItemProcessor as { ProcessorConfig?: { Mode?: string } } | undefined;
  return (
    state.Type === 'Map' && (processor?.ProcessorConfig?.Mode === 'DISTRIBUTED' || 'ItemReader' in state)
  );
}

/**
 * Returns the definition with each top-level Distributed Map replaced by a Task state and the
 * handlers that run their Map Runs, keyed by state name, to merge into `taskResourceLocalHandlers`.
 */
export function withLocalDistributedMaps(
  definition: Record<string, unknown>,
  childHandlers: () => TaskHandlers,
  options: DistributedMapOptions,
): { definition: Record<string, unknown>; handlers: TaskHandlers } {
  const source = definition as Definition;
  const states: Record<string, StateDefinition> = {};
  const handlers: TaskHandlers = {};
  for (const [name, state] of Object.entries(source.States)) {
    if (!isDistributedMap(state)) {
      states[name] = state;
      continue;
    }
    const unknown = Object.keys(state).filter(
      (key) => !MAP_FIELDS_HANDLED.has(key) && !FIELDS_KEPT.includes(key),
    );
    if (unknown.length > 0) {
      throw new UnsupportedMapFieldError(
        `Map state ${name}: the local runner does not handle ${unknown.join(', ')}`,
      );
    }
    // A Map state has no timeout of its own; the library would give a Task the spec's 60 seconds.
    const task: StateDefinition = {
      Type: 'Task',
      Resource: LOCAL_MAP_RUN_RESOURCE,
      TimeoutSeconds: AWS_DEFAULT_TIMEOUT_SECONDS,
    };
    for (const key of FIELDS_KEPT) if (key in state) task[key] = state[key];
    states[name] = task;
    handlers[name] = (input: Json) => runMapRun(name, state, input, childHandlers(), options);
  }
  return { definition: { ...source, States: states }, handlers };
}

async function runMapRun(
  name: string,
  state: StateDefinition,
  input: Json,
  handlers: TaskHandlers,
  options: DistributedMapOptions,
): Promise<Json> {
  const started = Date.now();
  const { items, bytes } = await readItems(name, state, input, options.objects);
  const processor = state.ItemProcessor as { StartAt: string; States: Record<string, unknown> };
  await import('./promise-with-resolvers');
  const { StateMachine } = await import('aws-local-stepfunctions');
  const child = new StateMachine({ StartAt: processor.StartAt, States: processor.States } as never, {
    validationOptions: { checkArn: false, checkPaths: false },
  });
  const mapRunId = randomUUID();
  const mapRunArn = `arn:aws:states:us-east-1:000000000000:mapRun:local/${state.Label ?? name}:${mapRunId}`;
  const concurrency = Math.max(
    1,
    Math.min(
      Number(state.MaxConcurrency ?? 0) || Number.POSITIVE_INFINITY,
      options.localConcurrencyCap ?? 32,
    ),
  );

  type ChildResult = { index: number; input: Json; output?: Json; error?: { Error: string; Cause: string } };
  const results: ChildResult[] = new Array(items.length);
  let transitions = 0;
  let historyEvents = 0;
  let maxHistory = 0;
  let maxInput = 0;
  let next = 0;
  const runChild = async (index: number) => {
    const itemInput = itemInputOf(state, input, items[index] as Json, index);
    maxInput = Math.max(maxInput, Buffer.byteLength(JSON.stringify(itemInput)));
    const execution = child.run(itemInput as never, {
      overrides: {
        taskResourceLocalHandlers: handlers as never,
        ...(options.retryIntervalOverrides ? { retryIntervalOverrides: options.retryIntervalOverrides } : {}),
        ...(options.waitTimeOverrides ? { waitTimeOverrides: options.waitTimeOverrides } : {}),
      },
    });
    const counting = (async () => {
      let events = 0;
      for await (const event of execution.eventLogs) {
        events++;
        if (event.type === 'StateEntered') transitions++;
      }
      return events;
    })();
    try {
      results[index] = { index, input: itemInput, output: (await execution.result) as Json };
    } catch (error) {
      const failure = error as Error & { cause?: unknown };
      results[index] = { index, input: itemInput, error: { Error: failure.name, Cause: failure.message } };
    }
    const events = await counting;
    historyEvents += events;
    maxHistory = Math.max(maxHistory, events);
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await runChild(next++);
    }),
  );

  const failed = results.filter((result) => result.error);
  const written = await writeResults(state, input, mapRunArn, mapRunId, results, options.objects);
  options.onReport?.({
    state: name,
    items: items.length,
    succeeded: items.length - failed.length,
    failed: failed.length,
    childStateTransitions: transitions,
    childHistoryEvents: historyEvents,
    maxChildHistoryEvents: maxHistory,
    maxItemInputBytes: maxInput,
    itemsObjectBytes: bytes,
    resultObjects: written.objects,
    resultBytes: written.bytes,
    durationMs: Date.now() - started,
  });
  if (exceedsTolerance(state, failed.length, items.length)) {
    throw new ToleratedFailureThresholdError(
      `Map Run ${mapRunArn}: ${failed.length} of ${items.length} items failed, more than tolerated`,
    );
  }
  if (written.output !== undefined) return written.output;
  return results.map((result) => result.output ?? null);
}

async function readItems(
  name: string,
  state: StateDefinition,
  input: Json,
  objects: MapRunObjects,
): Promise<{ items: Json[]; bytes: number }> {
  const reader = state.ItemReader as
    | {
        Resource: string;
        ReaderConfig?: { InputType?: string; MaxItems?: number };
        Parameters?: Record<string, Json>;
      }
    | undefined;
  if (!reader) {
    const items = evaluatePath(String(state.ItemsPath ?? '$'), input, {});
    if (!Array.isArray(items))
      throw new UnsupportedMapFieldError(`Map state ${name}: ItemsPath is not an array`);
    return { items, bytes: 0 };
  }
  if (!reader.Resource.endsWith(':states:::s3:getObject')) {
    throw new UnsupportedMapFieldError(
      `Map state ${name}: ItemReader ${reader.Resource} is not s3:getObject`,
    );
  }
  const parameters = evaluatePayload(reader.Parameters ?? {}, input, {}) as { Bucket: string; Key: string };
  const body = await objects.get(parameters.Bucket, parameters.Key);
  const type = reader.ReaderConfig?.InputType;
  let items: Json[];
  if (type === 'JSONL') {
    items = body
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Json);
  } else if (type === 'JSON') {
    const parsed = JSON.parse(body) as Json;
    if (!Array.isArray(parsed))
      throw new UnsupportedMapFieldError(`Map state ${name}: the JSON items are not an array`);
    items = parsed;
  } else {
    throw new UnsupportedMapFieldError(
      `Map state ${name}: ItemReader InputType ${type} is not JSON or JSONL`,
    );
  }
  const max = reader.ReaderConfig?.MaxItems;
  return { items: max ? items.slice(0, max) : items, bytes: Buffer.byteLength(body) };
}

function itemInputOf(state: StateDefinition, input: Json, item: Json, index: number): Json {
  const selector = state.ItemSelector as Record<string, Json> | undefined;
  if (!selector) return item;
  return evaluatePayload(selector, input, { Map: { Item: { Value: item, Index: index } } });
}

function exceedsTolerance(state: StateDefinition, failed: number, total: number): boolean {
  if (failed === 0) return false;
  const percentage = state.ToleratedFailurePercentage as number | undefined;
  const count = state.ToleratedFailureCount as number | undefined;
  if (percentage === undefined && count === undefined) return true;
  const overPercentage = percentage !== undefined && (failed / total) * 100 > percentage;
  const overCount = count !== undefined && failed > count;
  return overPercentage || overCount;
}

/** The ResultWriter's layout: `<Prefix>/<Map Run id>/manifest.json` naming SUCCEEDED_0.json and FAILED_0.json. */
async function writeResults(
  state: StateDefinition,
  input: Json,
  mapRunArn: string,
  mapRunId: string,
  results: readonly { input: Json; output?: Json; error?: { Error: string; Cause: string } }[],
  objects: MapRunObjects,
): Promise<{ output?: Json; objects: number; bytes: number }> {
  const writer = state.ResultWriter as { Resource: string; Parameters?: Record<string, Json> } | undefined;
  if (!writer) return { objects: 0, bytes: 0 };
  if (!writer.Resource.endsWith(':states:::s3:putObject')) {
    throw new UnsupportedMapFieldError(`ResultWriter ${writer.Resource} is not s3:putObject`);
  }
  const { Bucket, Prefix } = evaluatePayload(writer.Parameters ?? {}, input, {}) as {
    Bucket: string;
    Prefix?: string;
  };
  const base = `${Prefix ? `${Prefix.replace(/\/$/, '')}/` : ''}${mapRunId}`;
  const entry = (result: (typeof results)[number], index: number) => ({
    ExecutionArn: `${mapRunArn.replace(':mapRun:', ':execution:')}:${index}`,
    Input: JSON.stringify(result.input),
    InputDetails: { Included: true },
    Name: String(index),
    ...(result.error
      ? { Status: 'FAILED', Error: result.error.Error, Cause: result.error.Cause }
      : {
          Status: 'SUCCEEDED',
          Output: JSON.stringify(result.output ?? null),
          OutputDetails: { Included: true },
        }),
  });
  const files: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', { Key: string; Size: number }[]> = {
    SUCCEEDED: [],
    FAILED: [],
    PENDING: [],
  };
  let bytes = 0;
  for (const status of ['SUCCEEDED', 'FAILED'] as const) {
    const entries = results.map(entry).filter((e) => e.Status === status);
    if (entries.length === 0) continue;
    const body = JSON.stringify(entries);
    const key = `${base}/${status}_0.json`;
    await objects.put(Bucket, key, body);
    files[status].push({ Key: key, Size: Buffer.byteLength(body) });
    bytes += Buffer.byteLength(body);
  }
  const manifestKey = `${base}/manifest.json`;
  const manifest = JSON.stringify({ DestinationBucket: Bucket, MapRunArn: mapRunArn, ResultFiles: files });
  await objects.put(Bucket, manifestKey, manifest);
  bytes += Buffer.byteLength(manifest);
  const written = files.SUCCEEDED.length + files.FAILED.length + 1;
  return {
    output: { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket, Key: manifestKey } },
    objects: written,
    bytes,
  };
}

/** Evaluates a Parameters-style payload: keys ending in `.$` take the value at their path. */
export function evaluatePayload(template: Record<string, Json>, input: Json, context: Json): Json {
  const output: Record<string, Json> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) {
      if (typeof value !== 'string') throw new UnsupportedMapFieldError(`${key} is not a path`);
      output[key.slice(0, -2)] = evaluatePath(value, input, context);
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      output[key] = evaluatePayload(value, input, context);
    } else {
      output[key] = value;
    }
  }
  return output;
}

/** `$`, `$.a.b`, `$$.Map.Item.Value.c`: the reference paths the scan definition uses. */
export function evaluatePath(path: string, input: Json, context: Json): Json {
  const [root, rest] = path.startsWith('$$') ? [context, path.slice(2)] : [input, path.slice(1)];
  if (!path.startsWith('$') || (rest !== '' && !/^(\.[A-Za-z_][\w-]*)+$/.test(rest))) {
    throw new UnsupportedMapFieldError(`path ${path} is not a plain reference path`);
  }
  let value: Json = root;
  for (const segment of rest.split('.').slice(1)) {
    if (!value || typeof value !== 'object' || Array.isArray(value) || !(segment in value)) {
      throw new Error(`States.Runtime: path ${path} does not exist in the input`);
    }
    value = value[segment] as Json;
  }
  return value;
}
