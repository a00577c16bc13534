import {
  GetBucketTaggingCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  PutObjectCommand,
  paginateListBuckets,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../functions/adapters/collectors/collector';
import { s3BucketsCollector } from '../../functions/adapters/collectors/s3-buckets';
import type { ResourceData } from '../../functions/domain/model';
import { assumeMemberRole, rejectionOf, type SandboxCredentials, sandboxClientConfig } from './clients';
import { type Fleet, type FleetResource, FleetSchema } from './fleet';
import { type Sandbox, startSandbox } from './server';

const MEMBER = '222233334444';
const OTHER = '555566667777';

function bucket(id: string, region: string, overrides: Partial<Record<string, unknown>> = {}): FleetResource {
  return {
    id,
    region,
    type: 's3:bucket',
    name: id,
    state: 'active',
    tags: {},
    attributes: {
      creationDate: '2022-08-09T10:11:12.000Z',
      publicAccessBlock: null,
      policyIsPublic: null,
      defaultEncryption: null,
      versioning: 'Disabled',
      ...overrides,
    },
  } as FleetResource;
}

const euBuckets = [
  bucket('acme-bare', 'eu-west-1'),
  {
    ...bucket('acme-website', 'eu-west-1', {
      publicAccessBlock: {
        blockPublicAcls: false,
        ignorePublicAcls: false,
        blockPublicPolicy: false,
        restrictPublicBuckets: false,
      },
      policyIsPublic: true,
      defaultEncryption: 'AES256',
      versioning: 'Suspended',
    }),
    tags: { Name: 'Website', env: 'prod' },
    name: 'Website',
  },
  bucket('acme-logs', 'eu-west-1', {
    publicAccessBlock: {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    },
    policyIsPublic: false,
    defaultEncryption: 'aws:kms',
    versioning: 'Enabled',
  }),
] as FleetResource[];
const usBuckets = Array.from({ length: 4 }, (_, i) => bucket(`acme-us-${i}`, 'us-east-1'));

const fleet: Fleet = FleetSchema.parse({
  organization: { managementAccountId: '111122223333', hubAccountId: '111122223333' },
  regions: ['eu-west-1', 'us-east-1'],
  accounts: [
    { id: '111122223333', name: 'hub', regions: ['us-east-1'], externalId: 'hostmaster-local-external-id' },
    {
      id: MEMBER,
      name: 'member',
      regions: ['eu-west-1', 'us-east-1'],
      externalId: 'hostmaster-local-external-id',
      resources: [...euBuckets, ...usBuckets],
    },
    {
      id: OTHER,
      name: 'other',
      regions: ['eu-west-1'],
      externalId: 'hostmaster-local-external-id',
      resources: [bucket('someone-elses', 'eu-west-1')],
    },
  ],
});

function expected(resources: readonly FleetResource[]): ResourceData[] {
  return [...resources]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map(
      ({ id, usage: _usage, ...rest }) =>
        ({ ...rest, id: `arn:aws:s3:::${id}`, accountId: MEMBER }) as ResourceData,
    );
}

describe('sandbox S3 with the s3-buckets collector', () => {
  let sandbox: Sandbox;
  let credentials: SandboxCredentials;
  const made: { destroy(): void }[] = [];
  const s3In = (region: string) => {
    const client = new S3Client(sandboxClientConfig(sandbox.endpoint, region, credentials));
    made.push(client);
    return client;
  };
  const clientsIn = (region: string): ClientFactory => ({
    accountId: MEMBER,
    region,
    get: (ctor) => {
      const client = new ctor(sandboxClientConfig(sandbox.endpoint, region, credentials));
      made.push(client as unknown as { destroy(): void });
      return client;
    },
  });

  beforeAll(async () => {
    sandbox = await startSandbox({ fleet });
    credentials = await assumeMemberRole(sandbox.endpoint, fleet, MEMBER);
  });
  afterAll(async () => {
    for (const client of made) client.destroy();
    await sandbox.stop();
  });

  it("gives back exactly each region's buckets, configurations that were never set included", async () => {
    // Act
    const eu = await s3BucketsCollector.collect(clientsIn('eu-west-1'));
    const us = await s3BucketsCollector.collect(clientsIn('us-east-1'));

    // Assess
    expect(eu).toEqual(expected(euBuckets));
    expect(us).toEqual(expected(usBuckets));
  });

  it('pages ListBuckets with a continuation token', async () => {
    // Act
    const pages: string[][] = [];
    for await (const page of paginateListBuckets({ client: s3In('us-east-1'), pageSize: 3 }, {})) {
      pages.push((page.Buckets ?? []).map((b) => b.Name ?? ''));
    }

    // Assess
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual([...euBuckets, ...usBuckets].map((b) => b.id).sort());
  });

  it('rejects max-buckets beyond 10,000 as S3 does', async () => {
    // Act
    const listing = s3In('us-east-1').send(new ListBucketsCommand({ MaxBuckets: 10_001 }));

    // Assess
    await expect(listing).rejects.toMatchObject({ name: 'InvalidArgument' });
  });

  it("answers S3's own errors for missing tags and for another account's bucket", async () => {
    // Act
    const tagging = s3In('eu-west-1').send(new GetBucketTaggingCommand({ Bucket: 'acme-bare' }));
    const foreign = s3In('eu-west-1').send(new GetPublicAccessBlockCommand({ Bucket: 'someone-elses' }));

    // Assess
    await expect(tagging).rejects.toMatchObject({ name: 'NoSuchTagSet', $metadata: { httpStatusCode: 404 } });
    await expect(foreign).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });
});

describe("sandbox S3 objects in the hub's own buckets", () => {
  let sandbox: Sandbox;
  const made: { destroy(): void }[] = [];
  const hubS3 = () => {
    const client = new S3Client(sandboxClientConfig(sandbox.endpoint, 'us-east-1'));
    made.push(client);
    return client;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ fleet });
  });
  afterAll(async () => {
    for (const client of made) client.destroy();
    await sandbox.stop();
  });

  it('gives back what the hub put, byte for byte, under its key', async () => {
    // Prepare
    const s3 = hubS3();
    const body =
      '{"accountId":"222233334444","region":"eu-west-1"}\n{"accountId":"222233334444","region":"global"}';

    // Act
    await s3.send(
      new PutObjectCommand({ Bucket: 'hostmaster-work', Key: 'scans/s-1/jobs.jsonl', Body: body }),
    );
    const read = await s3.send(
      new GetObjectCommand({ Bucket: 'hostmaster-work', Key: 'scans/s-1/jobs.jsonl' }),
    );

    // Assess
    expect(await read.Body?.transformToString('utf8')).toBe(body);
  });

  it('answers NoSuchKey for a key never written', async () => {
    // Act
    const attempt = hubS3().send(
      new GetObjectCommand({ Bucket: 'hostmaster-work', Key: 'scans/none/jobs.jsonl' }),
    );

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it("refuses a member account's objects and the fleet's buckets", async () => {
    // Prepare
    const member = new S3Client(
      sandboxClientConfig(
        sandbox.endpoint,
        'eu-west-1',
        await assumeMemberRole(sandbox.endpoint, fleet, MEMBER),
      ),
    );
    made.push(member);

    // Act
    const asMember = await rejectionOf(
      member.send(new PutObjectCommand({ Bucket: 'hostmaster-work', Key: 'x', Body: 'x' })),
    );
    const fleetBucket = await rejectionOf(
      hubS3().send(new GetObjectCommand({ Bucket: 'acme-logs', Key: 'secrets.txt' })),
    );

    // Assess
    expect(asMember).toMatchObject({ name: 'AccessDenied' });
    expect(fleetBucket).toMatchObject({ name: 'AccessDenied' });
  });
});
