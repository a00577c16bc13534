import {
  type Bucket,
  GetBucketEncryptionCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
  S3Client,
} from '@aws-sdk/client-s3';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { isoDate, nameOf, partitionOf, required } from './sdk-shared';

/** ListBuckets accepts 1 to 10,000 a page; 1,000 keeps responses small and is the documented example. */
const PAGE_SIZE = 1000;
const OPERATION = 'ListBuckets';

type BucketResource = Extract<ResourceData, { type: 's3:bucket' }>;
type BucketAttributes = BucketResource['attributes'];

/**
 * S3 buckets whose home is the job's region. ListBuckets is global, but its `BucketRegion` filter
 * lets each regional job own exactly the buckets of its region, so buckets are read through their
 * own regional endpoint and a disabled region or denied call fails only that region's job.
 *
 * S3 has no batched configuration read: five calls a bucket (public access block, policy status,
 * default encryption, versioning, tags). A configuration that was never set answers with its own
 * error code, which means "none" (null, `Disabled`, no tags), not a failure.
 */
export const s3BucketsCollector: Collector = {
  name: 's3-buckets',
  resourceTypes: ['s3:bucket'],
  scope: 'regional',
  async collect(clients) {
    const s3 = clients.get(S3Client);
    const buckets: Bucket[] = [];
    const pages = paginateListBuckets({ client: s3, pageSize: PAGE_SIZE }, { BucketRegion: clients.region });
    for await (const page of pages) buckets.push(...(page.Buckets ?? []));
    return Promise.all(
      buckets.map((bucket) => describeBucket(s3, bucket, clients.accountId, clients.region)),
    );
  },
};

/** One bucket's five configuration reads, normalized (remediation re-describes a bucket with it). */
export async function describeBucket(
  s3: S3Client,
  bucket: Bucket,
  accountId: string,
  region: string,
): Promise<BucketResource> {
  const name = required(bucket.Name, OPERATION, 'Name');
  const input = { Bucket: name, ExpectedBucketOwner: accountId };
  const [publicAccessBlock, policyIsPublic, defaultEncryption, versioning, tags] = await Promise.all([
    orNull(s3.send(new GetPublicAccessBlockCommand(input)), 'NoSuchPublicAccessBlockConfiguration').then(
      (r): BucketAttributes['publicAccessBlock'] => {
        const c = r?.PublicAccessBlockConfiguration;
        if (!c) return null;
        return {
          blockPublicAcls: c.BlockPublicAcls ?? false,
          ignorePublicAcls: c.IgnorePublicAcls ?? false,
          blockPublicPolicy: c.BlockPublicPolicy ?? false,
          restrictPublicBuckets: c.RestrictPublicBuckets ?? false,
        };
      },
    ),
    orNull(s3.send(new GetBucketPolicyStatusCommand(input)), 'NoSuchBucketPolicy').then(
      (r) => r?.PolicyStatus?.IsPublic ?? null,
    ),
    orNull(
      s3.send(new GetBucketEncryptionCommand(input)),
      'ServerSideEncryptionConfigurationNotFoundError',
    ).then(
      (r) =>
        r?.ServerSideEncryptionConfiguration?.Rules?.find((rule) => rule.ApplyServerSideEncryptionByDefault)
          ?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? null,
    ),
    s3.send(new GetBucketVersioningCommand(input)).then((r) => r.Status ?? 'Disabled'),
    orNull(s3.send(new GetBucketTaggingCommand(input)), 'NoSuchTagSet').then((r) => {
      const record: Record<string, string> = {};
      for (const tag of r?.TagSet ?? []) if (tag.Key !== undefined) record[tag.Key] = tag.Value ?? '';
      return record;
    }),
  ]);
  return {
    id: `arn:${partitionOf(region)}:s3:::${name}`,
    accountId,
    region,
    type: 's3:bucket',
    name: nameOf(tags, name),
    state: 'active',
    tags,
    attributes: {
      creationDate: required(isoDate(bucket.CreationDate), OPERATION, 'CreationDate'),
      publicAccessBlock,
      policyIsPublic,
      defaultEncryption,
      versioning,
    },
  };
}

/** The response, or null when S3 answers `notConfiguredCode` (the configuration was never set). */
async function orNull<T>(request: Promise<T>, notConfiguredCode: string): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof Error && error.name === notConfiguredCode) return null;
    throw error;
  }
}
