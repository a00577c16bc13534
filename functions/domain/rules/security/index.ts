/**
 * Security and compliance posture checks, one a file. Every rule file must be listed here:
 * test/domain/rules/registry.test.ts fails on a rule file that nothing registers.
 */
import type { Rule } from '../rule';
import { cloudtrailNotMultiRegionLogging } from './cloudtrail-not-multi-region-logging';
import { ebsDefaultEncryptionDisabled } from './ebs-default-encryption-disabled';
import { ebsSnapshotPublic } from './ebs-snapshot-public';
import { ebsSnapshotUnencrypted } from './ebs-snapshot-unencrypted';
import { ebsVolumeUnencrypted } from './ebs-volume-unencrypted';
import { ec2Imdsv1Allowed } from './ec2-imdsv1-allowed';
import { iamAccessKeyNotRotated } from './iam-access-key-not-rotated';
import { iamConsoleUserWithoutMfa } from './iam-console-user-without-mfa';
import { iamCredentialsUnused } from './iam-credentials-unused';
import { iamRootAccessKeysPresent } from './iam-root-access-keys-present';
import { iamRootMfaDisabled } from './iam-root-mfa-disabled';
import { rdsBackupRetentionLow } from './rds-backup-retention-low';
import { rdsProductionSingleAz } from './rds-production-single-az';
import { rdsPubliclyAccessible } from './rds-publicly-accessible';
import { rdsSnapshotPublic } from './rds-snapshot-public';
import { rdsSnapshotUnencrypted } from './rds-snapshot-unencrypted';
import { rdsStorageUnencrypted } from './rds-storage-unencrypted';
import { requiredTagsMissing } from './required-tags-missing';
import { s3BucketPolicyPublic } from './s3-bucket-policy-public';
import { s3CriticalBucketUnversioned } from './s3-critical-bucket-unversioned';
import { s3DefaultEncryptionMissing } from './s3-default-encryption-missing';
import { s3PublicAccessBlockIncomplete } from './s3-public-access-block-incomplete';
import { sgAdminPortOpenIpv4 } from './sg-admin-port-open-ipv4';
import { sgAdminPortOpenIpv6 } from './sg-admin-port-open-ipv6';
import { sgAllTrafficOpen } from './sg-all-traffic-open';
import { sgDatabasePortOpen } from './sg-database-port-open';
import { sgDefaultAllowsTraffic } from './sg-default-allows-traffic';

export const SECURITY_RULES: readonly Rule[] = [
  sgAdminPortOpenIpv4,
  sgAdminPortOpenIpv6,
  sgDatabasePortOpen,
  sgAllTrafficOpen,
  sgDefaultAllowsTraffic,
  ec2Imdsv1Allowed,
  ebsVolumeUnencrypted,
  ebsSnapshotUnencrypted,
  ebsSnapshotPublic,
  ebsDefaultEncryptionDisabled,
  rdsStorageUnencrypted,
  rdsPubliclyAccessible,
  rdsBackupRetentionLow,
  rdsProductionSingleAz,
  rdsSnapshotPublic,
  rdsSnapshotUnencrypted,
  s3PublicAccessBlockIncomplete,
  s3BucketPolicyPublic,
  s3DefaultEncryptionMissing,
  s3CriticalBucketUnversioned,
  iamAccessKeyNotRotated,
  iamCredentialsUnused,
  iamConsoleUserWithoutMfa,
  iamRootAccessKeysPresent,
  iamRootMfaDisabled,
  cloudtrailNotMultiRegionLogging,
  requiredTagsMissing,
];
