import { Aws, Stack, TimeZone } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
  TimeWindow,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';

export interface FunctionScheduleProps {
  /** The function the schedule invokes. */
  readonly target: IFunction;
  /** `rate(...)` or `cron(...)`, validated by readHubConfig. */
  readonly expression: string;
  readonly description: string;
  /** Keys merged into the event after `trigger` and `scheduledTime`. @default {} */
  readonly input?: Readonly<Record<string, unknown>>;
  /** IANA zone a cron expression is read in. @default 'Etc/UTC' */
  readonly timeZone?: string;
}

/**
 * An EventBridge Scheduler schedule that invokes a function, on time (no flexible window), retried
 * twice by the scheduler, with the scheduled time in the event so a late run still knows which slot
 * it serves. Each schedule gets its own role (trusting only Scheduler in this account, for the default
 * schedule group) so its one wildcard, the function's versions, is suppressed where it is created.
 */
export function scheduleFunction(scope: Construct, id: string, props: FunctionScheduleProps): Schedule {
  const stack = Stack.of(scope);
  const role = new Role(scope, `${id}Role`, {
    description: `Lets EventBridge Scheduler invoke the function of ${scope.node.path}/${id}`,
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: {
          'aws:SourceAccount': Aws.ACCOUNT_ID,
          'aws:SourceArn': stack.formatArn({
            service: 'scheduler',
            resource: 'schedule-group',
            resourceName: 'default',
          }),
        },
      },
    }),
  });
  const schedule = new Schedule(scope, id, {
    schedule: ScheduleExpression.expression(
      props.expression,
      props.timeZone ? TimeZone.of(props.timeZone) : TimeZone.ETC_UTC,
    ),
    description: props.description,
    timeWindow: TimeWindow.off(),
    target: new LambdaInvoke(props.target, {
      input: ScheduleTargetInput.fromObject({
        trigger: 'schedule',
        scheduledTime: ContextAttribute.scheduledTime,
        ...props.input,
      }),
      retryAttempts: 2,
      role,
    }),
  });
  NagSuppressions.addResourceSuppressions(
    role,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'lambda:InvokeFunction on the one target function includes its versions and aliases (<arn>:*).',
        appliesTo: [{ regex: '/^Resource::<.+\\.Arn>:\\*$/' }],
      },
    ],
    true,
  );
  return schedule;
}
