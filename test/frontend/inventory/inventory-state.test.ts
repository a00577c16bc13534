import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VIEW,
  inventorySearchParams,
  keyTags,
  nextSort,
  parseInventoryLocation,
  queryKey,
  toResourceQuery,
} from '../../../frontend/src/inventory/inventory-state';

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
      view: { search: 'web', match: 'contains' as const, sort: 'name' as const, direction: 'desc' as const },
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

  it('asks the API for a page with only the filters, search and order that are set', () => {
    // Act
    const plain = toResourceQuery(
      { filters: { accountId: '111111111111', tag: 'env', includeGone: false }, view: DEFAULT_VIEW },
      'cursor-2',
    );
    const searched = toResourceQuery({
      filters: { includeGone: true },
      view: { ...DEFAULT_VIEW, search: '  web ', match: 'contains', direction: 'desc' },
    });

    // Assess
    expect(plain).toEqual({ accountId: '111111111111', tag: 'env', limit: 100, cursor: 'cursor-2' });
    expect(searched).toEqual({ includeGone: true, q: 'web', match: 'contains', order: 'desc', limit: 100 });
  });

  it('changes the reload key when a filter, the search or the order changes, not for blanks', () => {
    // Prepare
    const base = { filters: { includeGone: false }, view: DEFAULT_VIEW };

    // Assess
    expect(queryKey(base)).toBe(queryKey({ ...base, view: { ...DEFAULT_VIEW, search: '   ' } }));
    expect(queryKey(base)).not.toBe(queryKey({ ...base, filters: { includeGone: true } }));
    expect(queryKey(base)).not.toBe(queryKey({ ...base, view: { ...DEFAULT_VIEW, direction: 'desc' } }));
    expect(queryKey({ filters: { region: 'eu-west-1', includeGone: false }, view: DEFAULT_VIEW })).not.toBe(
      queryKey({ filters: { state: 'eu-west-1', includeGone: false }, view: DEFAULT_VIEW }),
    );
  });

  it('flips the direction of the name order', () => {
    // Assess
    expect(nextSort(DEFAULT_VIEW, 'name')).toEqual({ sort: 'name', direction: 'desc' });
    expect(nextSort({ ...DEFAULT_VIEW, direction: 'desc' }, 'name')).toEqual({
      sort: 'name',
      direction: 'asc',
    });
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
});
