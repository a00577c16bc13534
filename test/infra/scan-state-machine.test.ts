/**
 * Runs the scan state machine exactly as the hub stack synthesizes it, in aws-local-stepfunctions,
 * with local functions standing in for the Lambda and SQS tasks: proves the Map item shape, the
 * retry policy and that a Catch keeps the job beside its error on the way to the dead-letter queue.
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
    const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });

    // Act
    const execution = machine.run(
      { trigger: 'schedule' },
      {
        overrides: {
          taskResourceLocalHandlers: {
            [SCAN_STATES.plan]: () => ({ Payload: { scanId: 'scan-1', jobs: JOBS } }),
            [SCAN_STATES.worker]: (task) => {
              const job = (task as unknown as { Payload: ScanJobInput }).Payload;
              workerCalls.push(job);
              events.push('worker');
              if (job.region === 'eu-west-1') throw new Error('eu-west-1 is unreachable');
              return { Payload: { status: 'succeeded' } };
            },
            [SCAN_STATES.deadLetter]: (task) => {
              deadLetters.push((task as unknown as { MessageBody: ScanDeadLetter }).MessageBody);
              return { MessageId: 'm-1' };
            },
            [ANALYZE_STATE]: (task) => {
              analyzeCalls.push((task as unknown as { Payload: unknown }).Payload);
              events.push('analyze');
              return { Payload: { findingsOpened: 0 } };
            },
          },
          retryIntervalOverrides: { [SCAN_STATES.worker]: 0 },
        },
      },
    );
    const output = await execution.result;

    // Assess
    expect(output).toEqual({ scanId: 'scan-1', jobs: JOBS });
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
