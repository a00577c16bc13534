/**
 * The Distributed Map's S3 locally: the sandbox's S3 (hub-owned buckets) through the real S3 client,
 * with the hub's credentials and endpoint from the environment startLocal sets.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { MapRunObjects } from './distributed-map';

export function sandboxObjects(client: S3Client = new S3Client({ forcePathStyle: true })): MapRunObjects {
  return {
    async get(bucket, key) {
      const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await output.Body?.transformToString('utf8')) ?? '';
    },
    async put(bucket, key, body) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }),
      );
    },
  };
}
