import {
  GetBucketEncryptionCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  type ListBucketsCommandInput,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../../functions/adapters/collectors/collector';
import { s3BucketsCollector } from '../../../functions/adapters/collectors/s3-buckets';
import { ResourceDataSchema } from '../../../functions/domain/model';

const s3 = mockClient(S3Client);
const clients: ClientFactory = {
  accountId: '111122223333',
  region: 'eu-central-1',
  get: (ctor) => new ctor({ region: 'eu-central-1' }),
};

function s3Error(name: string): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 404 },
    message: name,
  });
}

const created = new Date('2023-02-03T04:05:06Z');

afterEach(() => {
  s3.reset();
});

describe('s3BucketsCollector', () => {
  it('normalizes a fully configured bucket', async () => {
    // Prepare
    s3.on(ListBucketsCommand).resolves({
      Buckets: [{ Name: 'acme-logs', CreationDate: created, BucketRegion: 'eu-central-1' }],
    });
    s3.on(GetPublicAccessBlockCommand).resolves({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: false,
        RestrictPublicBuckets: false,
      },
    });
    s3.on(GetBucketPolicyStatusCommand).resolves({ PolicyStatus: { IsPublic: true } });
    s3.on(GetBucketEncryptionCommand).resolves({
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'k' } }],
      },
    });
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Suspended' });
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: [{ Key: 'owner', Value: 'ops' }] });

    // Act
    const resources = await s3BucketsCollector.collect(clients);

    // Assess
    expect(resources).toEqual([
      {
        id: 'arn:aws:s3:::acme-logs',
        accountId: '111122223333',
        region: 'eu-central-1',
        type: 's3:bucket',
        name: 'acme-logs',
        state: 'active',
        tags: { owner: 'ops' },
        attributes: {
          creationDate: '2023-02-03T04:05:06.000Z',
          publicAccessBlock: {
            blockPublicAcls: true,
            ignorePublicAcls: true,
            blockPublicPolicy: false,
            restrictPublicBuckets: false,
          },
          policyIsPublic: true,
          defaultEncryption: 'aws:kms',
          versioning: 'Suspended',
        },
      },
    ]);
    expect(ResourceDataSchema.safeParse(resources[0]).success).toBe(true);
    expect(s3).toHaveReceivedCommandWith(GetBucketTaggingCommand, {
      Bucket: 'acme-logs',
      ExpectedBucketOwner: '111122223333',
    });
  });

  it('maps configurations that were never set to null, Disabled and no tags', async () => {
    // Prepare
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'bare', CreationDate: created }] });
    s3.on(GetPublicAccessBlockCommand).rejects(s3Error('NoSuchPublicAccessBlockConfiguration'));
    s3.on(GetBucketPolicyStatusCommand).rejects(s3Error('NoSuchBucketPolicy'));
    s3.on(GetBucketEncryptionCommand).rejects(s3Error('ServerSideEncryptionConfigurationNotFoundError'));
    s3.on(GetBucketVersioningCommand).resolves({});
    s3.on(GetBucketTaggingCommand).rejects(s3Error('NoSuchTagSet'));

    // Act
    const [resource] = await s3BucketsCollector.collect(clients);

    // Assess
    expect(resource?.tags).toEqual({});
    expect(resource?.attributes).toEqual({
      creationDate: '2023-02-03T04:05:06.000Z',
      publicAccessBlock: null,
      policyIsPublic: null,
      defaultEncryption: null,
      versioning: 'Disabled',
    });
  });

  it('fails the collection on any other error', async () => {
    // Prepare
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'locked', CreationDate: created }] });
    s3.on(GetPublicAccessBlockCommand).rejects(s3Error('AccessDenied'));
    s3.on(GetBucketPolicyStatusCommand).resolves({ PolicyStatus: { IsPublic: false } });
    s3.on(GetBucketEncryptionCommand).resolves({});
    s3.on(GetBucketVersioningCommand).resolves({});
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: [] });

    // Act
    const collecting = s3BucketsCollector.collect(clients);

    // Assess
    await expect(collecting).rejects.toThrow('AccessDenied');
  });

  it("lists only the job region's buckets, 1000 a page, following the continuation token", async () => {
    // Prepare
    const tokens: (string | undefined)[] = [];
    s3.on(ListBucketsCommand).callsFake((input: ListBucketsCommandInput) => {
      tokens.push(input.ContinuationToken);
      return input.ContinuationToken === undefined
        ? { Buckets: [{ Name: 'a', CreationDate: created }], ContinuationToken: 'c2' }
        : { Buckets: [{ Name: 'b', CreationDate: created }] };
    });
    s3.on(GetPublicAccessBlockCommand).rejects(s3Error('NoSuchPublicAccessBlockConfiguration'));
    s3.on(GetBucketPolicyStatusCommand).rejects(s3Error('NoSuchBucketPolicy'));
    s3.on(GetBucketEncryptionCommand).resolves({});
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    s3.on(GetBucketTaggingCommand).rejects(s3Error('NoSuchTagSet'));

    // Act
    const resources = await s3BucketsCollector.collect(clients);

    // Assess
    expect(tokens).toEqual([undefined, 'c2']);
    expect(s3).toHaveReceivedCommandWith(ListBucketsCommand, {
      BucketRegion: 'eu-central-1',
      MaxBuckets: 1000,
    });
    expect(resources.map((r) => r.id)).toEqual(['arn:aws:s3:::a', 'arn:aws:s3:::b']);
  });
});
