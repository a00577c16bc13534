/**
 * Runs the scan state machine exactly as the hub stack synthesizes it, in aws-local-stepfunctions
 * (its Distributed Map by test/local/distributed-map.ts over an in-memory S3), with local functions
 * standing in for the Lambda and SQS tasks: proves the jobs are read from the plan's object, the item
 * shape, the retry policy, that a Catch keeps the job beside its error on the way to the dead-letter
 * queue, and that the results are written to S3 while the state keeps only where they are.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  SCAN_STATES,
  type ScanDeadLetter,
  type ScanJobInput,
} from '../../functions/shared/contract/state-machine';
import { ANALYZE_STATE } from '../../lib/constructs/scan-workflow';
import { withLocalDistributedMaps } from '../local/distributed-map';
import { flatten, hubStack, stateMachineWithState } from './helpers';

// aws-local-stepfunctions calls Promise.withResolvers, which Node.js 20 lacks.
const promise = Promise as unknown as { withResolvers?: () => unknown };
promise.withResolvers ??= () => {
  let resolve: unknown;
  let reject: unknown;
  const created = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise: created, resolve, reject };
};

const JOBS = [
  { accountId: '111111111111', accountName: 'production', region: 'us-east-1' },
  { accountId: '111111111111', accountName: 'production', region: 'eu-west-1' },
  { accountId: '222222222222', accountName: null, region: 'us-east-1' },
];

describe('scan state machine (synthesized definition, run locally)', () => {
  let definition: StateMachineDefinition;

  beforeAll(() => {
    const template = Template.fromStack(hubStack({ 'hostmaster:scanConcurrency': 2 }));
    const { resource } = stateMachineWithState(template, SCAN_STATES.scanEachJob);
    definition = JSON.parse(flatten(resource.Properties.DefinitionString)) as StateMachineDefinition;
  });

  it('scans every job with the scan id, retries a failing job, dead-letters it, then analyzes once', async () => {
    // Prepare
    const events: string[] = [];
    const analyzeCalls: unknown[] = [];
    const workerCalls: ScanJobInput[] = [];
    const deadLetters: ScanDeadLetter[] = [];
    const stored = new Map<string, string>();
    const objects = {
      get: async (bucket: string, key: string) => stored.get(`${bucket}/${key}`) ?? '',
      put: async (bucket: string, key: string, body: string) => {
        stored.set(`${bucket}/${key}`, body);
      },
    };
    const bucket = (
      definition.States[SCAN_STATES.scanEachJob] as unknown as {
        ItemReader: { Parameters: { Bucket: string } };
      }
    ).ItemReader.Parameters.Bucket;
    stored.set(`${bucket}/scans/scan-1/jobs.jsonl`, JOBS.map((job) => JSON.stringify(job)).join('\n'));
    const planOutput = { scanId: 'scan-1', jobCount: 3, jobs: { bucket, key: 'scans/scan-1/jobs.jsonl' } };
    const handlers = {
      [SCAN_STATES.plan]: () => ({ Payload: planOutput }),
      [SCAN_STATES.worker]: (task: unknown) => {
        const job = (task as unknown as { Payload: ScanJobInput }).Payload;
        workerCalls.push(job);
        events.push('worker');
        if (job.region === 'eu-west-1') throw new Error('eu-west-1 is unreachable');
        return { Payload: { status: 'succeeded' } };
      },
      [SCAN_STATES.deadLetter]: (task: unknown) => {
        deadLetters.push((task as unknown as { MessageBody: ScanDeadLetter }).MessageBody);
        return { MessageId: 'm-1' };
      },
      [ANALYZE_STATE]: (task: unknown) => {
        analyzeCalls.push((task as unknown as { Payload: unknown }).Payload);
        events.push('analyze');
        return { Payload: { findingsOpened: 0 } };
      },
    };
    const local = withLocalDistributedMaps(definition as never, () => handlers as never, {
      objects,
      retryIntervalOverrides: { [SCAN_STATES.worker]: 0 },
    });
    const machine = new StateMachine(local.definition as never, { validationOptions: { checkArn: false } });

    // Act
    const execution = machine.run(
      { trigger: 'schedule' },
      { overrides: { taskResourceLocalHandlers: { ...handlers, ...local.handlers } as never } },
    );
    const output = (await execution.result) as { scanResults: { results: { Bucket: string; Key: string } } };

    // Assess
    expect(output).toMatchObject({ ...planOutput, scanResults: { mapRunArn: expect.any(String) } });
    const manifest = JSON.parse(stored.get(`${bucket}/${output.scanResults.results.Key}`) ?? '{}');
    expect(manifest.ResultFiles.SUCCEEDED).toHaveLength(1);
    expect(output.scanResults.results.Key).toMatch(/^scan-results\/.+\/manifest\.json$/);
    expect(analyzeCalls).toEqual([{ scanId: 'scan-1', trigger: 'scan' }]);
    expect(events.at(-1)).toBe('analyze');
    const attemptsPerRegion = (region: string) => workerCalls.filter((call) => call.region === region).length;
    expect(attemptsPerRegion('us-east-1')).toBe(2);
    expect(attemptsPerRegion('eu-west-1')).toBe(4);
    expect(workerCalls).toContainEqual({
      scanId: 'scan-1',
      accountId: '111111111111',
      accountName: 'production',
      region: 'us-east-1',
    });
    expect(workerCalls).toContainEqual({
      scanId: 'scan-1',
      accountId: '222222222222',
      accountName: null,
      region: 'us-east-1',
    });
    expect(deadLetters).toEqual([
      {
        scanId: 'scan-1',
        accountId: '111111111111',
        accountName: 'production',
        region: 'eu-west-1',
        error: expect.objectContaining({ Error: expect.any(String) }),
      },
    ]);
  });
});
