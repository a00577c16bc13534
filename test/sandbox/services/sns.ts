/**
 * SNS (awsQuery, 2010-03-31): CreateTopic, Publish, Subscribe, ListSubscriptionsByTopic, Unsubscribe.
 *
 * Every published message lands in the topic's *outbox* (subject, message, attributes, timestamp and
 * the fan-out to the confirmed subscriptions at that moment), readable through `snsOutbox(state)` in
 * code and `GET /_sandbox/outbox` over HTTP, so tests and demos can assert what people would receive.
 * As in SNS, email subscriptions wait for confirmation (`POST /_sandbox/outbox/confirm` stands in for
 * the recipient's click) and SMS subscriptions are active at once; topics must exist before use.
 */
import { randomUUID } from 'node:crypto';
import {
  type SandboxContext,
  SandboxError,
  type SandboxRequest,
  type SandboxService,
  toXml,
  xmlList,
  xmlResult,
} from '../service';
import type { SandboxState } from '../state';

export interface OutboxDelivery {
  readonly protocol: string;
  readonly endpoint: string;
  readonly subscriptionArn: string;
}

export interface OutboxMessage {
  readonly messageId: string;
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** ISO time the sandbox accepted the Publish. */
  readonly timestamp: string;
  /** Epoch milliseconds (for latency measurements). */
  readonly receivedAtMs: number;
  /** The confirmed subscriptions it fanned out to. */
  readonly deliveries: readonly OutboxDelivery[];
}

export interface SnsSubscriptionState {
  readonly arn: string;
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly owner: string;
  confirmed: boolean;
}

interface Topic {
  readonly arn: string;
  readonly subscriptions: SnsSubscriptionState[];
  readonly outbox: OutboxMessage[];
}

type Listener = (message: OutboxMessage) => void;

/** The sandbox's SNS state: topics, subscriptions and every published message. */
export class SnsOutbox {
  private readonly topics = new Map<string, Topic>();
  private readonly listeners = new Set<Listener>();

  createTopic(arn: string): string {
    if (!this.topics.has(arn)) this.topics.set(arn, { arn, subscriptions: [], outbox: [] });
    return arn;
  }

  topic(arn: string): Topic {
    const topic = this.topics.get(arn);
    if (!topic) throw new SandboxError(404, 'NotFound', 'Topic does not exist');
    return topic;
  }

  topicArns(): string[] {
    return [...this.topics.keys()].sort();
  }

  /** Messages published to one topic (or every topic), oldest first. */
  messages(topicArn?: string): OutboxMessage[] {
    if (topicArn !== undefined) return [...(this.topics.get(topicArn)?.outbox ?? [])];
    return [...this.topics.values()].flatMap((t) => t.outbox).sort((a, b) => a.receivedAtMs - b.receivedAtMs);
  }

  /** Calls `listener` for every message published from now on; returns the unsubscribe function. */
  onMessage(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets published messages (subscriptions and topics stay). */
  clear(): number {
    let cleared = 0;
    for (const topic of this.topics.values()) cleared += topic.outbox.splice(0).length;
    return cleared;
  }

  publish(topicArn: string, message: Omit<OutboxMessage, 'deliveries' | 'topicArn'>): OutboxMessage {
    const topic = this.topic(topicArn);
    const stored: OutboxMessage = {
      ...message,
      topicArn,
      deliveries: topic.subscriptions
        .filter((s) => s.confirmed)
        .map((s) => ({ protocol: s.protocol, endpoint: s.endpoint, subscriptionArn: s.arn })),
    };
    topic.outbox.push(stored);
    for (const listener of this.listeners) listener(stored);
    return stored;
  }

  subscribe(topicArn: string, protocol: string, endpoint: string, owner: string): SnsSubscriptionState {
    const topic = this.topic(topicArn);
    const existing = topic.subscriptions.find((s) => s.protocol === protocol && s.endpoint === endpoint);
    if (existing) return existing;
    const subscription: SnsSubscriptionState = {
      arn: `${topicArn}:${randomUUID()}`,
      topicArn,
      protocol,
      endpoint,
      owner,
      confirmed:
        protocol !== 'email' && protocol !== 'email-json' && protocol !== 'http' && protocol !== 'https',
    };
    topic.subscriptions.push(subscription);
    return subscription;
  }

  /** What the recipient's click on SNS's confirmation link does. False when there is no such subscription. */
  confirm(topicArn: string, endpoint: string): boolean {
    const subscription = this.topics.get(topicArn)?.subscriptions.find((s) => s.endpoint === endpoint);
    if (!subscription) return false;
    subscription.confirmed = true;
    return true;
  }

  subscriptions(topicArn: string): readonly SnsSubscriptionState[] {
    return this.topic(topicArn).subscriptions;
  }

  unsubscribe(subscriptionArn: string): boolean {
    for (const topic of this.topics.values()) {
      const at = topic.subscriptions.findIndex((s) => s.arn === subscriptionArn);
      if (at >= 0) {
        topic.subscriptions.splice(at, 1);
        return true;
      }
    }
    return false;
  }

  summary() {
    return {
      topics: [...this.topics.values()].map((t) => ({
        topicArn: t.arn,
        subscriptions: t.subscriptions.map((s) => ({
          subscriptionArn: s.arn,
          protocol: s.protocol,
          endpoint: s.endpoint,
          confirmed: s.confirmed,
        })),
        messages: t.outbox,
      })),
    };
  }
}

/** The sandbox's SNS state (created on first use). */
export function snsOutbox(state: Pick<SandboxState, 'shared'>): SnsOutbox {
  return state.shared('sns', () => new SnsOutbox());
}

const PROTOCOLS = new Set([
  'email',
  'email-json',
  'sms',
  'http',
  'https',
  'sqs',
  'lambda',
  'application',
  'firehose',
]);
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
/** SNS's own check is loose; the sandbox insists on E.164 so that HostMaster's validation is tested. */
const E164 = /^\+[1-9]\d{6,14}$/;
const MAX_MESSAGE_BYTES = 256 * 1024;

const invalid = (message: string) =>
  new SandboxError(400, 'InvalidParameter', `Invalid parameter: ${message}`);

function required(request: SandboxRequest, name: string): string {
  const value = request.params.get(name);
  if (value === undefined || value === '') throw invalid(`${name} Reason: must not be empty`);
  return value;
}

/** A topic of the calling account in the request's region. */
function ownTopic(request: SandboxRequest, context: SandboxContext): string {
  const arn = required(request, 'TopicArn');
  const [, , service, region, account] = arn.split(':');
  if (service !== 'sns' || !region || !account) throw invalid('TopicArn');
  if (account !== context.account.id || region !== request.region) {
    throw new SandboxError(403, 'AuthorizationError', 'User is not authorized to access this topic');
  }
  return arn;
}

function messageAttributes(request: SandboxRequest): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const entry of request.params.structs('MessageAttributes.entry')) {
    const name = entry.get('Name');
    const value = entry.get('Value.StringValue');
    if (name !== undefined && value !== undefined) attributes[name] = value;
  }
  return attributes;
}

export const snsService: SandboxService = {
  name: 'sns',
  signingName: 'sns',
  protocol: 'awsQuery',
  xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/',
  actions: {
    CreateTopic: (request, context) => {
      const name = required(request, 'Name');
      if (!TOPIC_NAME.test(name)) throw invalid('Topic Name');
      const arn = snsOutbox(context).createTopic(
        `arn:aws:sns:${request.region}:${context.account.id}:${name}`,
      );
      return xmlResult(toXml({ TopicArn: arn }));
    },

    Publish: (request, context) => {
      const topicArn = ownTopic(request, context);
      const message = required(request, 'Message');
      if (Buffer.byteLength(message, 'utf8') > MAX_MESSAGE_BYTES) {
        throw invalid('Message too long');
      }
      const subject = request.params.get('Subject');
      if (subject !== undefined && (subject.length > 100 || !/^[\x20-\x7e]*$/.test(subject))) {
        throw invalid('Subject');
      }
      const now = context.now();
      const published = snsOutbox(context).publish(topicArn, {
        messageId: randomUUID(),
        ...(subject === undefined ? {} : { subject }),
        message,
        attributes: messageAttributes(request),
        timestamp: now.toISOString(),
        receivedAtMs: Date.now(),
      });
      return xmlResult(toXml({ MessageId: published.messageId }));
    },

    Subscribe: (request, context) => {
      const topicArn = ownTopic(request, context);
      const protocol = required(request, 'Protocol');
      if (!PROTOCOLS.has(protocol)) throw invalid('Invalid protocol type');
      const endpoint = required(request, 'Endpoint');
      if (protocol === 'sms' && !E164.test(endpoint)) throw invalid('SMS endpoint');
      if (
        (protocol === 'email' || protocol === 'email-json') &&
        !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(endpoint)
      ) {
        throw invalid('Email address');
      }
      const subscription = snsOutbox(context).subscribe(topicArn, protocol, endpoint, context.account.id);
      const returnArn = request.params.bool('ReturnSubscriptionArn') === true;
      return xmlResult(
        toXml({
          SubscriptionArn: subscription.confirmed || returnArn ? subscription.arn : 'pending confirmation',
        }),
      );
    },

    ListSubscriptionsByTopic: (request, context) => {
      const topicArn = ownTopic(request, context);
      const subscriptions = snsOutbox(context).subscriptions(topicArn);
      const page = context.page(subscriptions, {
        action: 'ListSubscriptionsByTopic',
        maxResults: undefined,
        nextToken: request.params.get('NextToken'),
        max: 100,
        tokenError: () => invalid('NextToken'),
      });
      return xmlResult(
        toXml({
          Subscriptions: xmlList(
            'member',
            page.items.map((s) => ({
              TopicArn: s.topicArn,
              Protocol: s.protocol,
              SubscriptionArn: s.confirmed ? s.arn : 'PendingConfirmation',
              Owner: s.owner,
              Endpoint: s.endpoint,
            })),
          ),
          NextToken: page.nextToken,
        }),
      );
    },

    Unsubscribe: (request, context) => {
      const arn = required(request, 'SubscriptionArn');
      if (!snsOutbox(context).unsubscribe(arn))
        throw new SandboxError(404, 'NotFound', 'Subscription does not exist');
      return xmlResult('');
    },
  },
};
