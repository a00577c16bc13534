import { EventBus } from 'aws-cdk-lib/aws-events';
import { AccountPrincipal, AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { MemberEventsConfig } from '../config';

/**
 * Events member stacks forward to the hub bus and the hub's health rule matches: one list, so the two
 * ends cannot drift apart.
 */
export const FORWARDED_EVENTS = {
  source: ['aws.ec2', 'aws.health', 'aws.rds'],
  detailType: [
    'EC2 Instance State-change Notification',
    'AWS Health Event',
    'RDS DB Instance Event',
    'RDS DB Cluster Event',
  ],
} as const;

export interface MemberEventBusProps {
  /** Fixed name, because member stacks build the bus ARN from it. */
  readonly eventBusName: string;
  /** Who may put events: listed accounts and/or every account of an organization. */
  readonly senders: MemberEventsConfig;
}

/**
 * The hub bus that member accounts forward EC2 state changes, AWS Health and RDS events to, so health
 * alerts arrive in seconds rather than at the next scan. Its resource policy admits `events:PutEvents`
 * only from the listed member accounts or, when an organization id is given, from principals of that
 * organization; with neither, only the hub account itself can put events.
 */
export class MemberEventBus extends Construct {
  readonly eventBus: EventBus;

  constructor(scope: Construct, id: string, props: MemberEventBusProps) {
    super(scope, id);
    this.eventBus = new EventBus(this, 'Bus', { eventBusName: props.eventBusName });
    const { memberAccounts, organizationId } = props.senders;
    if (memberAccounts.length > 0) {
      this.eventBus.addToResourcePolicy(
        new PolicyStatement({
          sid: 'MemberAccountsPutEvents',
          effect: Effect.ALLOW,
          principals: memberAccounts.map((account) => new AccountPrincipal(account)),
          actions: ['events:PutEvents'],
          resources: [this.eventBus.eventBusArn],
        }),
      );
    }
    if (organizationId) {
      this.eventBus.addToResourcePolicy(
        new PolicyStatement({
          sid: 'OrganizationPutEvents',
          effect: Effect.ALLOW,
          principals: [new AnyPrincipal()],
          actions: ['events:PutEvents'],
          resources: [this.eventBus.eventBusArn],
          conditions: { StringEquals: { 'aws:PrincipalOrgID': organizationId } },
        }),
      );
    }
  }
}
