import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../../bin/cli/args';
import { PARSED_TYPES, parseFindingId } from '../../bin/cli/finding-target';
import { runRemediateCommand } from '../../bin/cli/remediate-command';
import { ec2Arn } from '../../functions/adapters/collectors/ec2-shared';
import { ALL_ACTIONS } from '../../functions/domain/remediation/registry';

const FLEET = path.join(import.meta.dirname, 'fixtures/remediation-fleet.json');
const finding = (volumeId: string) =>
  `ebs-unattached-volume|arn:aws:ec2:us-east-1:111111111111:volume/${volumeId}`;
/** 111111111111 is opted in as a whole (remediationAccountOptIn); 222222222222 is not. */
const OPTED_IN = '111111111111';
const NOT_OPTED_IN = '222222222222';

interface Report {
  account: string;
  region: string;
  action: { id: string };
  calls: { call: string; dryRun: string }[];
  preflight: { passed: boolean; checks: { id: string; passed: boolean; detail: string }[] };
}

async function preview(findingId: string, options: { account?: string; region?: string } = {}) {
  const { text, out } = capture();
  const code = await runRemediateCommand(
    { finding: findingId, fleet: FLEET, format: 'json', ...options },
    out,
  );
  return { code, report: JSON.parse(text.stdout || 'null') as Report, stderr: text.stderr };
}

function capture() {
  const text = { stdout: '', stderr: '' };
  return {
    text,
    out: {
      stdout: { write: (s: string) => (text.stdout += s) },
      stderr: { write: (s: string) => (text.stderr += s) },
    },
  };
}

describe('hostmaster remediate --dry-run', () => {
  it('prints the pre-flight and every call DryRun says would succeed, exit 0', async () => {
    // Prepare
    const { text, out } = capture();

    // Act
    const code = await runRemediateCommand(
      { finding: finding('vol-00000000000000001'), fleet: FLEET, format: 'json' },
      out,
    );

    // Assess
    const report = JSON.parse(text.stdout) as {
      calls: { call: string; dryRun: string }[];
      preflight: { passed: boolean };
    };
    expect(code).toBe(0);
    expect(report.preflight.passed).toBe(true);
    expect(report.calls).toEqual([
      expect.objectContaining({ call: 'ec2:CreateSnapshot', dryRun: 'would succeed' }),
      expect.objectContaining({ call: 'ec2:DeleteVolume', dryRun: 'would succeed' }),
    ]);
  });

  it('shows the role refusing an untagged volume outside the opted-in accounts, exit 1', async () => {
    // Prepare
    const { text, out } = capture();

    // Act
    const code = await runRemediateCommand(
      {
        finding: `ebs-unattached-volume|arn:aws:ec2:us-east-1:${NOT_OPTED_IN}:volume/vol-00000000000000003`,
        fleet: FLEET,
        format: 'table',
      },
      out,
    );

    // Assess
    expect(code).toBe(1);
    expect(text.stdout).toMatch(/REFUSE not tagged hostmaster:remediation=allow/);
    expect(text.stdout).toMatch(/ec2:DeleteVolume\s+refused: UnauthorizedOperation/);
  });

  it('lets an untagged volume be fixed in an account opted in as a whole, exit 0', async () => {
    // Prepare
    const { text, out } = capture();

    // Act
    const code = await runRemediateCommand(
      { finding: finding('vol-00000000000000002'), fleet: FLEET, format: 'table' },
      out,
    );

    // Assess
    expect(code).toBe(0);
    expect(text.stdout).toMatch(/opted in as a whole/);
    expect(text.stdout).not.toMatch(/refused/);
  });

  it('only previews: without --dry-run, or without a finding, it is a usage error', () => {
    // Act / Assess
    expect(() => parseCliArgs(['remediate', '--finding', finding('vol-1')])).toThrow(UsageError);
    expect(() => parseCliArgs(['remediate', '--dry-run'])).toThrow(/--finding/);
    expect(parseCliArgs(['remediate', '--finding', finding('vol-1'), '--dry-run'])).toMatchObject({
      command: 'remediate',
    });
  });

  it('finds the account of a snapshot, whose ARN has none, in the fleet and dry-runs its deletion', async () => {
    // Act
    const { code, report } = await preview(
      `ebs-orphaned-snapshot|${ec2Arn('us-east-1', OPTED_IN, 'snapshot/snap-00000000000000001')}`,
    );

    // Assess
    expect(code).toBe(0);
    expect(report).toMatchObject({ account: OPTED_IN, region: 'us-east-1' });
    expect(report.action.id).toBe('ebs-delete-orphaned-snapshot');
    expect(report.calls).toEqual([
      expect.objectContaining({ call: 'ec2:DeleteSnapshot', dryRun: 'would succeed' }),
    ]);
  });

  it('previews Block Public Access of a bucket in an opted-in account, and says S3 takes no DryRun', async () => {
    // Act
    const { code, report } = await preview(
      's3-public-access-block-incomplete|arn:aws:s3:::workloads-public-exports',
    );

    // Assess
    expect(code).toBe(0);
    expect(report).toMatchObject({ account: OPTED_IN, region: 'us-east-1', preflight: { passed: true } });
    expect(report.preflight.checks).toContainEqual(
      expect.objectContaining({ passed: true, detail: expect.stringMatching(/opted in as a whole/) }),
    );
    expect(report.calls).toEqual([
      expect.objectContaining({ call: 's3:PutPublicAccessBlock', dryRun: 'not dry-runnable' }),
    ]);
  });

  it('refuses a bucket of an account not opted in as a whole at pre-flight, exit 1', async () => {
    // Act
    const { code, report } = await preview(
      's3-public-access-block-incomplete|arn:aws:s3:::other-public-exports',
    );

    // Assess
    expect(code).toBe(1);
    expect(report.account).toBe(NOT_OPTED_IN);
    expect(report.preflight.checks).toContainEqual(
      expect.objectContaining({ passed: false, detail: expect.stringMatching(/is not opted in as a whole/) }),
    );
  });

  it('previews a snapshot-then-stop of an RDS instance, neither call dry-runnable', async () => {
    // Act
    const { code, report } = await preview(
      `rds-idle-instance|arn:aws:rds:us-east-1:${OPTED_IN}:db:reporting-db`,
    );

    // Assess
    expect(code).toBe(0);
    expect(report.preflight.passed).toBe(true);
    expect(report.calls).toEqual([
      expect.objectContaining({ call: 'rds:CreateDBSnapshot', dryRun: 'not dry-runnable' }),
      expect.objectContaining({ call: 'rds:StopDBInstance', dryRun: 'not dry-runnable' }),
    ]);
  });

  it('dry-runs EBS encryption by default where the account is opted in, and shows the role refusing elsewhere', async () => {
    // Act
    const optedIn = await preview(
      `ebs-default-encryption-disabled|${ec2Arn('us-east-1', OPTED_IN, 'ebs-encryption-default')}`,
    );
    const notOptedIn = await preview(
      `ebs-default-encryption-disabled|${ec2Arn('us-east-1', NOT_OPTED_IN, 'ebs-encryption-default')}`,
    );

    // Assess
    expect(optedIn.code).toBe(0);
    expect(optedIn.report.calls).toEqual([
      expect.objectContaining({ call: 'ec2:EnableEbsEncryptionByDefault', dryRun: 'would succeed' }),
    ]);
    expect(notOptedIn.code).toBe(1);
    expect(notOptedIn.report.preflight.passed).toBe(false);
    expect(notOptedIn.report.calls).toEqual([
      expect.objectContaining({
        call: 'ec2:EnableEbsEncryptionByDefault',
        dryRun: expect.stringMatching(/^refused: UnauthorizedOperation: .*not opted in as a whole/),
      }),
    ]);
  });

  it.each([
    ['no resource', 'ebs-unattached-volume', /--finding must be <rule id>\|<resource ARN>/],
    [
      'a rule no action fixes',
      'ec2-imdsv1-enabled|arn:aws:ec2:us-east-1:111111111111:instance/i-0123',
      /no remediation action fixes rule 'ec2-imdsv1-enabled' \(actions fix: .*ebs-orphaned-snapshot/,
    ],
    [
      'an ARN of a type no action changes',
      'ebs-unattached-volume|arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/web',
      /is not the ARN of a resource HostMaster remediates/,
    ],
    [
      'a truncated ARN',
      'ebs-unattached-volume|arn:aws:ec2:us-east-1:111111111111:volume/',
      /is not the ARN of a resource/,
    ],
    [
      'a volume ARN without its account',
      'ebs-unattached-volume|arn:aws:ec2:us-east-1::volume/vol-00000000000000001',
      /is not the ARN of a resource/,
    ],
    [
      "a resource of another type than the rule's",
      'ebs-unattached-volume|arn:aws:s3:::workloads-public-exports',
      /rule 'ebs-unattached-volume' is fixed on ec2:volume, and .* is an S3 bucket/,
    ],
    [
      'a bucket the fleet does not have',
      's3-public-access-block-incomplete|arn:aws:s3:::nobody-has-it',
      /no account of the fleet has an S3 bucket 'nobody-has-it'/,
    ],
  ])('rejects a finding id with %s, exit 2, before any call', async (_what, findingId, message) => {
    // Act
    const { text, out } = capture();
    const code = await runRemediateCommand({ finding: findingId, fleet: FLEET, format: 'table' }, out);

    // Assess
    expect(code).toBe(2);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(message);
  });

  it('rejects an --account that contradicts the ARN, and asks real AWS for the scope a bucket ARN lacks', async () => {
    // Act
    const contradicted = capture();
    const contradictedCode = await runRemediateCommand(
      { finding: finding('vol-00000000000000001'), fleet: FLEET, format: 'table', account: NOT_OPTED_IN },
      contradicted.out,
    );
    const unscoped = capture();
    const unscopedCode = await runRemediateCommand(
      { finding: 's3-public-access-block-incomplete|arn:aws:s3:::any-bucket', format: 'table' },
      unscoped.out,
    );

    // Assess
    expect(contradictedCode).toBe(2);
    expect(contradicted.text.stderr).toMatch(
      /--account 222222222222 is not the account of .* \(111111111111\)/,
    );
    expect(unscopedCode).toBe(2);
    expect(unscoped.text.stderr).toMatch(
      /the ARN of an S3 bucket carries no account or region: give --account and --region/,
    );
  });

  it('parses the ARN the collectors build for every resource type an action changes', () => {
    // Prepare
    const arns = {
      'ec2:volume': ec2Arn('eu-west-1', OPTED_IN, 'volume/vol-0a1b'),
      'ec2:instance': ec2Arn('eu-west-1', OPTED_IN, 'instance/i-0a1b'),
      'ec2:snapshot': ec2Arn('eu-west-1', OPTED_IN, 'snapshot/snap-0a1b'),
      'ec2:elastic-ip': ec2Arn('eu-west-1', OPTED_IN, 'elastic-ip/eipalloc-0a1b'),
      'ec2:security-group': ec2Arn('eu-west-1', OPTED_IN, 'security-group/sg-0a1b'),
      'ec2:ebs-encryption-default': ec2Arn('eu-west-1', OPTED_IN, 'ebs-encryption-default'),
      'rds:db-instance': `arn:aws:rds:eu-west-1:${OPTED_IN}:db:reporting-db`,
      's3:bucket': 'arn:aws:s3:::workloads-public-exports',
    } as const;

    // Act / Assess
    expect(ALL_ACTIONS.map((a) => a.resourceType).filter((t) => !PARSED_TYPES.includes(t as never))).toEqual(
      [],
    );
    for (const action of ALL_ACTIONS) {
      const type = action.resourceType as keyof typeof arns;
      const target = parseFindingId(`${action.fixes[0]}|${arns[type]}`);
      expect(target).toMatchObject({ type, action: { id: action.id } });
      if (type === 's3:bucket') expect(target).not.toHaveProperty('accountId');
      else if (type === 'ec2:snapshot') expect(target).toMatchObject({ region: 'eu-west-1' });
      else expect(target).toMatchObject({ accountId: OPTED_IN, region: 'eu-west-1' });
    }
  });

  it('takes --remediation-accounts only for real AWS, as 12-digit ids', () => {
    // Act / Assess
    const base = ['remediate', '--finding', finding('vol-1'), '--dry-run'];
    expect(parseCliArgs([...base, '--remediation-accounts', `${OPTED_IN}, ${NOT_OPTED_IN}`])).toMatchObject({
      options: { remediationAccounts: [OPTED_IN, NOT_OPTED_IN] },
    });
    expect(() => parseCliArgs([...base, '--remediation-accounts', 'prod'])).toThrow(
      /12-digit account ids, not 'prod'/,
    );
    expect(() => parseCliArgs([...base, '--fleet', FLEET, '--remediation-accounts', OPTED_IN])).toThrow(
      /a fleet opts its accounts in/,
    );
    expect(() => parseCliArgs([...base, '--region', 'Ireland'])).toThrow(/--region must be a region/);
  });
});
