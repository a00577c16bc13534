import { Duration } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

export interface WorkBucketProps {
  /**
   * Days a work object (a plan's jobs, a Map Run's results) is kept: long enough to replay or
   * inspect a recent run, short enough that the bucket never grows with the organization's history.
   * @default 14
   */
  readonly retentionDays?: number;
  /** Days server access logs are kept. @default 90 */
  readonly accessLogRetentionDays?: number;
}

/**
 * A private bucket for a workflow's intermediate objects: what a Distributed Map reads (ItemReader)
 * and writes (ResultWriter). Scans use one now; bulk remediation and scheduling ticks can use their
 * own under another prefix. Encrypted (SSE-S3), TLS only, every public access blocked, ACLs off,
 * server access logs kept in a sibling bucket, objects expired by lifecycle so the bucket never grows
 * with the organization's history.
 */
export class WorkBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogsBucket: Bucket;

  constructor(scope: Construct, id: string, props: WorkBucketProps = {}) {
    super(scope, id);
    // Access logs are granted by bucket policy rather than the deprecated LogDeliveryWrite ACL.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogRetentionDays ?? 90) }],
    });
    NagSuppressions.addResourceSuppressions(this.accessLogsBucket, [
      {
        id: 'AwsSolutions-S1',
        reason: 'This is the access-log destination; logging it into itself would loop.',
      },
    ]);
    this.bucket = new Bucket(this, 'Objects', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'work/',
      lifecycleRules: [
        {
          expiration: Duration.days(props.retentionDays ?? 14),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
  }
}
