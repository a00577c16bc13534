import { describe, expect, it } from 'vitest';
import { backupRpoExceeded } from '../../../../functions/domain/rules/reliability/backup-rpo-exceeded';
import { parseRpo } from '../../../../functions/domain/rules/reliability/support/rpo';
import {
  contextWith,
  daysAgo,
  dbInstance,
  dbSnapshot,
  instance,
  judge,
  NOW,
  snapshot,
} from '../security/builders';

const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();
const tagged = (rpo: string) => ({ tags: { owner: 'a', environment: 'staging', 'hostmaster:rpo': rpo } });

describe('backup-rpo-exceeded', () => {
  it('parses RPO durations', () => {
    expect(parseRpo('24h')).toBe(86_400_000);
    expect(parseRpo('30m')).toBe(1_800_000);
    expect(parseRpo('7d')).toBe(604_800_000);
    expect(parseRpo('soon')).toBeUndefined();
  });

  it('is compliant when the latest snapshot of the instance volumes is within the tagged RPO', () => {
    // Prepare
    const server = instance({ volumeIds: ['vol-0001'] }, tagged('24h'));
    const recent = snapshot({ volumeId: 'vol-0001', startTime: hoursAgo(5) });
    const old = snapshot({ volumeId: 'vol-0001', startTime: daysAgo(9) }, { id: 'arn:snap-old' });
    // Act
    const verdict = judge(backupRpoExceeded, server, contextWith([server, old, recent]));
    // Assess
    expect(verdict.kind).toBe('compliant');
  });

  it('reports an instance whose newest snapshot is older than its RPO, and one never backed up', () => {
    // Prepare
    const server = instance({ volumeIds: ['vol-0001'] }, tagged('12h'));
    const stale = snapshot({ volumeId: 'vol-0001', startTime: hoursAgo(30) });
    // Act
    const late = judge(backupRpoExceeded, server, contextWith([server, stale]));
    const never = judge(backupRpoExceeded, server, contextWith([server]));
    // Assess
    expect(late).toMatchObject({ kind: 'non-compliant', evidence: { rpoHours: 12, backupAgeHours: 30 } });
    expect(never).toMatchObject({ kind: 'non-compliant', title: 'No backup at all' });
  });

  it('holds production databases to the default RPO through restorable time or snapshots', () => {
    // Prepare
    const production = { tags: { owner: 'a', environment: 'production' } };
    const pitr = dbInstance({ latestRestorableTime: hoursAgo(1) }, production);
    const noPitr = dbInstance({ backupRetentionDays: 0, latestRestorableTime: hoursAgo(1) }, production);
    const oldSnapshot = dbSnapshot({ createTime: daysAgo(3) });
    // Act
    const withPitr = judge(backupRpoExceeded, pitr, contextWith([pitr]));
    const snapshotOnly = judge(backupRpoExceeded, noPitr, contextWith([noPitr, oldSnapshot]));
    // Assess
    expect(withPitr.kind).toBe('compliant');
    expect(snapshotOnly).toMatchObject({
      kind: 'non-compliant',
      evidence: { rpoHours: 24, latestBackup: daysAgo(3) },
    });
  });

  it('does not apply to resources without an RPO, and says when the tag is not a duration', () => {
    // Prepare
    const plain = instance();
    const garbled = instance({}, tagged('daily'));
    // Act / Assess
    expect(judge(backupRpoExceeded, plain).kind).toBe('not-applicable');
    expect(judge(backupRpoExceeded, garbled).kind).toBe('insufficient-data');
  });
});
