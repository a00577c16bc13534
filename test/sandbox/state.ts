/**
 * The live state of a sandbox: the fleet indexed per (account, region, type) in id order, so a page
 * is a slice, plus the role sessions its STS issued. Mutations replace resources in place.
 */
import { randomBytes } from 'node:crypto';
import { GLOBAL_REGION, type ResourceType } from '../../functions/domain/model';
import type { Fleet, FleetAccount, FleetResource, FleetResourceOf } from './fleet';
import type { CallerIdentity, IssuedSession } from './service';

/** The local, static credentials' identity in the hub account (any key the sandbox did not issue). */
export const LOCAL_USER_NAME = 'hostmaster-local';

interface Session {
  readonly accountId: string;
  readonly roleName: string;
  readonly sessionName: string;
  readonly roleId: string;
  readonly expiration: Date;
}

/** Why a key was refused. */
export type IdentityResult =
  | { ok: true; identity: CallerIdentity }
  | { ok: false; reason: 'unknown' | 'expired' };

/** Told of every resource replaced by `update`: the resource before and after. */
export type UpdateListener = (accountId: string, before: FleetResource, after: FleetResource) => void;

const compareIds = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class SandboxState {
  readonly accounts: ReadonlyMap<string, FleetAccount>;
  private readonly index = new Map<string, FleetResource[]>();
  private readonly sessions = new Map<string, Session>();
  private readonly extensions = new Map<string, unknown>();
  private readonly updateListeners = new Set<UpdateListener>();
  private sessionCounter = 0;

  constructor(
    readonly fleet: Fleet,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.accounts = new Map(fleet.accounts.map((a) => [a.id, a]));
    for (const account of fleet.accounts) {
      for (const resource of account.resources) {
        const key = this.key(account.id, resource.region, resource.type);
        const list = this.index.get(key);
        if (list) list.push(resource);
        else this.index.set(key, [resource]);
      }
    }
    for (const list of this.index.values()) list.sort(compareIds);
  }

  private key(accountId: string, region: string, type: string): string {
    return `${accountId}|${region}|${type}`;
  }

  now(): Date {
    return this.clock();
  }

  /** Resources of one type in one (account, region), sorted by id. `region: 'all'` merges every region. */
  list<T extends ResourceType>(accountId: string, region: string, type: T): readonly FleetResourceOf<T>[] {
    if (region === 'all') {
      const account = this.accounts.get(accountId);
      if (!account) return [];
      const merged = [GLOBAL_REGION, ...this.fleet.regions].flatMap((r) => this.list(accountId, r, type));
      return merged.sort(compareIds);
    }
    return (this.index.get(this.key(accountId, region, type)) ?? []) as unknown as FleetResourceOf<T>[];
  }

  private position(list: readonly FleetResource[], id: string): number {
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const midId = (list[mid] as FleetResource).id;
      if (midId === id) return mid;
      if (midId < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  find<T extends ResourceType>(
    accountId: string,
    region: string,
    type: T,
    id: string,
  ): FleetResourceOf<T> | undefined {
    if (region === 'all') return this.list(accountId, 'all', type).find((r) => r.id === id);
    const list = this.index.get(this.key(accountId, region, type)) ?? [];
    return list[this.position(list, id)] as FleetResourceOf<T> | undefined;
  }

  /** Replaces the resource with the same (account, region, type, id); throws if there is none. */
  update(accountId: string, resource: FleetResource): void {
    const list = this.index.get(this.key(accountId, resource.region, resource.type)) ?? [];
    const at = this.position(list, resource.id);
    if (at < 0) throw new Error(`No ${resource.type} ${resource.id} in ${accountId}/${resource.region}`);
    const before = list[at] as FleetResource;
    list[at] = resource;
    for (const listener of this.updateListeners) listener(accountId, before, resource);
  }

  /** Adds a resource (a snapshot or volume a mutation created); throws if the id is taken. */
  insert(accountId: string, resource: FleetResource): void {
    const key = this.key(accountId, resource.region, resource.type);
    const list = this.index.get(key) ?? [];
    if (this.position(list, resource.id) >= 0) {
      throw new Error(`${resource.type} ${resource.id} exists in ${accountId}/${resource.region}`);
    }
    list.push(resource);
    list.sort(compareIds);
    this.index.set(key, list);
  }

  /** Removes a resource (a deleted volume, a released address); false when there was none. */
  remove(accountId: string, resource: Pick<FleetResource, 'region' | 'type' | 'id'>): boolean {
    const list = this.index.get(this.key(accountId, resource.region, resource.type)) ?? [];
    const at = this.position(list, resource.id);
    if (at < 0) return false;
    list.splice(at, 1);
    return true;
  }

  /** Calls `listener` after every `update` (how `events.ts` emits state changes); returns the unsubscribe. */
  onUpdate(listener: UpdateListener): () => void {
    this.updateListeners.add(listener);
    return () => this.updateListeners.delete(listener);
  }

  /** Per-sandbox storage for services that keep their own state (an SNS outbox, ...). */
  shared<T>(key: string, create: () => T): T {
    if (!this.extensions.has(key)) this.extensions.set(key, create());
    return this.extensions.get(key) as T;
  }

  /** Issues role-session credentials whose access key id maps back to the account. */
  issueSession(
    accountId: string,
    roleName: string,
    sessionName: string,
    durationSeconds: number,
  ): IssuedSession {
    this.sessionCounter += 1;
    const suffix = this.sessionCounter.toString(36).toUpperCase().padStart(4, '0').slice(-4);
    const accessKeyId = `ASIA${accountId}${suffix}`;
    const roleId = `AROA${Buffer.from(`${accountId}:${roleName}`).toString('hex').toUpperCase().slice(0, 17)}`;
    const expiration = new Date(this.clock().getTime() + durationSeconds * 1000);
    this.sessions.set(accessKeyId, { accountId, roleName, sessionName, roleId, expiration });
    return {
      accessKeyId,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `FwoGZXIvYXdzE${randomBytes(48).toString('base64')}`,
      expiration,
      assumedRoleId: `${roleId}:${sessionName}`,
      arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    };
  }

  /** Who owns an access key: a session the sandbox issued, or (any other key) the hub's local user. */
  identify(accessKeyId: string): IdentityResult {
    const session = this.sessions.get(accessKeyId);
    if (session) {
      if (session.expiration.getTime() <= this.clock().getTime()) return { ok: false, reason: 'expired' };
      return {
        ok: true,
        identity: {
          accountId: session.accountId,
          arn: `arn:aws:sts::${session.accountId}:assumed-role/${session.roleName}/${session.sessionName}`,
          userId: `${session.roleId}:${session.sessionName}`,
          accessKeyId,
          assumedRole: true,
        },
      };
    }
    // Keys shaped like ours but unknown were issued by an earlier sandbox: AWS would not know them either.
    if (/^ASIA\d{12}[0-9A-Z]{4}$/.test(accessKeyId)) return { ok: false, reason: 'unknown' };
    const hub = this.fleet.organization.hubAccountId;
    return {
      ok: true,
      identity: {
        accountId: hub,
        arn: `arn:aws:iam::${hub}:user/${LOCAL_USER_NAME}`,
        userId: `AIDA${Buffer.from(hub).toString('hex').toUpperCase().slice(0, 17)}`,
        accessKeyId,
        assumedRole: false,
      },
    };
  }

  /** Counts per account and type, for `/_sandbox/state`. */
  summary(): {
    accounts: { id: string; name: string; regions: string[]; resources: Record<string, number> }[];
    totalResources: number;
  } {
    let totalResources = 0;
    const accounts = this.fleet.accounts.map((account) => {
      const resources: Record<string, number> = {};
      for (const [key, list] of this.index) {
        const [accountId, , type] = key.split('|');
        if (accountId !== account.id || !type) continue;
        resources[type] = (resources[type] ?? 0) + list.length;
        totalResources += list.length;
      }
      return { id: account.id, name: account.name, regions: account.regions, resources };
    });
    return { accounts, totalResources };
  }
}
