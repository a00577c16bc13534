import { describe, expect, it } from 'vitest';
import {
  jobsNotRun,
  resourceCount,
  scanFinished,
  sortAccounts,
} from '../../../frontend/src/accounts/scan-summary';
import { scanTone, stateTone, worstScanStatus } from '../../../frontend/src/components/tone';
import { accountSummary, scanRun } from '../fixtures';

describe('scan summary', () => {
  it('counts the resources of a run over every type', () => {
    // Assess
    expect(resourceCount(scanRun())).toBe(8);
    expect(resourceCount(scanRun({ counts: {} }))).toBe(0);
  });

  it('knows a scan is finished only when every scope reports it', () => {
    // Prepare
    const accounts = [
      accountSummary('111111111111', [
        { region: 'eu-west-1', lastScan: scanRun({ scanId: 'scan-2' }) },
        { region: 'us-east-1', lastScan: scanRun({ scanId: 'scan-1', region: 'us-east-1' }) },
      ]),
    ];

    // Assess
    expect(scanFinished(accounts, 'scan-2')).toBe(false);
    expect(scanFinished([{ ...accounts[0]!, scopes: accounts[0]!.scopes.slice(0, 1) }], 'scan-2')).toBe(true);
    expect(scanFinished([], 'scan-2')).toBe(false);
  });

  it('orders accounts by name and regions alphabetically', () => {
    // Prepare
    const accounts = [
      { ...accountSummary('111111111111', []), name: 'Zulu' },
      {
        ...accountSummary('222222222222', [
          { region: 'us-east-1', lastScan: scanRun() },
          { region: 'eu-west-1', lastScan: scanRun() },
        ]),
        name: 'Alpha',
      },
    ];

    // Act
    const sorted = sortAccounts(accounts);

    // Assess
    expect(sorted.map((a) => a.name)).toEqual(['Alpha', 'Zulu']);
    expect(sorted[0]!.scopes.map((s) => s.region)).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('shows an account as bad as its worst region', () => {
    // Assess
    expect(worstScanStatus(['succeeded', 'failed', 'partial'])).toBe('failed');
    expect(worstScanStatus(['succeeded', 'partial'])).toBe('partial');
    expect(worstScanStatus([])).toBeUndefined();
    expect(scanTone('partial')).toBe('warn');
    expect(stateTone('running')).toBe('good');
    expect(stateTone('Stopped')).toBe('warn');
    expect(stateTone('terminated')).toBe('bad');
    expect(stateTone('something-new')).toBe('neutral');
  });
});

describe('an incomplete scan', () => {
  it('ends the wait and lists the jobs that never ran', () => {
    // Prepare: scan s2 ran in eu-west-1 but never in global, whose row is still from s1
    const accounts = [
      {
        accountId: '111111111111',
        name: 'prod',
        status: 'incomplete' as const,
        lastScannedAt: '2026-11-23T10:00:00.000Z',
        scopes: [
          { region: 'eu-west-1', lastScan: scanRun({ scanId: 's2' }) },
          { region: 'global', lastScan: scanRun({ scanId: 's1', region: 'global' }) },
        ],
        notRun: { scanId: 's2', status: 'incomplete' as const, regions: ['global'] },
      },
    ];

    // Act
    const finished = scanFinished(accounts, 's2');
    const notRun = jobsNotRun(accounts);

    // Assess
    expect(finished).toBe(true);
    expect(notRun).toEqual({ scanId: 's2', jobs: ['prod global'] });
    expect(
      jobsNotRun([{ ...accounts[0]!, notRun: { ...accounts[0]!.notRun, status: 'running' } }]),
    ).toBeUndefined();
  });
});
