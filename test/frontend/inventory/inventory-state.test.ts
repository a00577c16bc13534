import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VIEW,
  filtersKey,
  inventorySearchParams,
  keyTags,
  nextSort,
  parseInventoryLocation,
  searchResources,
  sortResources,
  toResourceQuery,
} from '../../../frontend/src/inventory/inventory-state';
import { instance } from '../fixtures';

const a = instance({
  id: 'arn:a',
  name: 'web-10',
  region: 'us-east-1',
  lastSeen: '2026-11-23T00:00:00.000Z',
});
const b = instance({
  id: 'arn:b',
  name: 'web-9',
  accountId: '222222222222',
  region: 'eu-west-1',
  state: 'stopped',
  tags: { team: 'payments' },
  lastSeen: '2026-11-22T00:00:00.000Z',
});
const c = instance({
  id: 'arn:c',
  name: 'db-primary',
  region: 'eu-central-1',
  lastSeen: '2026-11-24T00:00:00.000Z',
});

describe('inventory state', () => {
  it('round-trips filters, search and sort through the URL', () => {
    // Prepare
    const location = {
      filters: {
        accountId: '111111111111',
        region: 'eu-west-1',
        type: 'ec2:volume' as const,
        state: 'available',
        tag: 'env=prod',
        includeGone: true,
      },
      view: { search: 'web', sort: 'lastSeen' as const, direction: 'desc' as const },
    };

    // Act
    const parsed = parseInventoryLocation(new URLSearchParams(inventorySearchParams(location).toString()));

    // Assess
    expect(parsed).toEqual(location);
  });

  it('ignores unknown types and sort keys in a hand-edited URL', () => {
    // Act
    const parsed = parseInventoryLocation(new URLSearchParams('type=ec2:spaceship&sort=colour&region=%20'));

    // Assess
    expect(parsed).toEqual({ filters: { includeGone: false }, view: DEFAULT_VIEW });
  });

  it('asks the API for full pages with only the filters that are set', () => {
    // Act
    const query = toResourceQuery({ accountId: '111111111111', tag: 'env', includeGone: false }, 'cursor-2');

    // Assess
    expect(query).toEqual({ accountId: '111111111111', tag: 'env', limit: 500, cursor: 'cursor-2' });
  });

  it('changes the reload key only when a server-side filter changes', () => {
    // Assess
    expect(filtersKey({ includeGone: false })).toBe(filtersKey({ includeGone: false }));
    expect(filtersKey({ includeGone: false })).not.toBe(filtersKey({ includeGone: true }));
    expect(filtersKey({ region: 'eu-west-1', includeGone: false })).not.toBe(
      filtersKey({ state: 'eu-west-1', includeGone: false }),
    );
  });

  it('searches every word across name, account name, state and tags', () => {
    // Prepare
    const names = new Map([['222222222222', 'Payments prod']]);

    // Act
    const byTag = searchResources([a, b, c], 'team=payments', names);
    const byAccountAndState = searchResources([a, b, c], 'PAYMENTS stopped', names);
    const none = searchResources([a, b, c], 'web nothing', names);

    // Assess
    expect(byTag).toEqual([b]);
    expect(byAccountAndState).toEqual([b]);
    expect(none).toEqual([]);
    expect(searchResources([a, b], '   ')).toEqual([a, b]);
  });

  it('sorts names naturally and times chronologically, in both directions', () => {
    // Act
    const byName = sortResources([a, b, c], 'name', 'asc').map((r) => r.name);
    const byLastSeenDesc = sortResources([a, b, c], 'lastSeen', 'desc').map((r) => r.id);
    const byAccountName = sortResources(
      [a, b],
      'account',
      'asc',
      new Map([
        ['111111111111', 'Zulu'],
        ['222222222222', 'Alpha'],
      ]),
    );

    // Assess
    expect(byName).toEqual(['db-primary', 'web-9', 'web-10']);
    expect(byLastSeenDesc).toEqual(['arn:c', 'arn:a', 'arn:b']);
    expect(byAccountName.map((r) => r.id)).toEqual(['arn:b', 'arn:a']);
  });

  it('flips the direction of the sorted column and starts time columns newest first', () => {
    // Assess
    expect(nextSort(DEFAULT_VIEW, 'name')).toEqual({ sort: 'name', direction: 'desc' });
    expect(nextSort(DEFAULT_VIEW, 'region')).toEqual({ sort: 'region', direction: 'asc' });
    expect(nextSort(DEFAULT_VIEW, 'lastSeen')).toEqual({ sort: 'lastSeen', direction: 'desc' });
  });

  it('picks well-known tags first and leaves out Name and aws: tags', () => {
    // Act
    const tags = keyTags({
      Name: 'x',
      'aws:cloudformation:stack-name': 's',
      zeta: '1',
      Owner: 'ana',
      Environment: 'prod',
      alpha: '2',
    });

    // Assess
    expect(tags).toEqual([
      ['Environment', 'prod'],
      ['Owner', 'ana'],
      ['alpha', '2'],
    ]);
  });

  it('searches and sorts 10,000 rows', () => {
    // Prepare
    const rows = Array.from({ length: 10_000 }, (_, i) =>
      instance({
        id: `arn:${i}`,
        name: `host-${(i * 7919) % 10_000}`,
        tags: { env: i % 2 ? 'prod' : 'dev' },
      }),
    );

    // Act
    const sorted = sortResources(searchResources(rows, 'env=prod'), 'name', 'asc');

    // Assess
    expect(sorted).toHaveLength(5_000);
    expect(sorted[0]!.name < sorted[1]!.name || sorted[0]!.name.length < sorted[1]!.name.length).toBe(true);
  });
});
