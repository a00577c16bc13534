/**
 * The plan's jobs as an S3 object the scan's Distributed Map reads with its ItemReader: JSON Lines, one
 * `{ accountId, region }` a line, so the object streams instead of being parsed whole, and a job costs
 * about 50 bytes whatever the organization's size (1,000 accounts × 17 regions is under 1 MB).
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { AccountIdSchema, RegionSchema } from '../../domain/model';
import { type ObjectLocation, SCAN_OBJECTS } from '../../shared/contract/state-machine';
import type { AwsClientPool } from '../aws/client-pool';

const JobLineSchema = z.object({
  accountId: AccountIdSchema,
  accountName: z.string().min(1).nullable().optional(),
  region: RegionSchema,
});
export type JobLine = z.infer<typeof JobLineSchema>;

/** A line of the jobs object that is not a job: the object was not written by this code. */
export class InvalidJobLineError extends Error {
  override readonly name = 'InvalidJobLineError';
  constructor(location: ObjectLocation, line: number, cause: unknown) {
    super(`s3://${location.bucket}/${location.key} line ${line} is not a scan job`, { cause });
  }
}

export function toJsonLines(jobs: readonly JobLine[]): string {
  // accountName is always written (null when unknown): the Map's ItemSelector selects it by path.
  return jobs
    .map((job) =>
      JSON.stringify({ accountId: job.accountId, accountName: job.accountName ?? null, region: job.region }),
    )
    .join('\n');
}

export function parseJsonLines(body: string, location: ObjectLocation): JobLine[] {
  const jobs: JobLine[] = [];
  body.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InvalidJobLineError(location, index + 1, error);
    }
    const parsed = JobLineSchema.safeParse(value);
    if (!parsed.success) throw new InvalidJobLineError(location, index + 1, parsed.error);
    jobs.push(parsed.data);
  });
  return jobs;
}

export class S3ScanJobObjects {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  /** Writes the scan's jobs to `scans/<scanId>/jobs.jsonl` and returns where. */
  async write(scanId: string, jobs: readonly JobLine[]): Promise<ObjectLocation> {
    const location = { bucket: this.bucket, key: SCAN_OBJECTS.jobsKey(scanId) };
    await this.client.send(
      new PutObjectCommand({
        Bucket: location.bucket,
        Key: location.key,
        Body: toJsonLines(jobs),
        ContentType: 'application/jsonl',
      }),
    );
    return location;
  }

  async read(location: ObjectLocation): Promise<JobLine[]> {
    const output = await this.client.send(
      new GetObjectCommand({ Bucket: location.bucket, Key: location.key }),
    );
    return parseJsonLines((await output.Body?.transformToString('utf8')) ?? '', location);
  }
}

/** The plan's jobs objects in `bucket`, written with the hub's own credentials. */
export function scanJobObjects(pool: AwsClientPool, bucket: string): S3ScanJobObjects {
  return new S3ScanJobObjects(pool.hubClient(S3Client), bucket);
}
