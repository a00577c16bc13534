/** Helpers every EC2 collector shares: ARNs, tags, names, dates and page sizes. */
import type { Tag } from '@aws-sdk/client-ec2';

/**
 * Largest page each EC2 describe action accepts (`MaxResults`), so a scan costs the fewest calls.
 * DescribeAddresses and GetEbsEncryptionByDefault are not paginated: one call each.
 */
export const EC2_PAGE_SIZES = {
  DescribeInstances: 1000,
  DescribeInstanceStatus: 1000,
  DescribeVolumes: 500,
  DescribeSnapshots: 1000,
  DescribeImages: 1000,
  DescribeVpcs: 1000,
  DescribeSubnets: 1000,
  DescribeSecurityGroups: 1000,
  DescribeNatGateways: 1000,
} as const;

/** A describe response lacked a field AWS always sends: the collector fails instead of inventing it. */
export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
  constructor(action: string, field: string, id?: string) {
    super(`${action} returned ${id ? `${id} ` : ''}without ${field}`);
  }
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * The resource's ARN. Snapshots and images are the two EC2 resources whose ARNs carry no account
 * (`arn:aws:ec2:eu-west-1::snapshot/snap-...`), as in the IAM service authorization reference.
 */
export function ec2Arn(region: string, accountId: string, resource: string): string {
  const owner = resource.startsWith('snapshot/') || resource.startsWith('image/') ? '' : accountId;
  return `arn:${partitionOf(region)}:ec2:${region}:${owner}:${resource}`;
}

export function tagRecord(tags: readonly Tag[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) {
    if (tag.Key !== undefined) record[tag.Key] = tag.Value ?? '';
  }
  return record;
}

/** The `Name` tag, else the fallback (the native id). */
export function nameOf(tags: Record<string, string>, fallback: string): string {
  const name = tags.Name;
  return name !== undefined && name.length > 0 ? name : fallback;
}

export function isoDate(value: Date | string | undefined, action: string, field: string, id: string): string {
  if (value === undefined) throw new MalformedResponseError(action, field, id);
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new MalformedResponseError(action, `a valid ${field}`, id);
  return date.toISOString();
}

export function required<T>(value: T | undefined | null, action: string, field: string, id?: string): T {
  if (value === undefined || value === null) throw new MalformedResponseError(action, field, id);
  return value;
}

/** AWS sends `""` for some absent strings (snapshot id of a blank volume, empty description). */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.length === 0 ? undefined : value;
}
