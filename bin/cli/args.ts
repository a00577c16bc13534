import { parseArgs } from 'node:util';

export const USAGE = `Usage: hostmaster scan [options]
       hostmaster remediate --finding ID --dry-run [--fleet FILE | --profile NAME] [--external-id ID] [--format table|json]
                            [--account ID] [--region REGION] [--remediation-accounts LIST]

Scans an AWS organization (or a simulated one), reads 14 days of CloudWatch utilization for what it
found, and prints the inventory, the findings and the monthly savings.

Sources (one of):
  --fleet FILE            scan a sandbox fleet file (a simulated organization, no AWS needed)
  --profile NAME          scan real AWS, read-only, with this profile's credentials
  --role-arn ARN          assume this read-only role (with --external-id) and scan its account

Options:
  --external-id ID        ExternalId for AssumeRole (fleet default: the ExternalId most accounts use)
  --regions LIST          comma-separated regions (real AWS default: the profile's region)
  --format table|json|csv output format (default: table): table prints the inventory and findings;
                          json prints { resources, scans, findings, posture, summary }; csv prints the
                          security and compliance posture report (one row per finding)
  --account ID            report one account only (the whole organization is still scanned)
  --no-utilization        skip CloudWatch GetMetricData: rules that need utilization (idle, rightsizing,
                          off-hours) then report "insufficient data" instead of a saving
  -q, --quiet             no progress line on stderr (it is drawn only when stderr is a terminal)
  -h, --help              show this help

Remediate (preview only; fixes are requested from the dashboard or the API so a person approves them):
  --finding ID            the finding id, <rule id>|<resource ARN>, as the dashboard and API show it
  --dry-run               required: pre-flight on the live resource and every planned call sent with DryRun
                          through HostMasterRemediationRole (--external-id: its ExternalId)
  --account ID, --region REGION
                          where the resource is, when its ARN does not say: an EBS snapshot's names no account,
                          an S3 bucket's neither account nor region (a fleet is searched for them)
  --remediation-accounts LIST
                          real AWS: the accounts of hostmaster:remediationAccounts (comma-separated), where
                          EBS encryption by default and bucket public access blocks may change (a fleet says
                          it per account, remediationAccountOptIn)

Exit codes: 0 every job and metrics read succeeded (remediate: the fix would run); 1 some job failed or was partial, or utilization
could not be read somewhere, or (remediate) the fix would be refused (reasons on stderr or in the report); 2 bad arguments or fleet file.`;

export interface RemediateOptions {
  readonly finding: string;
  readonly fleet?: string;
  readonly profile?: string;
  readonly externalId?: string;
  readonly format: 'table' | 'json';
  /** The resource's account, where its ARN has none (a snapshot, a bucket). @default the ARN's, or the fleet's */
  readonly account?: string;
  /** The resource's region, where its ARN has none (a bucket). @default the ARN's, or the fleet's */
  readonly region?: string;
  /**
   * Accounts opted in as a whole (`hostmaster:remediationAccounts`), for pre-flight on real AWS.
   * @default [] (with a fleet: its accounts with `remediationAccountOptIn`)
   */
  readonly remediationAccounts?: readonly string[];
}

/** Wrong command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ScanOptions {
  readonly fleet?: string;
  readonly profile?: string;
  readonly roleArn?: string;
  readonly externalId?: string;
  readonly regions: readonly string[];
  readonly format: 'table' | 'json' | 'csv';
  /** Report only this account. @default every account */
  readonly account?: string;
  /** Read CloudWatch utilization after the scan (`--no-utilization` turns it off). @default true */
  readonly utilization: boolean;
  /** No progress line (`--quiet`). @default false */
  readonly quiet: boolean;
}

export type ParsedArgs =
  | { command: 'help' }
  | { command: 'scan'; options: ScanOptions }
  | { command: 'remediate'; options: RemediateOptions };

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return { command: 'help' };
  const [command, ...rest] = positionals;
  if (command === 'remediate') {
    if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);
    if (!values.finding) throw new UsageError('remediate needs --finding ID');
    if (!values['dry-run']) {
      throw new UsageError(
        'remediate only previews (--dry-run): request the fix from the dashboard or the API',
      );
    }
    const format = values.format ?? 'table';
    if (format !== 'table' && format !== 'json')
      throw new UsageError(`--format must be table or json, not '${format}'`);
    if (values.account !== undefined && !ACCOUNT_ID.test(values.account))
      throw new UsageError(`--account must be a 12-digit account id, not '${values.account}'`);
    if (values.region !== undefined && !REGION.test(values.region))
      throw new UsageError(`--region must be a region such as eu-west-1, not '${values.region}'`);
    const remediationAccounts = list(values['remediation-accounts']);
    const notAnAccount = remediationAccounts.find((id) => !ACCOUNT_ID.test(id));
    if (notAnAccount !== undefined)
      throw new UsageError(`--remediation-accounts takes 12-digit account ids, not '${notAnAccount}'`);
    if (values.fleet !== undefined && values['remediation-accounts'] !== undefined)
      throw new UsageError(
        '--remediation-accounts is for real AWS: a fleet opts its accounts in (remediationAccountOptIn)',
      );
    return {
      command: 'remediate',
      options: {
        finding: values.finding,
        fleet: values.fleet,
        profile: values.profile,
        externalId: values['external-id'],
        format,
        account: values.account,
        region: values.region,
        remediationAccounts,
      },
    };
  }
  if (command !== 'scan') throw new UsageError(`unknown command '${command}'`);
  if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'csv')
    throw new UsageError(`--format must be table, json or csv, not '${format}'`);
  if (values.account !== undefined && !ACCOUNT_ID.test(values.account))
    throw new UsageError(`--account must be a 12-digit account id, not '${values.account}'`);
  const sources = [values.fleet, values.profile ?? values['role-arn']].filter((v) => v !== undefined);
  if (sources.length !== 1) throw new UsageError('give exactly one of --fleet, or --profile / --role-arn');
  if (values['role-arn'] !== undefined && values['external-id'] === undefined) {
    throw new UsageError('--role-arn needs --external-id');
  }
  return {
    command: 'scan',
    options: {
      fleet: values.fleet,
      profile: values.profile,
      roleArn: values['role-arn'],
      externalId: values['external-id'],
      regions: list(values.regions),
      format,
      account: values.account,
      utilization: values['no-utilization'] !== true,
      quiet: values.quiet === true,
    },
  };
}

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** A comma-separated option's entries, blanks dropped. */
function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

function parseCommandLine(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      fleet: { type: 'string' },
      profile: { type: 'string' },
      'role-arn': { type: 'string' },
      'external-id': { type: 'string' },
      regions: { type: 'string' },
      format: { type: 'string' },
      account: { type: 'string' },
      // Node 20's parseArgs has no `allowNegative`, so the negation is an option of its own.
      'no-utilization': { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      finding: { type: 'string' },
      region: { type: 'string' },
      'remediation-accounts': { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
