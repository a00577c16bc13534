import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../functions/domain/alerts/alert';
import { decide } from '../../../functions/domain/alerts/decide';
import { buildDigest } from '../../../functions/domain/alerts/digest';
import { EMPTY_LEDGER } from '../../../functions/domain/alerts/ledger';
import { healthOverview } from '../../../functions/domain/alerts/overview';
import type { Finding, ScanRun } from '../../../functions/domain/model';
import type { Exception } from '../../../functions/domain/posture/exceptions';
import { at, crash, POLICY, T0 } from './fixtures';

const open = decide({ ledger: EMPTY_LEDGER }, crash(), T0, POLICY).alert!;
const resolved: Alert = {
  ...decide({ ledger: EMPTY_LEDGER }, crash({ dedupeKey: 'other', severity: 'high' }), T0, POLICY).alert!,
  status: 'resolved',
  resolvedAt: at(30).toISOString(),
};

function finding(id: string, status: Finding['status'], firstSeen: string, resolvedAt?: string): Finding {
  return {
    id,
    ruleId: 'elb-no-healthy-targets',
    resourceId: `arn:lb/${id}`,
    resourceType: 'elb:load-balancer',
    resourceName: id,
    accountId: '111111111111',
    region: 'eu-west-1',
    category: 'reliability',
    severity: 'critical',
    title: 'Load balancer has no healthy target',
    evidence: {},
    references: [],
    status,
    firstSeen,
    lastSeen: firstSeen,
    ...(resolvedAt ? { resolvedAt } : {}),
  };
}

const DAY = 24 * 60;

function exception(id: string, expiresInMinutes: number, overrides: Partial<Exception> = {}): Exception {
  return {
    id,
    ruleId: 's3-bucket-public-read',
    accountId: '111111111111',
    scope: { kind: 'resource', resourceId: `arn:aws:s3:::${id}` },
    reason: `Static site ${id}, reviewed by security`,
    expiresAt: at(expiresInMinutes).toISOString(),
    createdBy: 'alice@example.com',
    createdAt: at(-30 * DAY).toISOString(),
    ...overrides,
  };
}

describe('buildDigest', () => {
  it('reports only what changed since the previous digest, plus what is still open', () => {
    // Prepare
    const since = at(-60).toISOString();
    const findings = [
      finding('new', 'open', at(10).toISOString()),
      finding('old', 'open', at(-600).toISOString()),
      finding('fixed', 'resolved', at(-600).toISOString(), at(20).toISOString()),
    ];
    // Act
    const digest = buildDigest({
      kind: 'daily',
      since,
      now: at(120),
      alerts: [open, resolved, open],
      findings,
      dashboardUrl: POLICY.dashboardUrl,
    });
    // Assess
    expect(digest.empty).toBe(false);
    expect(digest.openAlerts.map((a) => a.id)).toEqual([open.id]);
    expect(digest.openedAlerts).toHaveLength(2);
    expect(digest.resolvedAlerts.map((a) => a.id)).toEqual([resolved.id]);
    expect(digest.newFindings.map((f) => f.id)).toEqual(['new']);
    expect(digest.resolvedFindings.map((f) => f.id)).toEqual(['fixed']);
    expect(digest.text).toContain('Open alerts (1)');
    expect(digest.text).toContain('New findings (1)');
    expect(digest.text).not.toContain('Cost');
    expect(digest.text).not.toContain('Exceptions expiring');
    expect(digest.expiringExceptions).toEqual([]);
    expect(digest.subject).toBe('[HostMaster] Daily digest: 1 open alert, 1 new finding');
  });

  it('adds the cost section only when cost data exists', () => {
    // Act
    const digest = buildDigest({
      kind: 'weekly',
      now: at(120),
      alerts: [open],
      findings: [],
      cost: {
        monthToDateUsd: 1234.5,
        previousMonthToDateUsd: 1000,
        forecastMonthUsd: 1600.25,
        currency: 'USD',
      },
      dashboardUrl: POLICY.dashboardUrl,
    });
    // Assess
    expect(digest.cost?.deltaUsd).toBe(234.5);
    expect(digest.text).toContain(
      'Month to date: $1,234.50 (+$234.50, +23.5% against the same days last month)',
    );
    expect(digest.text).toContain('Forecast for the month: $1,600.25');
    expect(digest.text).toContain('  https://hostmaster.example.com/#/cost');
  });

  it('links every alert, finding and expiring exception absolutely to its page, with numbers grouped', () => {
    // Prepare: 1,234 new findings, one of them a saving, and spend below last month's.
    const findings = Array.from({ length: 1234 }, (_, i) => ({
      ...finding(`lb-${i}`, 'open', at(10).toISOString()),
      ...(i === 0
        ? { category: 'cost' as const, severity: 'critical' as const, monthlySavingsUsd: 12345.678 }
        : {}),
    }));

    // Act
    const digest = buildDigest({
      kind: 'daily',
      since: at(-60).toISOString(),
      now: at(120),
      alerts: [open],
      findings,
      cost: { monthToDateUsd: 98765.4, previousMonthToDateUsd: 100000, currency: 'USD' },
      exceptions: [
        exception('site', 3 * DAY),
        exception('tagged', DAY, { scope: { kind: 'tag', key: 'team', value: 'web' } }),
      ],
      dashboardUrl: 'https://hostmaster.example.com/',
      accountNames: new Map([['111111111111', 'payments-prod']]),
    });

    // Assess
    const lines = digest.text.split('\n');
    const lineBelow = (text: string) => lines[lines.findIndex((l) => l.includes(text)) + 1];
    expect(lineBelow('CRITICAL Instance stopped unexpectedly')).toBe(
      '    https://hostmaster.example.com/#/resources/arn:aws:ec2:eu-west-1:111111111111:instance%2Fi-0abc123def4567890',
    );
    expect(digest.text).toContain('New findings (1,234)');
    expect(lineBelow('lb-0, account payments-prod (111111111111), eu-west-1, saves $12,345.68/month')).toBe(
      '    https://hostmaster.example.com/#/resources/arn:lb%2Flb-0',
    );
    expect(digest.text).toContain('  ... and 1,214 more: https://hostmaster.example.com/#/security');
    expect(digest.text).toContain(
      'Month to date: $98,765.40 (-$1,234.60, -1.2% against the same days last month)',
    );
    expect(lineBelow('on resource arn:aws:s3:::site')).toBe(
      '    https://hostmaster.example.com/#/resources/arn:aws:s3:::site',
    );
    expect(lineBelow('on tag team=web')).toBe('    https://hostmaster.example.com/#/security');
    expect(lines.at(-1)).toBe('Dashboard: https://hostmaster.example.com/#/');
    expect(digest.subject).toBe(
      '[HostMaster] Daily digest: 1 open alert, 1,234 new findings, 2 exceptions expiring',
    );
    // Every link in the digest is absolute.
    const links = digest.text.match(/\S*#\/\S*/g) ?? [];
    expect(links.length).toBeGreaterThan(20);
    expect(links.every((link) => link.startsWith('https://hostmaster.example.com/#/'))).toBe(true);
  });

  it('is empty when nothing changed in the window, even with an alert still open', () => {
    // Act
    const digest = buildDigest({
      kind: 'daily',
      since: at(10).toISOString(),
      now: at(600),
      alerts: [open],
      findings: [finding('old', 'open', at(-600).toISOString())],
      dashboardUrl: POLICY.dashboardUrl,
    });
    // Assess
    expect(digest.empty).toBe(true);
  });

  it.each(['daily', 'weekly'] as const)(
    'reminds of exceptions expiring within 7 days in the %s digest, not of later or expired ones',
    (kind) => {
      // Prepare
      const now = at(0);
      const { accountId: _everyAccount, ...tagged } = exception('tagged', 6 * DAY, {
        scope: { kind: 'tag', key: 'env', value: 'sandbox' },
        reason: 'Sandbox\naccounts only',
        createdBy: 'bob@example.com',
      });
      const exceptions = [
        exception('later', 30 * DAY),
        exception('soon', 3 * DAY),
        exception('lapsed', -DAY),
        tagged,
      ];
      // Act
      const digest = buildDigest({
        kind,
        since: at(-60).toISOString(),
        now,
        alerts: [],
        findings: [],
        exceptions,
        dashboardUrl: POLICY.dashboardUrl,
      });
      // Assess
      expect(digest.expiringExceptions.map((e) => e.id)).toEqual(['soon', 'tagged']);
      expect(digest.empty).toBe(false);
      expect(digest.subject).toContain(': 0 open alerts, 0 new findings, 2 exceptions expiring');
      expect(digest.text).toContain('Exceptions expiring within 7 days (2)');
      expect(digest.text).toContain(
        '  - s3-bucket-public-read on resource arn:aws:s3:::soon (account 111111111111) expires 2026-11-26 12:00 UTC: "Static site soon, reviewed by security", set by alice@example.com on 2026-10-24 12:00 UTC',
      );
      expect(digest.text).toContain(
        '  - s3-bucket-public-read on tag env=sandbox (every account) expires 2026-11-29 12:00 UTC: "Sandbox accounts only", set by bob@example.com',
      );
      expect(digest.text).not.toContain('later');
      expect(digest.text).not.toContain('lapsed');
    },
  );
});

describe('healthOverview', () => {
  it('counts active alerts by severity per account and takes the worst latest scan status', () => {
    // Prepare
    const run = (
      accountId: string,
      region: string,
      status: ScanRun['status'],
      finishedAt: string,
    ): ScanRun => ({
      scanId: 's',
      accountId,
      region,
      startedAt: finishedAt,
      finishedAt,
      durationMs: 1,
      status,
      counts: {},
      changes: { added: 0, updated: 0, gone: 0, unchanged: 0 },
      apiCalls: 0,
      retries: 0,
      errors: [],
    });
    const runs = [
      run('111111111111', 'eu-west-1', 'succeeded', at(1).toISOString()),
      run('111111111111', 'us-east-1', 'partial', at(2).toISOString()),
      run('222222222222', 'eu-west-1', 'succeeded', at(3).toISOString()),
    ];
    // Act
    const overview = healthOverview([open, resolved], runs);
    // Assess
    expect(overview).toEqual([
      expect.objectContaining({
        accountId: '111111111111',
        totalOpen: 1,
        openAlerts: expect.objectContaining({ critical: 1, high: 0 }),
        lastScanStatus: 'partial',
        lastScanAt: at(2).toISOString(),
        health: 'critical',
      }),
      expect.objectContaining({ accountId: '222222222222', totalOpen: 0, health: 'ok' }),
    ]);
  });
});
