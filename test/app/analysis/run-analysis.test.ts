import { describe, expect, it } from 'vitest';
import { MemoryFindingStore } from '../../../functions/adapters/memory/finding-store';
import { MemoryPostureStore } from '../../../functions/adapters/memory/posture-store';
import { MemoryResourceStore } from '../../../functions/adapters/memory/resource-store';
import { MemoryUtilizationStore } from '../../../functions/adapters/memory/utilization-store';
import { runAnalysis } from '../../../functions/app/analysis/run-analysis';
import { StaticPriceBook } from '../../../functions/domain/cost/static-price-book';
import type { Resource } from '../../../functions/domain/model';
import type { Page, PostureStore, ResourceQuery, ResourceStore } from '../../../functions/domain/ports';
import type { PostureSnapshot } from '../../../functions/domain/posture/snapshot';
import {
  accountSummary,
  instance,
  NOW,
  permission,
  securityGroup,
} from '../../domain/rules/security/builders';

/** `count` resources of one account: an open security group, IMDSv1 instances and the account summary. */
function account(accountId: string, count: number): Resource[] {
  const ssh = permission('tcp', 22, 22, { ipv4: ['0.0.0.0/0'] });
  const resources: Resource[] = [
    accountSummary({}, { id: `arn:aws:iam::${accountId}:root`, accountId }),
    securityGroup({ ingress: [ssh] }, { id: `arn:aws:ec2:eu-west-1:${accountId}:sg/sg-1`, accountId }),
  ];
  for (let i = resources.length; i < count; i++) {
    resources.push(
      instance(
        { imdsV2Required: false },
        { id: `arn:aws:ec2:eu-west-1:${accountId}:instance/i-${i}`, accountId },
      ),
    );
  }
  return resources;
}

const SIZES: Record<string, number> = {
  '111111111111': 6,
  '222222222222': 14,
  '333333333333': 9,
  '444444444444': 3,
};

/**
 * Counts what the analysis holds: resources an account's reads returned stay held until that
 * account's posture snapshot is written (the last thing the analysis does with an account).
 */
class HeldResources {
  held = 0;
  peak = 0;
  readonly queries: ResourceQuery[] = [];
  private readonly loaded = new Map<string, number>();

  resources(inner: ResourceStore): ResourceStore {
    return {
      listScope: (accountId, region) => inner.listScope(accountId, region),
      putMany: (resources) => inner.putMany(resources),
      get: (id) => inner.get(id),
      query: async (query): Promise<Page<Resource>> => {
        this.queries.push(query);
        const page = await inner.query(query);
        for (const resource of page.items) {
          this.loaded.set(resource.accountId, (this.loaded.get(resource.accountId) ?? 0) + 1);
        }
        this.held += page.items.length;
        this.peak = Math.max(this.peak, this.held);
        return page;
      },
    };
  }

  posture(inner: PostureStore): PostureStore {
    return {
      get: (accountId) => inner.get(accountId),
      list: () => inner.list(),
      putMany: async (snapshots: readonly PostureSnapshot[]) => {
        for (const snapshot of snapshots) {
          this.held -= this.loaded.get(snapshot.accountId) ?? 0;
          this.loaded.delete(snapshot.accountId);
        }
        return inner.putMany(snapshots);
      },
    };
  }
}

describe('runAnalysis', () => {
  it('holds at most one account of resources at a time, each read by a keyed query', async () => {
    // Prepare
    const store = new MemoryResourceStore();
    await store.putMany(Object.entries(SIZES).flatMap(([id, size]) => account(id, size)));
    const spy = new HeldResources();
    const posture = new MemoryPostureStore();
    const findings = new MemoryFindingStore();

    // Act
    const summary = await runAnalysis({
      resources: spy.resources(store),
      accountIds: async () => Object.keys(SIZES),
      utilization: new MemoryUtilizationStore(),
      findings,
      posture: spy.posture(posture),
      prices: new StaticPriceBook(),
      now: () => NOW,
    });

    // Assess
    expect(spy.peak).toBe(Math.max(...Object.values(SIZES)));
    expect(spy.held).toBe(0);
    expect(spy.queries.length).toBeGreaterThan(0);
    for (const query of spy.queries) expect(Object.keys(SIZES)).toContain(query.accountId);
    expect(summary.resources).toBe(Object.values(SIZES).reduce((a, b) => a + b, 0));
    expect((await posture.list()).map((s) => s.accountId)).toEqual(Object.keys(SIZES));
    for (const accountId of Object.keys(SIZES)) {
      expect((await findings.listByAccount(accountId)).length).toBeGreaterThan(0);
    }
  });

  it('writes no posture snapshot for an account with no resources left', async () => {
    // Prepare
    const store = new MemoryResourceStore();
    await store.putMany(account('111111111111', 4));
    const posture = new MemoryPostureStore();

    // Act
    const summary = await runAnalysis({
      resources: store,
      accountIds: async () => ['111111111111', '999999999999'],
      utilization: new MemoryUtilizationStore(),
      findings: new MemoryFindingStore(),
      posture,
      prices: new StaticPriceBook(),
      now: () => NOW,
    });

    // Assess
    expect(summary.resources).toBe(4);
    expect((await posture.list()).map((s) => s.accountId)).toEqual(['111111111111']);
  });
});
