/**
 * Events the sandbox emits, shaped as EventBridge delivers them to the hub bus, so the local runtime
 * can hand them to the health-event handler exactly as the hub's event rule would.
 *
 * Every instance state change (StopInstances, StartInstances, TerminateInstances, the crash hook)
 * emits `EC2 Instance State-change Notification` events: the transient state first (`stopping`,
 * `pending`, `shutting-down`), then the final one. Real events carry only `instance-id` and `state`;
 * the sandbox adds `state-reason` (`{ code, message }`, EC2's `StateReason` as DescribeInstances
 * reports it), which a forwarding rule with an input transformer or a lookup would supply in AWS.
 *
 * `crashInstance` stops a running instance "unexpectedly" with `Server.InternalError`, as a host
 * failure does; `POST /_sandbox/instances/<id>/crash` does the same over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { SandboxError } from './errors';
import type { FleetResource, FleetResourceOf } from './fleet';
import type { SandboxState } from './state';

export interface SandboxEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  /** EventBridge's format: seconds precision, `Z`. */
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

export type SandboxEventListener = (event: SandboxEvent) => void | Promise<void>;

const TRANSIENT: Readonly<Record<string, string>> = {
  stopped: 'stopping',
  terminated: 'shutting-down',
  running: 'pending',
};

/** EC2's StateReason for a StateTransitionReason text: `Server.InternalError: ...`, `User initiated (...)`. */
export function stateReasonOf(transition: string | undefined): { code: string; message: string } | undefined {
  if (!transition) return undefined;
  const coded = /^((?:Server|Client)\.[A-Za-z.]+)(?::\s*(.*))?$/.exec(transition);
  if (coded) return { code: coded[1]!, message: `${coded[1]}: ${coded[2] ?? coded[1]}` };
  if (transition.startsWith('User initiated')) {
    return {
      code: 'Client.UserInitiatedShutdown',
      message: 'Client.UserInitiatedShutdown: User initiated shutdown',
    };
  }
  return undefined;
}

const eventTime = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/** Emits the sandbox's events to subscribers, asynchronously (an AWS response never waits on them). */
export class SandboxEvents {
  private readonly listeners = new Set<SandboxEventListener>();
  private readonly log: SandboxEvent[] = [];
  /** Events kept for `GET /_sandbox/events`. */
  static readonly LOG_LIMIT = 1000;

  constructor(private readonly state: SandboxState) {
    state.onUpdate((accountId, before, after) => this.changed(accountId, before, after));
  }

  onEvent(listener: SandboxEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The latest events, oldest first. */
  recent(): readonly SandboxEvent[] {
    return [...this.log];
  }

  emit(event: SandboxEvent): void {
    this.log.push(event);
    if (this.log.length > SandboxEvents.LOG_LIMIT)
      this.log.splice(0, this.log.length - SandboxEvents.LOG_LIMIT);
    for (const listener of this.listeners) {
      setImmediate(() => {
        Promise.resolve()
          .then(() => listener(event))
          .catch((error: unknown) => console.error('sandbox event listener failed', error));
      });
    }
  }

  /** Stops a running instance the way a host failure does (`Server.InternalError`). */
  crashInstance(
    instanceId: string,
    code = 'Server.InternalError',
    message = 'Internal error',
  ): FleetResourceOf<'ec2:instance'> {
    for (const account of this.state.fleet.accounts) {
      for (const region of account.regions) {
        const instance = this.state.find(account.id, region, 'ec2:instance', instanceId);
        if (!instance) continue;
        if (instance.state !== 'running') {
          throw new SandboxError(
            409,
            'IncorrectInstanceState',
            `Instance ${instanceId} is ${instance.state}, not running`,
          );
        }
        const { statusChecks: _checks, ...attributes } = instance.attributes;
        const crashed = {
          ...instance,
          state: 'stopped',
          attributes: { ...attributes, stateReason: `${code}: ${message}` },
        };
        this.state.update(account.id, crashed);
        return crashed;
      }
    }
    throw new SandboxError(
      404,
      'InvalidInstanceID.NotFound',
      `The instance ID '${instanceId}' does not exist`,
    );
  }

  private changed(accountId: string, before: FleetResource, after: FleetResource): void {
    if (after.type !== 'ec2:instance' || before.state === after.state) return;
    const instance = after as FleetResourceOf<'ec2:instance'>;
    const arn = `arn:aws:ec2:${instance.region}:${accountId}:instance/${instance.id}`;
    const reason = after.state === 'running' ? undefined : stateReasonOf(instance.attributes.stateReason);
    const time = eventTime(this.state.now());
    const transient = TRANSIENT[after.state];
    for (const state of transient && transient !== before.state ? [transient, after.state] : [after.state]) {
      this.emit({
        version: '0',
        id: randomUUID(),
        'detail-type': 'EC2 Instance State-change Notification',
        source: 'aws.ec2',
        account: accountId,
        time,
        region: instance.region,
        resources: [arn],
        detail: { 'instance-id': instance.id, state, ...(reason ? { 'state-reason': reason } : {}) },
      });
    }
  }
}

/** The sandbox's event emitter (created, and hooked to state changes, on first use). */
export function sandboxEvents(state: SandboxState): SandboxEvents {
  return state.shared('events', () => new SandboxEvents(state));
}
