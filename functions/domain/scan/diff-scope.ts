import type { Resource, ResourceData, ResourceType, ScanRun } from '../model';
import { contentHash } from './content-hash';

export interface ScopeDiff {
  /** Items to write: new, changed, reappeared and newly gone. Unchanged items are never in here. */
  readonly writes: readonly Resource[];
  readonly changes: ScanRun['changes'];
}

const SECONDS_PER_DAY = 86_400;

/**
 * Compares what the collectors returned for one (account, scope) with what is stored for it.
 *
 * A stored resource is marked gone only when a collector authoritative for its type succeeded
 * (its type is in `succeededTypes`) and did not return it: a failed or skipped collection never
 * deletes inventory. Gone items keep their data and history and get `expiresAt` so the table's TTL
 * forgets them after `goneRetentionDays`. Pure: `now` comes in.
 *
 * `lastSeen` moves only when an item is written (new or changed): an unchanged resource costs no
 * write, and the scope's latest ScanRun says when it was last confirmed.
 */
export function diffScope(
  stored: readonly Resource[],
  collected: readonly ResourceData[],
  succeededTypes: ReadonlySet<ResourceType>,
  now: Date,
  goneRetentionDays: number,
): ScopeDiff {
  const nowIso = now.toISOString();
  const storedById = new Map(stored.map((r) => [r.id, r]));
  const collectedById = new Map(collected.map((r) => [r.id, r]));
  const writes: Resource[] = [];
  const changes = { added: 0, updated: 0, gone: 0, unchanged: 0 };

  for (const data of collectedById.values()) {
    const hash = contentHash(data);
    const previous = storedById.get(data.id);
    if (!previous) {
      writes.push({ ...data, firstSeen: nowIso, lastSeen: nowIso, contentHash: hash });
      changes.added++;
    } else if (previous.goneAt !== undefined) {
      // Reappeared (a restored or re-created resource with the same ARN): alive again, history kept.
      writes.push({ ...data, firstSeen: previous.firstSeen, lastSeen: nowIso, contentHash: hash });
      changes.added++;
    } else if (previous.contentHash !== hash) {
      writes.push({ ...data, firstSeen: previous.firstSeen, lastSeen: nowIso, contentHash: hash });
      changes.updated++;
    } else {
      changes.unchanged++;
    }
  }

  const expiresAt = Math.floor(now.getTime() / 1000) + Math.round(goneRetentionDays * SECONDS_PER_DAY);
  for (const previous of stored) {
    if (previous.goneAt !== undefined || collectedById.has(previous.id)) continue;
    if (!succeededTypes.has(previous.type)) continue;
    writes.push({ ...previous, goneAt: nowIso, expiresAt });
    changes.gone++;
  }

  return { writes, changes };
}
