/**
 * S3 (restXml, path style): the calls of the `s3-buckets` collector. Buckets are the fleet's
 * `s3:bucket` resources, with the bucket name as native id and their home region as region. A
 * configuration the fleet leaves unset (null, `Disabled`, no tags) answers with S3's own
 * "not configured" error, as a real bucket does.
 *
 * Remediation: PutPublicAccessBlock and DeletePublicAccessBlock change the fleet bucket, refused to
 * a member remediation session outside an account opted in as a whole (remediation-policy.ts), with
 * S3's `AccessDenied`.
 *
 * Objects: PutObject and GetObject for buckets the hub account owns that the fleet does not describe
 * (HostMaster's own scan work bucket: the plan's jobs and the Distributed Map's results), created on
 * first write and kept in memory. Objects of the fleet's buckets are never served: HostMaster's member
 * role denies data-plane reads.
 *
 * Simplifications: a bucket is found by name among every account's buckets; a request for another
 * account's bucket is denied, one signed for another region is redirected (`PermanentRedirect`), as S3
 * does without `followRegionRedirects`.
 */
import { createHash } from 'node:crypto';
import type { FleetResourceOf } from '../fleet';
import { authorizeAccountWrite } from '../remediation-policy';
import {
  type HttpRequestInfo,
  rawResult,
  type SandboxContext,
  SandboxError,
  type SandboxRequest,
  type SandboxResult,
  type SandboxService,
  toXml,
  type XmlObject,
  xmlList,
} from '../service';

type Bucket = FleetResourceOf<'s3:bucket'>;

const NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
/** ListBuckets accepts `max-buckets` from 1 to 10,000. */
const MAX_BUCKETS = 10_000;

/** Sub-resources (query keys) of a bucket GET, by the operation they select. */
const SUBRESOURCES: readonly [string, string][] = [
  ['publicAccessBlock', 'GetPublicAccessBlock'],
  ['policyStatus', 'GetBucketPolicyStatus'],
  ['encryption', 'GetBucketEncryption'],
  ['versioning', 'GetBucketVersioning'],
  ['tagging', 'GetBucketTagging'],
];

function document(root: string, body: XmlObject): SandboxResult {
  return rawResult(
    200,
    `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NAMESPACE}">${toXml(body)}</${root}>`,
    { 'content-type': 'application/xml' },
  );
}

function notConfigured(code: string, message: string): SandboxError {
  return new SandboxError(404, code, message);
}

/** The four settings of a PutPublicAccessBlock body; an element left out is false, as S3 stores it. */
function blockOf(body: Buffer): NonNullable<Bucket['attributes']['publicAccessBlock']> {
  const xml = body.toString('utf8');
  if (!xml.includes('<PublicAccessBlockConfiguration')) {
    throw new SandboxError(400, 'MalformedXML', 'The XML you provided was not well-formed');
  }
  const on = (element: string) => new RegExp(`<${element}>\\s*true\\s*</${element}>`).test(xml);
  return {
    blockPublicAcls: on('BlockPublicAcls'),
    ignorePublicAcls: on('IgnorePublicAcls'),
    blockPublicPolicy: on('BlockPublicPolicy'),
    restrictPublicBuckets: on('RestrictPublicBuckets'),
  };
}

function header(http: HttpRequestInfo, name: string): string | undefined {
  const value = http.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The bucket a path-style request names, checked as S3 checks it: existence, owner, region. */
function bucketOf(request: SandboxRequest, context: SandboxContext): Bucket {
  const name = request.http.path.split('/')[1] ?? '';
  const own = context.find('s3:bucket', name) ?? context.find('s3:bucket', name, { region: 'all' });
  if (!own) {
    const elsewhere = context.accounts.some((a) =>
      a.resources.some((r) => r.type === 's3:bucket' && r.id === name),
    );
    if (elsewhere) throw new SandboxError(403, 'AccessDenied', 'Access Denied');
    throw new SandboxError(404, 'NoSuchBucket', 'The specified bucket does not exist');
  }
  const expectedOwner = header(request.http, 'x-amz-expected-bucket-owner');
  if (expectedOwner !== undefined && expectedOwner !== context.account.id) {
    throw new SandboxError(403, 'AccessDenied', 'Access Denied');
  }
  if (own.region !== request.region) {
    throw new SandboxError(
      301,
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint.',
    );
  }
  return own;
}

interface StoredObject {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
}

/** The object key of a path-style request, `/<bucket>/<key>`; empty for bucket requests. */
function objectKeyOf(http: HttpRequestInfo): string {
  const [, , ...segments] = http.path.split('/');
  return segments.map((segment) => decodeURIComponent(segment)).join('/');
}

/** The hub's own buckets: only the hub account has them, and a fleet bucket's objects are not served. */
function hubObjects(request: SandboxRequest, context: SandboxContext): Map<string, StoredObject> {
  const bucket = request.http.path.split('/')[1] ?? '';
  const fleetBucket = context.accounts.some((a) =>
    a.resources.some((r) => r.type === 's3:bucket' && r.id === bucket),
  );
  if (fleetBucket || context.account.id !== context.organization.hubAccountId) {
    throw new SandboxError(403, 'AccessDenied', 'Access Denied');
  }
  return context.shared('s3:hub-objects', () => new Map<string, StoredObject>());
}

export const s3Service: SandboxService = {
  name: 's3',
  signingName: 's3',
  protocol: 'restXml',
  operationOf(http) {
    const bucket = http.path.split('/')[1] ?? '';
    const hasKey = objectKeyOf(http) !== '';
    if (http.method === 'PUT') {
      if (hasKey) return 'PutObject';
      return http.query.has('publicAccessBlock') ? 'PutPublicAccessBlock' : 'Unknown';
    }
    if (http.method === 'DELETE') {
      return !hasKey && http.query.has('publicAccessBlock') ? 'DeletePublicAccessBlock' : 'Unknown';
    }
    if (http.method !== 'GET') return 'Unknown';
    if (hasKey) return 'GetObject';
    if (bucket === '') return 'ListBuckets';
    const explicit = http.query.get('x-id');
    if (explicit) return explicit;
    return SUBRESOURCES.find(([key]) => http.query.has(key))?.[1] ?? 'Unknown';
  },
  actions: {
    PutObject: (request, context) => {
      const objects = hubObjects(request, context);
      const body = request.http.body;
      const etag = `"${createHash('md5').update(body).digest('hex')}"`;
      objects.set(`${request.http.path.split('/')[1]}/${objectKeyOf(request.http)}`, {
        body,
        contentType: header(request.http, 'content-type') ?? 'binary/octet-stream',
        etag,
      });
      return rawResult(200, '', { etag });
    },
    GetObject: (request, context) => {
      const object = hubObjects(request, context).get(
        `${request.http.path.split('/')[1]}/${objectKeyOf(request.http)}`,
      );
      if (!object) throw new SandboxError(404, 'NoSuchKey', 'The specified key does not exist.');
      return rawResult(200, object.body, {
        'content-type': object.contentType,
        'content-length': String(object.body.length),
        etag: object.etag,
      });
    },
    ListBuckets: (request, context) => {
      const query = request.http.query;
      const region = query.get('bucket-region') ?? undefined;
      const prefix = query.get('prefix') ?? '';
      const rawMax = query.get('max-buckets');
      const maxResults = rawMax === null ? undefined : /^\d+$/.test(rawMax) ? Number(rawMax) : Number.NaN;
      let buckets = context.resources('s3:bucket', { region: region ?? 'all' });
      if (prefix !== '') buckets = buckets.filter((b) => b.id.startsWith(prefix));
      const page = context.page(buckets, {
        action: 'ListBuckets',
        maxResults,
        nextToken: query.get('continuation-token') ?? undefined,
        min: 1,
        max: MAX_BUCKETS,
        rangeError: () =>
          new SandboxError(
            400,
            'InvalidArgument',
            `Argument max-buckets must be an integer between 1 and ${MAX_BUCKETS}`,
          ),
        tokenError: () =>
          new SandboxError(400, 'InvalidArgument', 'The continuation token provided is incorrect'),
      });
      return document('ListAllMyBucketsResult', {
        Owner: { ID: context.account.id, DisplayName: context.account.name },
        Buckets: xmlList(
          'Bucket',
          page.items.map((b) => ({
            Name: b.id,
            CreationDate: b.attributes.creationDate,
            BucketRegion: b.region,
            BucketArn: `arn:aws:s3:::${b.id}`,
          })),
        ),
        ContinuationToken: page.nextToken,
        Prefix: prefix === '' ? undefined : prefix,
      });
    },
    PutPublicAccessBlock: (request, context) => {
      const bucket = bucketOf(request, context);
      authorizeAccountWrite(
        request,
        context,
        's3:PutBucketPublicAccessBlock',
        `arn:aws:s3:::${bucket.id}`,
        'AccessDenied',
      );
      const block = blockOf(request.http.body);
      context.update({ ...bucket, attributes: { ...bucket.attributes, publicAccessBlock: block } });
      return rawResult(200, '');
    },
    // IAM authorizes DeletePublicAccessBlock with s3:PutBucketPublicAccessBlock.
    DeletePublicAccessBlock: (request, context) => {
      const bucket = bucketOf(request, context);
      authorizeAccountWrite(
        request,
        context,
        's3:PutBucketPublicAccessBlock',
        `arn:aws:s3:::${bucket.id}`,
        'AccessDenied',
      );
      context.update({ ...bucket, attributes: { ...bucket.attributes, publicAccessBlock: null } });
      return rawResult(204, '');
    },
    GetPublicAccessBlock: (request, context) => {
      const block = bucketOf(request, context).attributes.publicAccessBlock;
      if (!block) {
        throw notConfigured(
          'NoSuchPublicAccessBlockConfiguration',
          'The public access block configuration was not found',
        );
      }
      return document('PublicAccessBlockConfiguration', {
        BlockPublicAcls: block.blockPublicAcls,
        IgnorePublicAcls: block.ignorePublicAcls,
        BlockPublicPolicy: block.blockPublicPolicy,
        RestrictPublicBuckets: block.restrictPublicBuckets,
      });
    },
    GetBucketPolicyStatus: (request, context) => {
      const isPublic = bucketOf(request, context).attributes.policyIsPublic;
      if (isPublic === null) throw notConfigured('NoSuchBucketPolicy', 'The bucket policy does not exist');
      return document('PolicyStatus', { IsPublic: isPublic });
    },
    GetBucketEncryption: (request, context) => {
      const algorithm = bucketOf(request, context).attributes.defaultEncryption;
      if (algorithm === null) {
        throw notConfigured(
          'ServerSideEncryptionConfigurationNotFoundError',
          'The server side encryption configuration was not found',
        );
      }
      return document('ServerSideEncryptionConfiguration', {
        Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: algorithm }, BucketKeyEnabled: false },
      });
    },
    GetBucketVersioning: (request, context) => {
      const versioning = bucketOf(request, context).attributes.versioning;
      // A bucket that never had versioning answers an empty configuration, not an error.
      return document('VersioningConfiguration', {
        Status: versioning === 'Disabled' ? undefined : versioning,
      });
    },
    GetBucketTagging: (request, context) => {
      const tags = Object.entries(bucketOf(request, context).tags);
      if (tags.length === 0) throw notConfigured('NoSuchTagSet', 'The TagSet does not exist');
      return document('Tagging', {
        TagSet: xmlList(
          'Tag',
          tags.map(([Key, Value]) => ({ Key, Value })),
        ),
      });
    },
  },
};
