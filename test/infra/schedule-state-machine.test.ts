/**
 * The scheduler's state machine as the hub stack synthesizes it, run in aws-local-stepfunctions with
 * local functions for the tasks: every scope ticks at the plan's instant, a failing scope is retried
 * and then set aside with its error while the others complete; and the infrastructure around it.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  SCHEDULE_STATES,
  type ScheduleTickInput,
} from '../../functions/shared/contract/schedule-state-machine';
import { LAMBDA_SERVICE_ERRORS } from '../../lib/constructs/hostmaster-function';
import { HUB_SCHEDULE_ROLE_NAME } from '../../lib/constructs/schedule-workflow';
import { flatten, hubStack, stateMachineWithState } from './helpers';

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

const SCOPES = [
  { accountId: '111111111111', region: 'eu-central-1' },
  { accountId: '111111111111', region: 'us-east-1' },
  { accountId: '222222222222', region: 'eu-central-1' },
];

describe('scheduler state machine', () => {
  let template: Template;
  let definition: StateMachineDefinition;

  beforeAll(() => {
    template = Template.fromStack(
      hubStack({
        'hostmaster:scheduleRate': 'rate(10 minutes)',
        'hostmaster:remediationExternalId': 'remediation-external-id',
      }),
    );
    definition = JSON.parse(
      flatten(
        stateMachineWithState(template, SCHEDULE_STATES.tickEachScope).resource.Properties.DefinitionString,
      ),
    ) as StateMachineDefinition;
  }, 120_000);

  it('retries a scope on every Lambda service error the scan retries, and on task failures', () => {
    // Prepare
    const states = (
      definition as unknown as {
        States: Record<
          string,
          { ItemProcessor?: { States: Record<string, { Retry?: { ErrorEquals: string[] }[] }> } }
        >;
      }
    ).States;
    const worker = states[SCHEDULE_STATES.tickEachScope]?.ItemProcessor?.States[SCHEDULE_STATES.worker];

    // Assess
    expect(worker?.Retry?.[0]?.ErrorEquals.sort()).toEqual(
      [...LAMBDA_SERVICE_ERRORS, 'States.TaskFailed'].sort(),
    );
  });

  it('ticks every scope at the plan instant and sets a failing scope aside without stopping the others', async () => {
    // Prepare
    const calls: ScheduleTickInput[] = [];
    const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
    // Act
    const execution = machine.run(
      { trigger: 'schedule', scheduledTime: '2026-03-02T07:00:00Z' },
      {
        overrides: {
          taskResourceLocalHandlers: {
            [SCHEDULE_STATES.plan]: () => ({ Payload: { at: '2026-03-02T07:00:00.000Z', scopes: SCOPES } }),
            [SCHEDULE_STATES.worker]: (task) => {
              const input = (task as unknown as { Payload: ScheduleTickInput }).Payload;
              calls.push(input);
              if (input.accountId === '222222222222') throw new Error('AssumeRole refused');
              return { Payload: { actions: 0 } };
            },
          },
          retryIntervalOverrides: { [SCHEDULE_STATES.worker]: 0 },
        },
      },
    );
    const result = await execution.result;
    // Assess
    expect(new Set(calls.map((c) => c.at))).toEqual(new Set(['2026-03-02T07:00:00.000Z']));
    expect(calls.filter((c) => c.accountId === '111111111111')).toHaveLength(2);
    // One attempt and two retries, then the scope is set aside and the execution still succeeds.
    expect(calls.filter((c) => c.accountId === '222222222222')).toHaveLength(3);
    expect(result).toMatchObject({ at: '2026-03-02T07:00:00.000Z', scopes: SCOPES });
  });

  it('runs on the configured rate, logs ALL, and the tick functions act through the remediation role', () => {
    // Assess
    const { id } = stateMachineWithState(template, SCHEDULE_STATES.tickEachScope);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(10 minutes)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({ Arn: { Ref: id } }),
    });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      DefinitionString: Match.anyValue(),
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: HUB_SCHEDULE_ROLE_NAME });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AssumeMemberRemediationRole',
            Action: 'sts:AssumeRole',
            Resource: {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/HostMasterRemediationRole']],
            },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          REMEDIATION_ROLE_NAME: 'HostMasterRemediationRole',
          REMEDIATION_EXTERNAL_ID: 'remediation-external-id',
        }),
      },
    });
  });
});
