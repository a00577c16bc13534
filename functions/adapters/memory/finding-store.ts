import { type Finding, type FindingCategory, FindingSchema } from '../../domain/model';
import type { FindingStore } from '../../domain/ports';

/**
 * The FindingStore in memory (the CLI and tests). Stores parsed copies, so callers cannot mutate
 * what is stored, and lists in the same order as DynamoDB (account, then id).
 */
export class MemoryFindingStore implements FindingStore {
  private readonly items = new Map<string, Finding>();
  /** Number of items written so far (tests read it to check that only changes are written). */
  writes = 0;

  async listByCategory(category: FindingCategory): Promise<readonly Finding[]> {
    return this.sorted().filter((f) => f.category === category);
  }

  async listByAccount(accountId: string): Promise<readonly Finding[]> {
    return this.sorted().filter((f) => f.accountId === accountId);
  }

  async putMany(findings: readonly Finding[]): Promise<number> {
    for (const finding of findings) this.items.set(finding.id, FindingSchema.parse(finding));
    this.writes += findings.length;
    return findings.length;
  }

  async get(id: string): Promise<Finding | undefined> {
    return this.items.get(id);
  }

  private sorted(): Finding[] {
    const key = (f: Finding) => `${f.accountId}#${f.id}`;
    return [...this.items.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }
}
