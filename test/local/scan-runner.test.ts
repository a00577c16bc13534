import { describe, expect, it } from 'vitest';
import { SCAN_STATES, type ScanJobInput } from '../../functions/shared/contract/state-machine';
import type { MapRunObjects } from './distributed-map';
import { inProcessScanExecutor, type ScanHandlers, stateMachineScanExecutor } from './scan-runner';
import { LocalScanScheduler } from './scan-scheduler';

const JOBS = [
  { accountId: '111111111111', region: 'us-east-1' },
  { accountId: '111111111111', region: 'eu-west-1' },
  { accountId: '222222222222', region: 'us-east-1' },
  { accountId: '222222222222', region: 'eu-west-1' },
  { accountId: '333333333333', region: 'us-east-1' },
];

/** S3 in memory: what the plan writes and the Map Run reads and writes. */
function memoryObjects() {
  const stored = new Map<string, string>();
  const objects: MapRunObjects = {
    get: async (bucket, key) => {
      const body = stored.get(`${bucket}/${key}`);
      if (body === undefined) throw new Error(`NoSuchKey ${bucket}/${key}`);
      return body;
    },
    put: async (bucket, key, body) => {
      stored.set(`${bucket}/${key}`, body);
    },
  };
  return { objects, stored };
}

/** Handlers that record what they were given; jobs of `failing` always throw. */
function recordingHandlers(failing = '', objects = memoryObjects().objects) {
  const calls: ScanJobInput[] = [];
  const planInputs: unknown[] = [];
  /** How many worker calls had completed when each analysis ran. */
  const analyses: number[] = [];
  let completed = 0;
  let active = 0;
  let peak = 0;
  const handlers: ScanHandlers = {
    plan: async (input) => {
      planInputs.push(input);
      const jobs = { bucket: 'work', key: 'scans/scan-test/jobs.jsonl' };
      await objects.put(jobs.bucket, jobs.key, JOBS.map((job) => JSON.stringify(job)).join('\n'));
      return { scanId: 'scan-test', jobCount: JOBS.length, jobs };
    },
    worker: async (input) => {
      const job = input as ScanJobInput;
      calls.push(job);
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active--;
      completed++;
      if (job.accountId === failing) throw new Error(`AccessDenied in ${job.accountId}`);
      return { status: 'succeeded' };
    },
    analyze: async () => {
      analyses.push(completed);
      return { findings: 0 };
    },
  };
  return { handlers, calls, planInputs, analyses, peak: () => peak };
}

/**
 * The scan state machine as the CDK construct synthesizes it (LambdaInvoke payloads, Distributed Map
 * with an S3 JSON Lines ItemReader and a ResultWriter, Retry, Catch).
 */
const DEFINITION = {
  StartAt: SCAN_STATES.plan,
  States: {
    [SCAN_STATES.plan]: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:Plan', 'Payload.$': '$' },
      OutputPath: '$.Payload',
      Next: SCAN_STATES.scanEachJob,
    },
    [SCAN_STATES.scanEachJob]: {
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSONL' },
        Parameters: { Bucket: 'work', 'Key.$': '$.jobs.key' },
      },
      ItemSelector: {
        'scanId.$': '$.scanId',
        'accountId.$': '$$.Map.Item.Value.accountId',
        'region.$': '$$.Map.Item.Value.region',
      },
      MaxConcurrency: 2,
      ToleratedFailurePercentage: 5,
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Bucket: 'work', Prefix: 'scan-results' },
      },
      ResultSelector: { 'mapRunArn.$': '$.MapRunArn', 'results.$': '$.ResultWriterDetails' },
      ResultPath: '$.scanResults',
      Next: SCAN_STATES.analyze,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
        StartAt: SCAN_STATES.worker,
        States: {
          [SCAN_STATES.worker]: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: {
              FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:Worker',
              'Payload.$': '$',
            },
            OutputPath: '$.Payload',
            Retry: [
              { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 2 },
            ],
            Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: SCAN_STATES.deadLetter }],
            End: true,
          },
          [SCAN_STATES.deadLetter]: {
            Type: 'Task',
            Resource: 'arn:aws:states:::sqs:sendMessage',
            Parameters: {
              QueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/dlq',
              'MessageBody.$': '$',
            },
            ResultPath: null,
            End: true,
          },
        },
      },
    },
    [SCAN_STATES.analyze]: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:Analyze',
        'Payload.$': '$',
      },
      ResultPath: null,
      End: true,
    },
  },
};

describe('in-process scan executor', () => {
  it('runs every planned job with the scan id, within the concurrency bound', async () => {
    // Prepare
    const { objects } = memoryObjects();
    const recorder = recordingHandlers('', objects);

    // Act
    const result = await inProcessScanExecutor(recorder.handlers, { concurrency: 2, objects }).run({
      trigger: 'schedule',
    });

    // Assess
    expect(result).toMatchObject({ scanId: 'scan-test', jobs: 5, failedJobs: [], engine: 'in-process' });
    expect(recorder.planInputs).toEqual([{ trigger: 'schedule' }]);
    expect(recorder.calls).toHaveLength(5);
    expect(new Set(recorder.calls.map((c) => c.scanId))).toEqual(new Set(['scan-test']));
    expect(recorder.peak()).toBe(2);
    expect(recorder.analyses).toEqual([5]);
  });

  it('retries a failing job and then sets it aside without failing the scan', async () => {
    // Prepare
    const { objects } = memoryObjects();
    const recorder = recordingHandlers('222222222222', objects);

    // Act
    const result = await inProcessScanExecutor(recorder.handlers, { attempts: 3, objects }).run({});

    // Assess
    expect(result.failedJobs.map((f) => f.job.region)).toEqual(['us-east-1', 'eu-west-1']);
    expect(result.failedJobs[0]?.error).toBe('Error: AccessDenied in 222222222222');
    expect(recorder.calls.filter((c) => c.accountId === '222222222222')).toHaveLength(6);
  });
});

describe('state machine scan executor', () => {
  it('runs the definition with the handlers in place of the Lambda tasks', async () => {
    // Prepare
    const { objects, stored } = memoryObjects();
    const recorder = recordingHandlers('', objects);
    const executor = await stateMachineScanExecutor(DEFINITION, recorder.handlers, { objects });

    // Act
    const result = await executor.run({ trigger: 'api', scanId: 'ignored-by-plan' });

    // Assess
    expect(result).toMatchObject({ scanId: 'scan-test', jobs: 5, failedJobs: [], engine: 'state-machine' });
    expect(result.mapRun).toMatchObject({ items: 5, succeeded: 5, failed: 0, resultObjects: 2 });
    const manifestKey = [...stored.keys()].find((key) => key.endsWith('/manifest.json'));
    const manifest = JSON.parse(stored.get(manifestKey ?? '') ?? '{}');
    expect(manifest.ResultFiles.SUCCEEDED).toHaveLength(1);
    const succeeded = JSON.parse(stored.get(`work/${manifest.ResultFiles.SUCCEEDED[0].Key}`) ?? '[]');
    expect(succeeded.map((entry: { Output: string }) => JSON.parse(entry.Output))).toEqual(
      Array.from({ length: 5 }, () => ({ status: 'succeeded' })),
    );
    expect(recorder.planInputs).toEqual([{ trigger: 'api', scanId: 'ignored-by-plan' }]);
    expect(recorder.calls).toContainEqual({
      scanId: 'scan-test',
      accountId: '333333333333',
      region: 'us-east-1',
    });
    expect(recorder.peak()).toBeLessThanOrEqual(2);
    expect(recorder.analyses).toEqual([5]);
  });

  it('sends a job whose worker fails every retry to the dead letter with its error', async () => {
    // Prepare
    const { objects } = memoryObjects();
    const recorder = recordingHandlers('333333333333', objects);
    const executor = await stateMachineScanExecutor(DEFINITION, recorder.handlers, { objects });

    // Act
    const result = await executor.run({});

    // Assess
    expect(result.failedJobs).toEqual([
      {
        job: { scanId: 'scan-test', accountId: '333333333333', region: 'us-east-1' },
        error: expect.stringContaining('AccessDenied in 333333333333'),
      },
    ]);
    expect(recorder.calls.filter((c) => c.accountId === '333333333333')).toHaveLength(3);
  });
});

describe('local scan scheduler', () => {
  it('runs the first scan at once and folds requests during a scan into one follow-up', async () => {
    // Prepare
    const { objects } = memoryObjects();
    const recorder = recordingHandlers('', objects);
    const scheduler = new LocalScanScheduler({
      executor: inProcessScanExecutor(recorder.handlers, { objects }),
      intervalMs: 3_600_000,
    });

    // Act
    scheduler.start();
    scheduler.trigger({ trigger: 'api', requestedBy: 'a' });
    scheduler.trigger({ trigger: 'api', requestedBy: 'b' });
    await scheduler.idle();
    await scheduler.stop();

    // Assess
    expect(scheduler.results).toHaveLength(2);
    expect(recorder.planInputs).toEqual([{ trigger: 'schedule' }, { trigger: 'api', requestedBy: 'b' }]);
  });
});

describe('local Distributed Map', () => {
  it('fails the Map Run when more child executions fail than the tolerated percentage', async () => {
    // Prepare: a job whose dead-letter send fails too, so its child execution fails as a whole.
    const { objects } = memoryObjects();
    const recorder = recordingHandlers('333333333333', objects);
    const { withLocalDistributedMaps } = await import('./distributed-map');
    const { StateMachine } = await import('aws-local-stepfunctions');
    await import('./promise-with-resolvers');
    const handlers = {
      [SCAN_STATES.plan]: async () => ({ Payload: await recorder.handlers.plan({}, {} as never) }),
      [SCAN_STATES.worker]: async (task: { Payload: unknown }) => ({
        Payload: await recorder.handlers.worker(task.Payload, {} as never),
      }),
      [SCAN_STATES.deadLetter]: async () => {
        throw new Error('the queue is unreachable');
      },
      [SCAN_STATES.analyze]: async () => ({ Payload: {} }),
    };
    const local = withLocalDistributedMaps(DEFINITION, () => handlers, {
      objects,
      retryIntervalOverrides: { [SCAN_STATES.worker]: 0 },
    });
    const machine = new StateMachine(local.definition as never, { validationOptions: { checkArn: false } });

    // Act
    const execution = machine.run(
      {},
      { overrides: { taskResourceLocalHandlers: { ...handlers, ...local.handlers } as never } },
    );

    // Assess: 1 of 5 is 20 %, over the definition's 5 %.
    await expect(execution.result).rejects.toThrow(/ExceedToleratedFailureThreshold|1 of 5 items failed/);
  });
});
