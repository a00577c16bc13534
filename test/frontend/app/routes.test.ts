import { describe, expect, it } from 'vitest';
import { isAdmin, primaryGroup } from '../../../frontend/src/app/groups';
import { parseRoute, resourceHref, routeHref } from '../../../frontend/src/app/routes';

describe('routes', () => {
  it('opens a resource by its encoded ARN and back', () => {
    // Prepare
    const arn = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/web/50dc6c495c0c9188';

    // Act
    const href = resourceHref(arn);
    const route = parseRoute(href);

    // Assess
    expect(href).toBe(`#/resources/${encodeURIComponent(arn)}`);
    expect(route).toEqual({ name: 'resource', id: arn });
  });

  it('reads inventory filters from the hash query', () => {
    // Act
    const route = parseRoute('#/inventory?account=111111111111&gone=1&q=web');

    // Assess
    expect(route).toMatchObject({
      name: 'inventory',
      filters: { accountId: '111111111111', includeGone: true },
      view: { search: 'web' },
    });
    expect(routeHref(route)).toBe('#/inventory?account=111111111111&gone=1&q=web');
  });

  it('keeps inventory links from before the overview became the landing page', () => {
    // Assess
    expect(parseRoute('#/?account=111111111111')).toMatchObject({
      name: 'inventory',
      filters: { accountId: '111111111111' },
    });
  });

  it('lands on the overview and names every page', () => {
    // Assess
    expect(parseRoute('')).toEqual({ name: 'overview' });
    expect(parseRoute('#/')).toEqual({ name: 'overview' });
    expect(parseRoute('#/inventory')).toMatchObject({ name: 'inventory' });
    for (const name of ['cost', 'security', 'alerts', 'accounts'] as const) {
      expect(parseRoute(`#/${name}`)).toEqual({ name });
      expect(routeHref({ name })).toBe(`#/${name}`);
    }
    expect(parseRoute('#/security/report?account=111111111111')).toEqual({
      name: 'security-report',
      accountId: '111111111111',
    });
    expect(routeHref({ name: 'security-report' })).toBe('#/security/report');
    expect(routeHref({ name: 'overview' })).toBe('#/');
  });

  it('reads the admin settings page and links back to it', () => {
    // Assess
    expect(parseRoute('#/settings')).toEqual({ name: 'settings' });
    expect(routeHref({ name: 'settings' })).toBe('#/settings');
  });

  it('opens the approve page from an emailed link with its id and token, and not without either', () => {
    // Prepare
    const token = 'eyJ2IjoxfQ.bWFj-_';

    // Act
    const route = parseRoute(`#/approve?id=rem-20261203-abcd1234&token=${token}`);

    // Assess
    expect(route).toEqual({ name: 'approve', id: 'rem-20261203-abcd1234', token });
    expect(parseRoute(routeHref(route))).toEqual(route);
    expect(parseRoute('#/approve?id=rem-20261203-abcd1234')).toMatchObject({ name: 'not-found' });
  });

  it('treats unknown paths as not found', () => {
    // Assess
    expect(parseRoute('#/preferences')).toEqual({ name: 'not-found', path: '/preferences' });
    expect(parseRoute('#/resources/%E0%A4%A')).toMatchObject({ name: 'not-found' });
  });

  it('names the most privileged group and recognises admins', () => {
    // Assess
    expect(primaryGroup(['viewer', 'admin', 'operator'])).toBe('admin');
    expect(primaryGroup(['operator'])).toBe('operator');
    expect(primaryGroup([])).toBeUndefined();
    expect(isAdmin(['viewer', 'operator'])).toBe(false);
    expect(isAdmin(['admin'])).toBe(true);
  });
});
