import { describe, expect, it } from 'vitest';
import type { AccountHealth } from '../../../frontend/src/api/types';
import { healthRows, openBySeverity } from '../../../frontend/src/overview/overview-data';
import { accountSummary, scanRun } from '../fixtures';

const counts = (over: Partial<AccountHealth['openAlerts']> = {}) => ({
  critical: 0,
  high: 0,
  medium: 0,
  low: 0,
  informational: 0,
  ...over,
});

describe('overview data', () => {
  it('lists every account from health and scans, with scan status from scans where health has none', () => {
    // Prepare
    const health: AccountHealth[] = [
      { accountId: '222222222222', openAlerts: counts({ high: 2 }), totalOpen: 2, health: 'degraded' },
    ];
    const accounts = [
      accountSummary('111111111111', [
        {
          region: 'eu-west-1',
          lastScan: scanRun({ status: 'partial', finishedAt: '2026-11-23T00:00:05.000Z' }),
        },
        { region: 'us-east-1', lastScan: scanRun({ region: 'us-east-1' }) },
      ]),
    ];

    // Act
    const rows = healthRows(health, accounts);

    // Assess
    expect(rows).toEqual([
      { accountId: '111111111111', lastScanStatus: 'partial', lastScanAt: '2026-11-23T00:00:05.000Z' },
      { accountId: '222222222222', health: 'degraded', openAlerts: counts({ high: 2 }) },
    ]);
  });

  it('adds open alerts per severity over accounts', () => {
    // Act
    const totals = openBySeverity([
      { accountId: '1', openAlerts: counts({ critical: 1, low: 2 }), totalOpen: 3, health: 'critical' },
      { accountId: '2', openAlerts: counts({ critical: 2 }), totalOpen: 2, health: 'critical' },
    ]);

    // Assess
    expect(totals).toEqual(counts({ critical: 3, low: 2 }));
  });
});
