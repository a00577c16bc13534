/**
 * Helpers the RDS, ELB, S3, IAM and CloudTrail collectors share to turn SDK response shapes into
 * domain values. The SDK types every
 * field as optional; a field AWS always returns that is missing means the response cannot be trusted,
 * so the collector throws instead of storing a half-described resource.
 */

/**
 * A response lacked a field AWS always sends or carried a value the domain does not know (a broken
 * proxy, an SDK/model mismatch, a sandbox bug).
 */
export class UnexpectedResponseError extends Error {
  override readonly name = 'UnexpectedResponseError';
  constructor(
    readonly operation: string,
    readonly problem: string,
  ) {
    super(`${operation} returned ${problem}`);
  }
}

/** `value`, or an `UnexpectedResponseError` naming the operation and the missing field. */
export function required<T>(value: T | undefined | null, operation: string, field: string): T {
  if (value === undefined || value === null)
    throw new UnexpectedResponseError(operation, `an item without ${field}`);
  return value;
}

/** A `[{ Key, Value }]` tag list (every AWS service but S3's casing) as a record. */
export function tagRecord(
  tagList: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined,
): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of tagList ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
  return tags;
}

/** The `Name` tag when it is set and not empty, else the resource's natural name. */
export function nameOf(tags: Record<string, string>, naturalName: string): string {
  const name = tags.Name;
  return name !== undefined && name.length > 0 ? name : naturalName;
}

/** An SDK date as the ISO 8601 string the domain stores; `undefined` stays `undefined`. */
export function isoDate(date: Date | undefined): string | undefined {
  return date?.toISOString();
}

/** The ARN partition of a region (`aws`, `aws-cn`, `aws-us-gov`); `global` scopes are in `aws`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
