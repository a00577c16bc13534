import type { ResourceUtilization, UtilizationStore } from '../../domain/ports';
import { ResourceUtilizationSchema } from '../dynamodb/utilization-store';

/** The UtilizationStore in memory (the CLI and tests); entries expire `retentionDays` after collection. */
export class MemoryUtilizationStore implements UtilizationStore {
  private readonly items = new Map<string, ResourceUtilization>();
  writes = 0;

  constructor(private readonly retentionDays = 3) {}

  async putMany(entries: readonly ResourceUtilization[]): Promise<number> {
    for (const entry of entries) this.items.set(entry.resourceId, ResourceUtilizationSchema.parse(entry));
    this.writes += entries.length;
    return entries.length;
  }

  async listAll(now: Date): Promise<readonly ResourceUtilization[]> {
    const horizon = now.getTime() - this.retentionDays * 86_400_000;
    return [...this.items.values()].filter((e) => Date.parse(e.collectedAt) > horizon);
  }
}
