import { describe, expect, it } from 'vitest';
import type { Resource, ResourceData } from '../../../functions/domain/model';
import { contentHash, stableStringify } from '../../../functions/domain/scan/content-hash';
import { diffScope } from '../../../functions/domain/scan/diff-scope';
import { selectRegions } from '../../../functions/domain/scan/regions';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const EARLIER = '2026-11-01T00:00:00.000Z';

function vpc(id: string, cidrBlock = '10.0.0.0/16'): ResourceData {
  return {
    id: `arn:aws:ec2:eu-west-1:123456789012:vpc/${id}`,
    accountId: '123456789012',
    region: 'eu-west-1',
    type: 'ec2:vpc',
    name: id,
    state: 'available',
    tags: { team: 'core' },
    attributes: { cidrBlock, isDefault: false },
  };
}

function stored(data: ResourceData, extra: Partial<Resource> = {}): Resource {
  return {
    ...data,
    firstSeen: EARLIER,
    lastSeen: EARLIER,
    contentHash: contentHash(data),
    ...extra,
  } as Resource;
}

describe('diffScope', () => {
  it('writes new resources with first and last seen set to now', () => {
    // Act
    const diff = diffScope([], [vpc('vpc-1')], new Set(['ec2:vpc']), NOW, 30);

    // Assess
    expect(diff.changes).toEqual({ added: 1, updated: 0, gone: 0, unchanged: 0 });
    expect(diff.writes[0]).toMatchObject({ firstSeen: NOW.toISOString(), lastSeen: NOW.toISOString() });
  });

  it('writes nothing for resources whose content did not change', () => {
    // Act
    const diff = diffScope([stored(vpc('vpc-1'))], [vpc('vpc-1')], new Set(['ec2:vpc']), NOW, 30);

    // Assess
    expect(diff.writes).toEqual([]);
    expect(diff.changes.unchanged).toBe(1);
  });

  it('writes a changed resource keeping its first seen', () => {
    // Act
    const diff = diffScope(
      [stored(vpc('vpc-1'))],
      [vpc('vpc-1', '10.1.0.0/16')],
      new Set(['ec2:vpc']),
      NOW,
      30,
    );

    // Assess
    expect(diff.changes.updated).toBe(1);
    expect(diff.writes[0]).toMatchObject({ firstSeen: EARLIER, lastSeen: NOW.toISOString() });
  });

  it('marks a missing resource gone with a TTL when its collector succeeded', () => {
    // Act
    const diff = diffScope([stored(vpc('vpc-1'))], [], new Set(['ec2:vpc']), NOW, 30);

    // Assess
    expect(diff.changes.gone).toBe(1);
    expect(diff.writes[0]).toMatchObject({
      goneAt: NOW.toISOString(),
      expiresAt: NOW.getTime() / 1000 + 30 * 86_400,
      firstSeen: EARLIER,
      attributes: { cidrBlock: '10.0.0.0/16' },
    });
  });

  it('keeps a missing resource when the collector of its type did not succeed', () => {
    // Act
    const diff = diffScope([stored(vpc('vpc-1'))], [], new Set(['ec2:subnet']), NOW, 30);

    // Assess
    expect(diff.writes).toEqual([]);
    expect(diff.changes.gone).toBe(0);
  });

  it('does not write an already gone resource again', () => {
    // Act
    const diff = diffScope(
      [stored(vpc('vpc-1'), { goneAt: EARLIER, expiresAt: 1 })],
      [],
      new Set(['ec2:vpc']),
      NOW,
      30,
    );

    // Assess
    expect(diff.writes).toEqual([]);
  });

  it('brings a gone resource back without its TTL when it reappears', () => {
    // Act
    const diff = diffScope(
      [stored(vpc('vpc-1'), { goneAt: EARLIER, expiresAt: 1 })],
      [vpc('vpc-1')],
      new Set(['ec2:vpc']),
      NOW,
      30,
    );

    // Assess
    expect(diff.changes.added).toBe(1);
    expect(diff.writes[0]?.goneAt).toBeUndefined();
    expect(diff.writes[0]?.expiresAt).toBeUndefined();
    expect(diff.writes[0]?.firstSeen).toBe(EARLIER);
  });
});

describe('contentHash', () => {
  it('is the same whatever the key order and changes with any attribute', () => {
    // Prepare
    const a = vpc('vpc-1');
    const reordered = { ...a, attributes: { isDefault: false, cidrBlock: '10.0.0.0/16' } } as ResourceData;

    // Assess
    expect(contentHash(reordered)).toBe(contentHash(a));
    expect(contentHash(vpc('vpc-1', '10.9.0.0/16'))).not.toBe(contentHash(a));
    expect(stableStringify({ b: 1, a: undefined, c: [2, { y: 1, x: 0 }] })).toBe(
      '{"b":1,"c":[2,{"x":0,"y":1}]}',
    );
  });
});

describe('selectRegions', () => {
  it('narrows enabled regions to the allow list and removes denied ones', () => {
    // Assess
    expect(selectRegions(['us-east-1', 'eu-west-1', 'ap-south-1'], [], ['ap-south-1'])).toEqual([
      'eu-west-1',
      'us-east-1',
    ]);
    expect(selectRegions(['us-east-1', 'eu-west-1'], ['eu-west-1', 'af-south-1'], [])).toEqual(['eu-west-1']);
  });
});
