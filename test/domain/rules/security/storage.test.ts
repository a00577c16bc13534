import { describe, expect, it } from 'vitest';
import { ebsDefaultEncryptionDisabled } from '../../../../functions/domain/rules/security/ebs-default-encryption-disabled';
import { ebsSnapshotPublic } from '../../../../functions/domain/rules/security/ebs-snapshot-public';
import { ebsSnapshotUnencrypted } from '../../../../functions/domain/rules/security/ebs-snapshot-unencrypted';
import { ebsVolumeUnencrypted } from '../../../../functions/domain/rules/security/ebs-volume-unencrypted';
import { s3BucketPolicyPublic } from '../../../../functions/domain/rules/security/s3-bucket-policy-public';
import { s3CriticalBucketUnversioned } from '../../../../functions/domain/rules/security/s3-critical-bucket-unversioned';
import { s3DefaultEncryptionMissing } from '../../../../functions/domain/rules/security/s3-default-encryption-missing';
import { s3PublicAccessBlockIncomplete } from '../../../../functions/domain/rules/security/s3-public-access-block-incomplete';
import { bucket, contextWith, ebsDefault, judge, snapshot, volume } from './builders';

const fullBlock = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

describe('ebs-volume-unencrypted', () => {
  it('flags an unencrypted volume with its size and attachment', () => {
    expect(judge(ebsVolumeUnencrypted, volume({ encrypted: false }))).toMatchObject({
      kind: 'non-compliant',
      evidence: { encrypted: false, sizeGiB: 20, attachedTo: ['i-0001'] },
    });
  });
  it('accepts an encrypted volume', () => {
    expect(judge(ebsVolumeUnencrypted, volume())).toEqual({ kind: 'compliant' });
  });
  it('does not apply to snapshots', () => {
    expect(judge(ebsVolumeUnencrypted, snapshot({ encrypted: false }))).toEqual({ kind: 'not-applicable' });
  });
});

describe('ebs-snapshot-unencrypted', () => {
  it('flags an unencrypted snapshot', () => {
    expect(judge(ebsSnapshotUnencrypted, snapshot({ encrypted: false }))).toMatchObject({
      kind: 'non-compliant',
      evidence: { encrypted: false, volumeId: 'vol-0001' },
    });
  });
  it('accepts an encrypted snapshot', () => {
    expect(judge(ebsSnapshotUnencrypted, snapshot())).toEqual({ kind: 'compliant' });
  });
  it('does not apply to volumes', () => {
    expect(judge(ebsSnapshotUnencrypted, volume({ encrypted: false }))).toEqual({ kind: 'not-applicable' });
  });
});

describe('ebs-snapshot-public', () => {
  it('flags a snapshot anyone can restore as critical', () => {
    expect(judge(ebsSnapshotPublic, snapshot({ public: true }))).toMatchObject({
      kind: 'non-compliant',
      evidence: { createVolumePermission: 'all' },
    });
    expect(ebsSnapshotPublic.severity).toBe('critical');
  });
  it('accepts a private snapshot', () => {
    expect(judge(ebsSnapshotPublic, snapshot())).toEqual({ kind: 'compliant' });
  });
  it('does not apply to volumes', () => {
    expect(judge(ebsSnapshotPublic, volume())).toEqual({ kind: 'not-applicable' });
  });
});

describe('ebs-default-encryption-disabled', () => {
  it('flags a region where encryption by default is off, naming the region', () => {
    expect(judge(ebsDefaultEncryptionDisabled, ebsDefault(false, { region: 'us-west-2' }))).toMatchObject({
      kind: 'non-compliant',
      evidence: { ebsEncryptionByDefault: false, region: 'us-west-2' },
    });
  });
  it('accepts a region where it is on', () => {
    expect(judge(ebsDefaultEncryptionDisabled, ebsDefault(true))).toEqual({ kind: 'compliant' });
  });
  it('does not apply to volumes', () => {
    expect(judge(ebsDefaultEncryptionDisabled, volume({ encrypted: false }))).toEqual({
      kind: 'not-applicable',
    });
  });
});

describe('s3-public-access-block-incomplete', () => {
  it('flags a bucket with no public access block at all', () => {
    expect(judge(s3PublicAccessBlockIncomplete, bucket({ publicAccessBlock: null }))).toMatchObject({
      kind: 'non-compliant',
      title: 'S3 bucket has no public access block',
    });
  });
  it('names the settings that are off', () => {
    const partial = bucket({
      publicAccessBlock: { ...fullBlock, blockPublicPolicy: false, restrictPublicBuckets: false },
    });
    expect(judge(s3PublicAccessBlockIncomplete, partial)).toMatchObject({
      kind: 'non-compliant',
      evidence: { settingsOff: ['blockPublicPolicy', 'restrictPublicBuckets'] },
    });
  });
  it('accepts all four settings on', () => {
    expect(judge(s3PublicAccessBlockIncomplete, bucket())).toEqual({ kind: 'compliant' });
  });
  it('does not apply to snapshots', () => {
    expect(judge(s3PublicAccessBlockIncomplete, snapshot())).toEqual({ kind: 'not-applicable' });
  });
});

describe('s3-bucket-policy-public', () => {
  it('flags a public policy as high when nothing restricts it', () => {
    const open = bucket({ policyIsPublic: true, publicAccessBlock: null });
    const verdict = judge(s3BucketPolicyPublic, open);
    expect(verdict).toMatchObject({ kind: 'non-compliant', evidence: { restrictPublicBuckets: false } });
    expect(verdict.kind === 'non-compliant' && verdict.severity).toBeFalsy();
  });
  it('lowers the severity when RestrictPublicBuckets confines the public policy', () => {
    expect(judge(s3BucketPolicyPublic, bucket({ policyIsPublic: true }))).toMatchObject({
      kind: 'non-compliant',
      severity: 'medium',
    });
  });
  it('accepts a private policy and no policy', () => {
    expect(judge(s3BucketPolicyPublic, bucket({ policyIsPublic: false }))).toEqual({ kind: 'compliant' });
    expect(judge(s3BucketPolicyPublic, bucket({ policyIsPublic: null }))).toEqual({ kind: 'compliant' });
  });
  it('does not apply to volumes', () => {
    expect(judge(s3BucketPolicyPublic, volume())).toEqual({ kind: 'not-applicable' });
  });
});

describe('s3-default-encryption-missing', () => {
  it('flags a bucket without a default encryption configuration', () => {
    expect(judge(s3DefaultEncryptionMissing, bucket({ defaultEncryption: null }))).toMatchObject({
      kind: 'non-compliant',
      evidence: { defaultEncryption: 'none' },
    });
  });
  it('accepts SSE-KMS', () => {
    expect(judge(s3DefaultEncryptionMissing, bucket({ defaultEncryption: 'aws:kms' }))).toEqual({
      kind: 'compliant',
    });
  });
  it('does not apply to snapshots', () => {
    expect(judge(s3DefaultEncryptionMissing, snapshot())).toEqual({ kind: 'not-applicable' });
  });
});

describe('s3-critical-bucket-unversioned', () => {
  const critical = { owner: 'data', environment: 'prod', 'data-classification': 'Critical' };
  it('flags a bucket tagged critical whose versioning is suspended, citing the tag', () => {
    const b = bucket({ versioning: 'Suspended' }, { tags: critical });
    expect(judge(s3CriticalBucketUnversioned, b)).toMatchObject({
      kind: 'non-compliant',
      evidence: { versioning: 'Suspended', criticalTag: 'data-classification=Critical' },
    });
  });
  it('recognises critical=true and a configured tag', () => {
    const flagged = bucket({ versioning: 'Disabled' }, { tags: { critical: 'true' } });
    expect(judge(s3CriticalBucketUnversioned, flagged)).toMatchObject({ kind: 'non-compliant' });
    const custom = bucket({ versioning: 'Disabled' }, { tags: { tier: 'gold' } });
    const context = contextWith([custom], { criticalDataTags: [{ key: 'tier', values: ['gold'] }] });
    expect(judge(s3CriticalBucketUnversioned, custom, context)).toMatchObject({ kind: 'non-compliant' });
  });
  it('accepts a critical bucket with versioning enabled', () => {
    expect(judge(s3CriticalBucketUnversioned, bucket({}, { tags: critical }))).toEqual({ kind: 'compliant' });
  });
  it('does not apply to buckets not tagged critical', () => {
    expect(judge(s3CriticalBucketUnversioned, bucket({ versioning: 'Disabled' }))).toEqual({
      kind: 'not-applicable',
    });
  });
});
