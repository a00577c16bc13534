/**
 * When each (account, region, type) was last collected successfully, so "last seen" can move on every
 * scan while scans still write only what changed (issue 10: `lastSeen` stayed at the last change).
 *
 * A resource's stored `lastSeen` is when it was last *written* (new or changed). A collection of its
 * type in its scope that succeeded and still returned it (it is not gone) saw it too: that is the
 * scope's last successful collection of the type, kept beside the scope's latest ScanRun.
 */
import type { Resource, ScanRun } from '../model';

/** Per type, when the type's collector(s) of one scope last succeeded (the run's `startedAt`). */
export type CollectedAt = Readonly<Record<string, string>>;

export interface ScopeCollection {
  readonly accountId: string;
  readonly region: string;
  readonly types: CollectedAt;
}

/** Types a run collected completely; older runs without the field count for every type only if they fully succeeded. */
export function collectedTypesOf(run: ScanRun): readonly string[] {
  if (run.status === 'failed') return [];
  return run.collectedTypes ?? (run.status === 'succeeded' ? Object.keys(run.counts) : []);
}

/** The scope's collection times after `run`: later times win, so a late retry of an older job cannot move them back. */
export function mergeCollected(previous: CollectedAt, run: ScanRun): CollectedAt {
  const next: Record<string, string> = { ...previous };
  for (const type of collectedTypesOf(run)) {
    const before = next[type];
    if (before === undefined || before < run.startedAt) next[type] = run.startedAt;
  }
  return next;
}

export const scopeKey = (accountId: string, region: string) => `${accountId}#${region}`;

/** A resource as the API shows it: `lastSeen` from the last successful collection, `lastChanged` as stored. */
export type PresentedResource = Resource & {
  /** When the resource's content last changed (the stored `lastSeen`: items are written only then). */
  readonly lastChanged: string;
  /** When its type was last collected successfully in its account and region; absent if never. */
  readonly lastCollectedAt?: string;
};

/**
 * `lastSeen` becomes the latest of the stored one and the scope's last successful collection of the
 * type, unless the resource is gone (then it was last seen before it went, as stored).
 */
export function presentResource(
  resource: Resource,
  collections: ReadonlyMap<string, CollectedAt>,
): PresentedResource {
  const collectedAt = collections.get(scopeKey(resource.accountId, resource.region))?.[resource.type];
  const seen =
    resource.goneAt === undefined && collectedAt !== undefined && collectedAt > resource.lastSeen
      ? collectedAt
      : resource.lastSeen;
  return {
    ...resource,
    lastSeen: seen,
    lastChanged: resource.lastSeen,
    ...(collectedAt === undefined ? {} : { lastCollectedAt: collectedAt }),
  };
}

export function collectionsByScope(collections: readonly ScopeCollection[]): Map<string, CollectedAt> {
  return new Map(collections.map((c) => [scopeKey(c.accountId, c.region), c.types]));
}
