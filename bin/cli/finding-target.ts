/**
 * What a finding id names, for `hostmaster remediate`: `<rule id>|<resource id>`, the resource id being
 * the ARN the collectors build (functions/adapters/collectors/), and the action that fixes it. Two of
 * those ARNs carry no account, as AWS writes them: EBS snapshots (`arn:aws:ec2:<region>::snapshot/…`)
 * and S3 buckets (`arn:aws:s3:::<name>`, no region either); the command finds their scope elsewhere.
 */
import type { RemediationAction } from '../../functions/domain/remediation/action';
import { ALL_ACTIONS, actionsForRule } from '../../functions/domain/remediation/registry';

/** A `--finding` that names no resource an action can fix. */
export class FindingIdError extends Error {
  override readonly name = 'FindingIdError';
}

/** The resource types whose ARNs this parses; a test checks every registered action's type is one. */
export const PARSED_TYPES = [
  'ec2:volume',
  'ec2:instance',
  'ec2:snapshot',
  'ec2:elastic-ip',
  'ec2:security-group',
  'ec2:ebs-encryption-default',
  'rds:db-instance',
  's3:bucket',
] as const;
export type ParsedType = (typeof PARSED_TYPES)[number];

export interface FindingTarget {
  readonly ruleId: string;
  readonly resourceId: string;
  readonly type: ParsedType;
  /** The id inside the ARN: `vol-…`, `snap-…`, the DB identifier, the bucket name. */
  readonly nativeId: string;
  /** Absent for a snapshot or a bucket, whose ARN carries none. */
  readonly accountId?: string;
  /** Absent for a bucket. */
  readonly region?: string;
  readonly action: RemediationAction;
}

const NAMES: Readonly<Record<ParsedType, string>> = {
  'ec2:volume': 'an EBS volume',
  'ec2:instance': 'an EC2 instance',
  'ec2:snapshot': 'an EBS snapshot',
  'ec2:elastic-ip': 'an Elastic IP',
  'ec2:security-group': 'a security group',
  'ec2:ebs-encryption-default': 'the EBS encryption-by-default setting',
  'rds:db-instance': 'an RDS DB instance',
  's3:bucket': 'an S3 bucket',
};

/** What a resource type is called in a sentence: "an S3 bucket". */
export function describeType(type: ParsedType): string {
  return NAMES[type];
}

const PARTITION = 'aws|aws-cn|aws-us-gov';
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';
const EC2_KINDS = {
  volume: 'ec2:volume',
  instance: 'ec2:instance',
  snapshot: 'ec2:snapshot',
  'elastic-ip': 'ec2:elastic-ip',
  'security-group': 'ec2:security-group',
} as const satisfies Record<string, ParsedType>;
/** `ec2Arn` of ec2-shared.ts: the owner is empty for snapshots, so the account is optional here. */
const EC2_ARN = new RegExp(
  `^arn:(?:${PARTITION}):ec2:(${REGION}):(\\d{12})?:(?:(${Object.keys(EC2_KINDS).join('|')})/([a-z]+-[0-9a-f]+)|(ebs-encryption-default))$`,
);
/** `DBInstanceArn`, as RDS returns it: `arn:aws:rds:<region>:<account>:db:<identifier>`. */
const RDS_ARN = new RegExp(
  `^arn:(?:${PARTITION}):rds:(${REGION}):(\\d{12}):db:([A-Za-z][A-Za-z0-9-]{0,62})$`,
);
/** s3-buckets.ts: `arn:<partition>:s3:::<bucket name>`. */
const S3_ARN = new RegExp(`^arn:(?:${PARTITION}):s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$`);

const SUPPORTED =
  'EC2 volume, instance, snapshot, Elastic IP, security group or EBS encryption by default, RDS DB instance, S3 bucket';

export function parseFindingId(finding: string): FindingTarget {
  const separator = finding.indexOf('|');
  const ruleId = finding.slice(0, Math.max(separator, 0));
  const resourceId = finding.slice(separator + 1);
  if (separator <= 0 || resourceId.length === 0) {
    throw new FindingIdError(
      `--finding must be <rule id>|<resource ARN>, as the dashboard and API show it, not '${finding}'`,
    );
  }
  const actions = actionsForRule(ruleId);
  if (actions.length === 0) {
    const fixable = [...new Set(ALL_ACTIONS.flatMap((a) => a.fixes))].sort().join(', ');
    throw new FindingIdError(`no remediation action fixes rule '${ruleId}' (actions fix: ${fixable})`);
  }
  const resource = parseResourceArn(resourceId);
  if (!resource) {
    throw new FindingIdError(
      `'${resourceId}' is not the ARN of a resource HostMaster remediates (${SUPPORTED})`,
    );
  }
  const action = actions.find((a) => a.resourceType === resource.type);
  if (!action) {
    const types = [...new Set(actions.map((a) => a.resourceType))].join(', ');
    throw new FindingIdError(
      `rule '${ruleId}' is fixed on ${types}, and '${resourceId}' is ${describeType(resource.type)}: this finding cannot exist`,
    );
  }
  return { ruleId, resourceId, ...resource, action };
}

function parseResourceArn(arn: string): Omit<FindingTarget, 'ruleId' | 'resourceId' | 'action'> | undefined {
  const ec2 = EC2_ARN.exec(arn);
  if (ec2) {
    const [, region = '', accountId, kind, id = '', setting] = ec2;
    const type = setting ? 'ec2:ebs-encryption-default' : EC2_KINDS[kind as keyof typeof EC2_KINDS];
    // Only a snapshot's ARN may leave the account out (ec2Arn writes it so); any other without one is not an id the collectors made.
    if (!accountId && type !== 'ec2:snapshot') return undefined;
    return { type, nativeId: setting ?? id, region, ...(accountId ? { accountId } : {}) };
  }
  const rds = RDS_ARN.exec(arn);
  if (rds) {
    const [, region = '', accountId = '', identifier = ''] = rds;
    return { type: 'rds:db-instance', nativeId: identifier, region, accountId };
  }
  const s3 = S3_ARN.exec(arn);
  if (s3) return { type: 's3:bucket', nativeId: s3[1] ?? '' };
  return undefined;
}
