import { describe, expect, it } from 'vitest';
import { rdsBackupRetentionLow } from '../../../../functions/domain/rules/security/rds-backup-retention-low';
import { rdsProductionSingleAz } from '../../../../functions/domain/rules/security/rds-production-single-az';
import { rdsPubliclyAccessible } from '../../../../functions/domain/rules/security/rds-publicly-accessible';
import { rdsSnapshotPublic } from '../../../../functions/domain/rules/security/rds-snapshot-public';
import { rdsSnapshotUnencrypted } from '../../../../functions/domain/rules/security/rds-snapshot-unencrypted';
import { rdsStorageUnencrypted } from '../../../../functions/domain/rules/security/rds-storage-unencrypted';
import { contextWith, dbInstance, dbSnapshot, judge, snapshot } from './builders';

describe('rds-storage-unencrypted', () => {
  it('flags an instance with unencrypted storage', () => {
    expect(judge(rdsStorageUnencrypted, dbInstance({ storageEncrypted: false }))).toMatchObject({
      kind: 'non-compliant',
      evidence: { storageEncrypted: false, engine: 'postgres' },
    });
  });
  it('accepts encrypted storage', () => {
    expect(judge(rdsStorageUnencrypted, dbInstance())).toEqual({ kind: 'compliant' });
  });
  it('does not apply to DB snapshots', () => {
    expect(judge(rdsStorageUnencrypted, dbSnapshot({ encrypted: false }))).toEqual({
      kind: 'not-applicable',
    });
  });
});

describe('rds-publicly-accessible', () => {
  it('flags a publicly accessible instance with its security groups', () => {
    expect(judge(rdsPubliclyAccessible, dbInstance({ publiclyAccessible: true }))).toMatchObject({
      kind: 'non-compliant',
      evidence: { publiclyAccessible: true, securityGroupIds: ['sg-db'] },
    });
  });
  it('accepts a private instance', () => {
    expect(judge(rdsPubliclyAccessible, dbInstance())).toEqual({ kind: 'compliant' });
  });
  it('does not apply to DB snapshots', () => {
    expect(judge(rdsPubliclyAccessible, dbSnapshot({ public: true }))).toEqual({ kind: 'not-applicable' });
  });
});

describe('rds-backup-retention-low', () => {
  it('flags disabled backups as high with their own title', () => {
    expect(judge(rdsBackupRetentionLow, dbInstance({ backupRetentionDays: 0 }))).toMatchObject({
      kind: 'non-compliant',
      title: 'RDS automated backups disabled',
      severity: 'high',
      evidence: { backupRetentionDays: 0, minRetentionDays: 7 },
    });
  });
  it('flags a retention shorter than a week', () => {
    expect(judge(rdsBackupRetentionLow, dbInstance({ backupRetentionDays: 3 }))).toMatchObject({
      kind: 'non-compliant',
      evidence: { backupRetentionDays: 3, minRetentionDays: 7 },
    });
  });
  it('accepts seven days, and honours a configured minimum', () => {
    const db = dbInstance({ backupRetentionDays: 7 });
    expect(judge(rdsBackupRetentionLow, db)).toEqual({ kind: 'compliant' });
    const strict = contextWith([db], {
      thresholds: { 'rds-backup-retention-low': { minRetentionDays: 14 } },
    });
    expect(judge(rdsBackupRetentionLow, db, strict)).toMatchObject({ evidence: { minRetentionDays: 14 } });
  });
  it('does not apply to EBS snapshots', () => {
    expect(judge(rdsBackupRetentionLow, snapshot())).toEqual({ kind: 'not-applicable' });
  });
});

describe('rds-production-single-az', () => {
  const production = { owner: 'team-a', environment: 'Production' };
  it('flags a single-AZ instance tagged production, citing the tag', () => {
    const db = dbInstance({ multiAz: false }, { tags: production });
    expect(judge(rdsProductionSingleAz, db)).toMatchObject({
      kind: 'non-compliant',
      evidence: { multiAz: false, productionTag: 'environment=Production' },
    });
  });
  it('honours configured production tags', () => {
    const db = dbInstance({ multiAz: false }, { tags: { stage: 'live' } });
    const context = contextWith([db], { productionTags: [{ key: 'stage', values: ['live'] }] });
    expect(judge(rdsProductionSingleAz, db, context)).toMatchObject({ kind: 'non-compliant' });
  });
  it('accepts a Multi-AZ production instance', () => {
    expect(judge(rdsProductionSingleAz, dbInstance({ multiAz: true }, { tags: production }))).toEqual({
      kind: 'compliant',
    });
  });
  it('does not apply to non-production or Aurora instances', () => {
    expect(judge(rdsProductionSingleAz, dbInstance({ multiAz: false }))).toEqual({ kind: 'not-applicable' });
    const aurora = dbInstance({ multiAz: false, engine: 'aurora-postgresql' }, { tags: production });
    expect(judge(rdsProductionSingleAz, aurora)).toEqual({ kind: 'not-applicable' });
  });
});

describe('rds-snapshot-public', () => {
  it('flags a snapshot restorable by all accounts', () => {
    expect(judge(rdsSnapshotPublic, dbSnapshot({ public: true }))).toMatchObject({
      kind: 'non-compliant',
      evidence: { restorableBy: 'all', dbInstanceIdentifier: 'orders' },
    });
  });
  it('accepts a private snapshot', () => {
    expect(judge(rdsSnapshotPublic, dbSnapshot())).toEqual({ kind: 'compliant' });
  });
  it('does not apply to EBS snapshots', () => {
    expect(judge(rdsSnapshotPublic, snapshot({ public: true }))).toEqual({ kind: 'not-applicable' });
  });
});

describe('rds-snapshot-unencrypted', () => {
  it('flags an unencrypted DB snapshot', () => {
    expect(judge(rdsSnapshotUnencrypted, dbSnapshot({ encrypted: false }))).toMatchObject({
      kind: 'non-compliant',
      evidence: { encrypted: false, snapshotType: 'manual' },
    });
  });
  it('accepts an encrypted DB snapshot', () => {
    expect(judge(rdsSnapshotUnencrypted, dbSnapshot())).toEqual({ kind: 'compliant' });
  });
  it('does not apply to DB instances', () => {
    expect(judge(rdsSnapshotUnencrypted, dbInstance({ storageEncrypted: false }))).toEqual({
      kind: 'not-applicable',
    });
  });
});
