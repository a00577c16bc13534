import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import { AwsClientPool } from '../../functions/adapters/aws/client-pool';
import {
  refreshUtilization,
  type UtilizationRefreshResult,
} from '../../functions/adapters/cloudwatch/refresh-utilization';
import { COLLECTORS } from '../../functions/adapters/collectors';
import {
  type DiscoveredAccount,
  organizationAccountLister,
} from '../../functions/adapters/discovery/accounts';
import { MemoryResourceStore } from '../../functions/adapters/memory/resource-store';
import { MemoryScanRunStore } from '../../functions/adapters/memory/scan-run-store';
import { MemoryUtilizationStore } from '../../functions/adapters/memory/utilization-store';
import { planScan } from '../../functions/adapters/scan/plan';
import { loadInventory } from '../../functions/app/analysis/load-inventory';
import { runScan } from '../../functions/app/scan/run-scan';
import { type AnalysisResult, analyze } from '../../functions/domain/analyze';
import { buildUtilizationLookup } from '../../functions/domain/cost/metric-summary';
import { StaticPriceBook } from '../../functions/domain/cost/static-price-book';
import { buildInventory } from '../../functions/domain/inventory';
import type { Resource, ScanRun } from '../../functions/domain/model';
import { ALL_RULES } from '../../functions/domain/rules';
import { DEFAULT_RULE_SETTINGS } from '../../functions/domain/rules/rule';
import { NO_UTILIZATION, type UtilizationLookup } from '../../functions/domain/utilization';
import { LOCAL_CREDENTIALS } from '../../test/sandbox/clients';
import type { Fleet } from '../../test/sandbox/fleet';
import { FleetValidationError, loadFleet } from '../../test/sandbox/load-fleet';
import { startSandbox } from '../../test/sandbox/server';
import type { ScanOptions } from './args';
import { type AccountNames, formatCsv, formatJson, formatTable, postureScores } from './format';
import { createScanProgress, type ProgressStream } from './progress';

interface Output {
  readonly stdout: { write(text: string): unknown };
  /** Errors always; the progress line only when `isTTY` is true (and not `--quiet`). */
  readonly stderr: ProgressStream;
}

interface ScanSource {
  readonly pool: AwsClientPool;
  listAccounts(): Promise<readonly DiscoveredAccount[]>;
  readonly regionsAllow: readonly string[];
  stop(): Promise<void>;
}

/** The ExternalId most of the fleet's accounts require (the one HostMaster would be configured with). */
function commonExternalId(fleet: Fleet): string {
  const counts = new Map<string, number>();
  for (const a of fleet.accounts) counts.set(a.externalId, (counts.get(a.externalId) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

async function fleetSource(path: string, options: ScanOptions): Promise<ScanSource> {
  const fleet = await loadFleet(path);
  const sandbox = await startSandbox({ fleet });
  const pool = new AwsClientPool({
    memberRoleName: fleet.accounts[0]!.roleName,
    externalId: options.externalId ?? commonExternalId(fleet),
    endpoint: sandbox.endpoint,
    hubCredentials: LOCAL_CREDENTIALS,
    homeRegion: 'us-east-1',
  });
  return {
    pool,
    // As deployed with ACCOUNT_SOURCE=organizations: ListAccounts through the management account's role.
    listAccounts: organizationAccountLister(pool, fleet.organization.managementAccountId),
    regionsAllow: options.regions,
    stop: () => sandbox.stop(),
  };
}

async function awsSource(options: ScanOptions): Promise<ScanSource> {
  const hubCredentials = options.profile ? fromIni({ profile: options.profile }) : undefined;
  const roleArn = options.roleArn;
  const match = roleArn?.match(/^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/);
  if (roleArn !== undefined && !match) throw new Error(`--role-arn is not an IAM role ARN: ${roleArn}`);
  const sts = new STSClient({
    ...(hubCredentials ? { credentials: hubCredentials } : {}),
    profile: options.profile,
  });
  const region = options.regions[0] ?? (await sts.config.region());
  let accountId = match?.[1];
  if (!accountId) {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    accountId = identity.Account!;
  }
  sts.destroy();
  const pool = new AwsClientPool({
    memberRoleName: match?.[2] ?? 'unused',
    externalId: options.externalId ?? '',
    hubCredentials,
    homeRegion: region,
    // Without --role-arn the profile's own account is scanned with the profile's credentials.
    ...(match ? {} : { memberCredentials: hubCredentials ?? (await sts.config.credentials) }),
  });
  const scanned = accountId;
  return {
    pool,
    listAccounts: async () => [{ accountId: scanned }],
    regionsAllow: options.regions.length > 0 ? options.regions : [region],
    stop: async () => undefined,
  };
}

/** `hostmaster scan`: collects every account and region into memory and prints the inventory. */
export async function runScanCommand(options: ScanOptions, out: Output): Promise<number> {
  let source: ScanSource;
  try {
    source = options.fleet ? await fleetSource(options.fleet, options) : await awsSource(options);
  } catch (error) {
    if (error instanceof FleetValidationError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      out.stderr.write(`hostmaster: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
  const progress = createScanProgress(out.stderr, { quiet: options.quiet });
  const resources = new MemoryResourceStore();
  const scanRuns = new MemoryScanRunStore();
  const openScope = (accountId: string, region: string) => source.pool.openScope(accountId, region);
  let runs: ScanRun[];
  let inventory: Resource[];
  let accountNames: AccountNames;
  let utilization: UtilizationLookup = NO_UTILIZATION;
  let metrics: UtilizationRefreshResult | undefined;
  const now = new Date();
  try {
    const accounts = await source.listAccounts();
    accountNames = new Map(
      accounts.flatMap((a) => (a.name === undefined ? [] : [[a.accountId, a.name] as const])),
    );
    const plan = await planScan(`cli-${now.toISOString()}`, {
      listAccounts: async () => accounts,
      openScope,
      homeRegion: source.pool.homeRegion,
      regionsAllow: source.regionsAllow,
      regionsDeny: [],
    });
    progress.planned(plan.jobs.length);
    runs = await runScan(plan.jobs, {
      collectors: COLLECTORS,
      resources,
      scanRuns,
      openScope,
      concurrency: 8,
      onRun: (run) => progress.jobDone(run),
    });
    inventory = await loadInventory(resources);
    if (options.utilization) {
      // The same refresh the daily Lambda runs, into memory: 14 days of hourly metrics per resource.
      progress.step('reading CloudWatch utilization');
      const store = new MemoryUtilizationStore();
      metrics = await refreshUtilization({
        resources: async () => inventory,
        openScope,
        store,
        now: () => now,
      });
      utilization = buildUtilizationLookup((await store.listAll(now)).flatMap((u) => u.summaries));
    }
  } finally {
    progress.finish();
    await source.stop();
  }

  inventory.sort((a, b) =>
    `${a.accountId}|${a.region}|${a.type}|${a.id}` < `${b.accountId}|${b.region}|${b.type}|${b.id}` ? -1 : 1,
  );
  // Without utilization (`--no-utilization`, or a scope whose metrics could not be read) the rules
  // that need two weeks of metrics answer "insufficient data", named in the output, rather than guess.
  const analysis = analyze(inventory, ALL_RULES, {
    now,
    inventory: buildInventory(inventory),
    utilization,
    prices: new StaticPriceBook(),
    settings: DEFAULT_RULE_SETTINGS,
  });
  const account = options.account;
  if (account !== undefined && !runs.some((run) => run.accountId === account)) {
    out.stderr.write(`hostmaster: --account ${account} is not one of the scanned accounts\n`);
    return 2;
  }
  const inAccount = <T extends { accountId: string }>(items: readonly T[]) =>
    account === undefined ? items : items.filter((item) => item.accountId === account);
  const reported: AnalysisResult = { ...analysis, findings: inAccount(analysis.findings) };
  const posture = postureScores(analysis, ALL_RULES);
  const metricFailures = inAccount(metrics?.failures ?? []);
  const report = {
    accounts: accountNames,
    utilization: options.utilization
      ? { read: true as const, failedScopes: metricFailures.length }
      : { read: false as const },
  };
  const output = {
    json: () =>
      formatJson(
        inAccount(inventory),
        inAccount(runs),
        reported,
        account === undefined ? posture : { [account]: posture[account] ?? [] },
        report,
      ),
    csv: () => formatCsv(reported, now, account),
    table: () => formatTable(inAccount(inventory), inAccount(runs), reported, report),
  }[options.format];
  out.stdout.write(output());

  const incomplete = inAccount(runs).filter((r) => r.status !== 'succeeded');
  for (const run of incomplete) {
    for (const error of run.errors) {
      out.stderr.write(
        `${run.status}: ${run.accountId}/${run.region} ${error.collector}: ${error.message}\n`,
      );
    }
  }
  for (const failure of metricFailures) {
    out.stderr.write(
      `utilization not read: ${failure.accountId}/${failure.region} ${failure.code}: ${failure.message}\n`,
    );
  }
  // A partial job is an incomplete inventory, and unread metrics understate the savings: both are
  // worth a non-zero exit, as the usage says, though the report above still prints.
  return incomplete.length > 0 || metricFailures.length > 0 ? 1 : 0;
}
