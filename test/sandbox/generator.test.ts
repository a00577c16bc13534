import { describe, expect, it } from 'vitest';
import { RESOURCE_TYPES } from '../../functions/domain/model';
import { countResources, generateFleet } from './generator';
import { parseFleet } from './load-fleet';

describe('generateFleet', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    // Act
    const a = generateFleet({ seed: 11, accounts: 3, regions: 2, resources: 600 });
    const b = generateFleet({ seed: 11, accounts: 3, regions: 2, resources: 600 });
    const c = generateFleet({ seed: 12, accounts: 3, regions: 2, resources: 600 });

    // Assess
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('makes 10,000+ valid resources of every domain type over 10 accounts × 4 regions', () => {
    // Act
    const fleet = generateFleet({ seed: 1, accounts: 10, regions: 4, resources: 10_000 });

    // Assess
    expect(countResources(fleet)).toBeGreaterThanOrEqual(10_000);
    expect(fleet.accounts).toHaveLength(10);
    expect(fleet.accounts.every((a) => a.regions.length === 4)).toBe(true);
    const types = new Set(fleet.accounts.flatMap((a) => a.resources.map((r) => r.type)));
    expect([...types].sort()).toEqual([...RESOURCE_TYPES].sort());
    expect(() => parseFleet(JSON.parse(JSON.stringify(fleet)))).not.toThrow();
  });

  it('keeps cross-references valid: attachments, security groups, subnets, targets, snapshots', () => {
    // Prepare
    const fleet = generateFleet({ seed: 2, accounts: 2, regions: 2, resources: 1500 });

    // Act
    const broken: string[] = [];
    for (const account of fleet.accounts) {
      const ids = new Set(account.resources.map((r) => `${r.region}|${r.id}`));
      const has = (region: string, id: string | undefined) => id === undefined || ids.has(`${region}|${id}`);
      for (const r of account.resources) {
        if (r.type === 'ec2:instance') {
          const refs = [...r.attributes.volumeIds, ...r.attributes.securityGroupIds, r.attributes.subnetId];
          for (const id of refs) if (!has(r.region, id)) broken.push(`${r.id} -> ${id}`);
        }
        if (r.type === 'ec2:volume') {
          for (const x of r.attributes.attachments)
            if (!has(r.region, x.instanceId)) broken.push(`${r.id} -> ${x.instanceId}`);
        }
        if (r.type === 'elb:target-group') {
          for (const t of r.attributes.targets) if (!has(r.region, t.id)) broken.push(`${r.id} -> ${t.id}`);
        }
        if (r.type === 'rds:db-snapshot' && !has(r.region, r.attributes.dbInstanceIdentifier)) {
          broken.push(`${r.id} -> ${r.attributes.dbInstanceIdentifier}`);
        }
      }
    }

    // Assess
    expect(broken).toEqual([]);
  });

  it('plants roughly the requested share of problems', () => {
    // Act
    const none = generateFleet({ seed: 3, accounts: 2, regions: 2, resources: 2000, problemShare: 0 });
    const many = generateFleet({ seed: 3, accounts: 2, regions: 2, resources: 2000, problemShare: 0.3 });
    const imdsV1 = (f: typeof none) =>
      f.accounts
        .flatMap((a) => a.resources)
        .filter((r) => r.type === 'ec2:instance' && !r.attributes.imdsV2Required).length;

    // Assess
    expect(imdsV1(none)).toBe(0);
    expect(imdsV1(many)).toBeGreaterThan(20);
  });
});
