/**
 * Snapshots the `slowBackups` fault keeps pending (EBS `pending`, RDS `creating`): each describe that
 * returns one counts down; once its count has run out the next describe finds it completed, as a
 * real snapshot completes some time after CreateSnapshot / CreateDBSnapshot answered.
 */
import type { FleetResource } from '../fleet';
import type { SandboxContext } from '../service';

type Snapshot = Extract<FleetResource, { type: 'ec2:snapshot' | 'rds:db-snapshot' }>;

const keyOf = (context: SandboxContext, snapshot: Pick<Snapshot, 'type' | 'region' | 'id'>) =>
  `${context.account.id}|${snapshot.region}|${snapshot.type}|${snapshot.id}`;

function ledger(context: SandboxContext): Map<string, number> {
  return context.shared('pending-snapshots', () => new Map<string, number>());
}

/** The state a new snapshot of `source` starts in: pending under the fault, else `ready`. */
export function initialSnapshotState(
  context: SandboxContext,
  snapshot: Pick<Snapshot, 'type' | 'region' | 'id'>,
  source: string,
  states: { readonly pending: string; readonly ready: string },
): string {
  const describes = context.slowBackup(source);
  if (describes === undefined) return states.ready;
  ledger(context).set(keyOf(context, snapshot), describes);
  return states.pending;
}

/** Counts one describe of each pending snapshot returned; those whose count ran out are `ready` now. */
export function settleSnapshots<T extends Snapshot>(
  context: SandboxContext,
  snapshots: readonly T[],
  ready: string,
): T[] {
  const pending = ledger(context);
  if (pending.size === 0) return [...snapshots];
  return snapshots.map((snapshot) => {
    const key = keyOf(context, snapshot);
    const left = pending.get(key);
    if (left === undefined) return snapshot;
    if (left > 0) {
      pending.set(key, left - 1);
      return snapshot;
    }
    pending.delete(key);
    const completed = { ...snapshot, state: ready };
    context.update(completed);
    return completed;
  });
}
