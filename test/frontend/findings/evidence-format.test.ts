import { describe, expect, it } from 'vitest';
import {
  evidenceLabel,
  formatEvidence,
  formatEvidenceUsd,
} from '../../../frontend/src/findings/evidence-format';

/** label → the value's text, for scalar entries. */
function shown(evidence: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    formatEvidence(evidence).map((entry) => [
      entry.label,
      entry.value.kind === 'text' || entry.value.kind === 'empty' ? entry.value.text : entry.value.kind,
    ]),
  );
}

describe('finding evidence', () => {
  it('labels the idle-instance evidence in words and gives every number its unit', () => {
    // Act
    const entries = shown({
      instanceType: 'm5.2xlarge',
      cpuP95Percent: 1.9234,
      networkBytesPerDay: 1935578,
      days: 14,
      hourlyUsd: 0.384,
      instanceMonthlyUsd: 280.32,
      monthlyUsd: 1234.5,
      volumesNotPriced: [],
      pricesAsOf: '2025-06-01',
    });

    // Assess
    expect(entries).toEqual({
      'Instance type': 'm5.2xlarge',
      'CPU p95': '1.9%',
      'Network per day': '1.8 MiB',
      'Period observed': '14 days',
      'Hourly price': '$0.384',
      'Instance monthly cost': '$280.32',
      'Monthly cost': '$1,234.50',
      'Volumes not priced': 'None',
      'Prices as of': '1 Jun 2025',
    });
  });

  it('shows storage in GiB, ages in hours and days, IOPS, and unit prices to the cent or finer', () => {
    // Act
    const entries = shown({
      sizeGiB: 500,
      backupAgeHours: 1520.94,
      rpoHours: 24,
      ageDays: 687,
      gp2BaselineIops: 1500,
      gp2GbMonthUsd: 0.1,
      snapshotGbMonthUsd: 0.05,
      businessHoursCpuAverage: 48.32,
    });

    // Assess
    expect(entries).toEqual({
      Size: '500 GiB',
      'Backup age': '1,520.9 hours',
      RPO: '24 hours',
      Age: '687 days',
      'gp2 baseline': '1,500 IOPS',
      'gp2 price per GB-month': '$0.10',
      'Snapshot price per GB-month': '$0.05',
      'Business hours CPU average': '48.3%',
    });
    expect(formatEvidenceUsd(0.0116)).toBe('$0.0116');
    expect(formatEvidenceUsd(-12)).toBe('-$12.00');
  });

  it('puts the thresholds first and formats nested records and tables with the same rules', () => {
    // Act
    const entries = formatEvidence({
      instanceType: 'm5.large',
      attachedVolumes: [{ volumeId: 'vol-0abc1234', sizeGiB: 100, monthlyUsd: 10 }],
      thresholds: { cpuP95Percent: 5, networkBytesPerDay: 5_000_000 },
      ports: [{ port: 3389, service: 'RDP' }],
      lastRotated: '2024-01-05T00:00:00.000Z',
    });

    // Assess
    expect(entries.map((e) => e.label)).toEqual([
      'Thresholds',
      'Instance type',
      'Attached volumes',
      'Ports',
      'Last rotated',
    ]);
    expect(entries[0]?.value).toEqual({
      kind: 'record',
      entries: [
        { key: 'cpuP95Percent', label: 'CPU p95', value: { kind: 'text', text: '5.0%', numeric: true } },
        {
          key: 'networkBytesPerDay',
          label: 'Network per day',
          value: { kind: 'text', text: '4.8 MiB', numeric: true },
        },
      ],
    });
    expect(entries[2]?.value).toEqual({
      kind: 'table',
      columns: ['Volume ID', 'Size', 'Monthly cost'],
      rows: [['vol-0abc1234', '100 GiB', '$10.00']],
    });
    expect(entries[3]?.value).toEqual({
      kind: 'table',
      columns: ['Port', 'Service'],
      rows: [['3389', 'RDP']],
    });
    expect(entries[4]?.value).toEqual({ kind: 'date-time', iso: '2024-01-05T00:00:00.000Z' });
  });

  it('never shows a raw unit suffix such as "usd" in a label', () => {
    // Assess
    for (const key of [
      'monthlyUsd',
      'storageMonthlyUsd',
      'gp3ExtraIopsMonthlyUsd',
      'hourlyUsd',
      'priceUsd',
    ]) {
      expect(evidenceLabel(key)).not.toMatch(/usd/i);
    }
    expect(evidenceLabel('dbInstanceIdentifier')).toBe('DB instance identifier');
    expect(evidenceLabel('vpcId')).toBe('VPC ID');
  });
});
