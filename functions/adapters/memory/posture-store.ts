import type { PostureStore } from '../../domain/ports';
import { type PostureSnapshot, PostureSnapshotSchema } from '../../domain/posture/snapshot';

/** The PostureStore in memory (the CLI and tests): one parsed snapshot per account, listed by account id. */
export class MemoryPostureStore implements PostureStore {
  private readonly snapshots = new Map<string, PostureSnapshot>();

  async putMany(snapshots: readonly PostureSnapshot[]): Promise<number> {
    for (const snapshot of snapshots) {
      this.snapshots.set(snapshot.accountId, PostureSnapshotSchema.parse(snapshot));
    }
    return snapshots.length;
  }

  async get(accountId: string): Promise<PostureSnapshot | undefined> {
    return this.snapshots.get(accountId);
  }

  async list(): Promise<readonly PostureSnapshot[]> {
    return [...this.snapshots.values()].sort((a, b) => a.accountId.localeCompare(b.accountId));
  }
}
