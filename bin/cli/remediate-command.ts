/**
 * `hostmaster remediate --finding ID --dry-run`: what fixing one finding would do, checked against the
 * account through the member remediation role: the live resource, pre-flight, and every planned call
 * sent with `DryRun` (which answers whether the role may make it, e.g. refused on an untagged
 * resource). The CLI never changes anything: fixes are requested from the dashboard or the API, so
 * they are approved by a person, backed up, verified and audited.
 */
import { fromIni } from '@aws-sdk/credential-providers';
import { AssumeRoleError } from '../../functions/adapters/aws/errors';
import { AwsRemediationExecutor } from '../../functions/adapters/remediation/aws-remediation-executor';
import { buildInventory } from '../../functions/domain/inventory';
import type { Resource } from '../../functions/domain/model';
import { preflightReads } from '../../functions/domain/remediation/impact';
import { runPreflight } from '../../functions/domain/remediation/preflight';
import { LOCAL_CREDENTIALS } from '../../test/sandbox/clients';
import type { Fleet } from '../../test/sandbox/fleet';
import { FleetValidationError, loadFleet } from '../../test/sandbox/load-fleet';
import { startSandbox } from '../../test/sandbox/server';
import type { RemediateOptions } from './args';
import { describeType, FindingIdError, type FindingTarget, parseFindingId } from './finding-target';

interface Output {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export async function runRemediateCommand(options: RemediateOptions, out: Output): Promise<number> {
  let target: FindingTarget;
  try {
    target = parseFindingId(options.finding);
  } catch (error) {
    if (error instanceof FindingIdError) {
      out.stderr.write(`hostmaster: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const { action, resourceId, ruleId } = target;
  let stop: () => Promise<void> = async () => {};
  let executor: AwsRemediationExecutor;
  let accountId: string;
  let region: string;
  let optedInAccounts: ReadonlySet<string>;
  try {
    if (options.fleet) {
      const fleet = await loadFleet(options.fleet);
      ({ accountId, region } = scopeInFleet(target, fleet, options));
      const account = fleet.accounts.find((a) => a.id === accountId);
      optedInAccounts = new Set(fleet.accounts.filter((a) => a.remediationAccountOptIn).map((a) => a.id));
      const sandbox = await startSandbox({ fleet });
      stop = () => sandbox.stop();
      executor = new AwsRemediationExecutor({
        externalId: options.externalId ?? account?.remediationExternalId ?? '',
        endpoint: sandbox.endpoint,
        hubCredentials: LOCAL_CREDENTIALS,
        homeRegion: 'us-east-1',
        maxAttempts: 3,
      });
    } else {
      ({ accountId, region } = scopeGiven(target, options));
      optedInAccounts = new Set(options.remediationAccounts ?? []);
      executor = new AwsRemediationExecutor({
        externalId: options.externalId ?? '',
        ...(options.profile ? { hubCredentials: fromIni({ profile: options.profile }) } : {}),
        homeRegion: region,
      });
    }
  } catch (error) {
    await stop();
    if (
      error instanceof FleetValidationError ||
      error instanceof FindingIdError ||
      (error as NodeJS.ErrnoException).code === 'ENOENT'
    ) {
      out.stderr.write(`hostmaster: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
  try {
    const live = await executor.describe({
      id: resourceId,
      type: target.type,
      accountId,
      region,
    });
    const now = new Date().toISOString();
    const resource = live
      ? ({ ...live, firstSeen: now, lastSeen: now, contentHash: '' } as Resource)
      : undefined;
    const facts = resource ? await executor.inspect(accountId, region, preflightReads(action, resource)) : {};
    const preflight = runPreflight(action, resource, {
      inventory: buildInventory([]),
      facts,
      optedInAccounts,
    });
    const plan = resource ? action.plan(resource as never, { remediationId: 'dry-run', ruleId }) : undefined;
    const calls = plan ? [...plan.backup, ...plan.act] : [];
    const dryRun = [];
    for (const call of calls) {
      const outcome = call.dryRunnable
        ? await executor.call(accountId, region, call, { dryRun: true })
        : undefined;
      dryRun.push({
        call: `${call.service}:${call.action}`,
        input: call.input,
        dryRun:
          outcome === undefined
            ? 'not dry-runnable'
            : outcome.ok
              ? 'would succeed'
              : `refused: ${outcome.code}: ${outcome.message}`,
      });
    }
    const report = {
      finding: options.finding,
      account: accountId,
      region,
      action: { id: action.id, title: action.title, destructive: action.destructive },
      summary: plan?.summary ?? 'nothing to plan: the resource no longer exists',
      preflight,
      calls: dryRun,
      backup: action.backupDescription,
      undo: action.undo.undoable ? action.undo.description : `not undoable: ${action.undo.why}`,
    };
    if (options.format === 'json') {
      out.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      const lines = [
        `${action.title} (${action.id})${action.destructive ? ", destructive: needs a person's approval" : ''}`,
        report.summary,
        `Account ${accountId}, region ${region}`,
        'Pre-flight:',
        ...preflight.checks.map((c) => `  ${c.passed ? 'pass  ' : 'REFUSE'} ${c.detail}`),
        'Calls (DryRun):',
        ...dryRun.map((c) => `  ${c.call.padEnd(34)} ${c.dryRun}`),
        `Backup: ${report.backup}`,
        `Undo: ${report.undo}`,
      ];
      out.stdout.write(`${lines.join('\n')}\n`);
    }
    return preflight.passed && dryRun.every((c) => !c.dryRun.startsWith('refused')) ? 0 : 1;
  } catch (error) {
    // No role to act through: the fix would be refused before any call (a fleet without remediationExternalId).
    if (error instanceof AssumeRoleError) {
      out.stderr.write(`hostmaster: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await stop();
  }
}

interface Scope {
  readonly accountId: string;
  readonly region: string;
}

/**
 * The account and region of a real resource: the ARN's, else `--account` / `--region` (a snapshot's
 * and a bucket's ARNs carry no account, a bucket's no region), never both disagreeing.
 */
function scopeGiven(target: FindingTarget, options: RemediateOptions): Scope {
  const accountId = agree('account', target.accountId, options.account, target);
  const region = agree('region', target.region, options.region, target);
  if (accountId && region) return { accountId, region };
  const missing = [accountId ? '' : 'account', region ? '' : 'region'].filter((m) => m.length > 0);
  throw new FindingIdError(
    `the ARN of ${describeType(target.type)} carries no ${missing.join(' or ')}: give ${missing.map((m) => `--${m}`).join(' and ')}`,
  );
}

/** In a fleet, the account and region that hold the resource, where the ARN leaves them out. */
function scopeInFleet(target: FindingTarget, fleet: Fleet, options: RemediateOptions): Scope {
  const accountId = agree('account', target.accountId, options.account, target);
  const region = agree('region', target.region, options.region, target);
  if (accountId && region) return { accountId, region };
  const holders = fleet.accounts.flatMap((account) =>
    account.resources
      .filter(
        (r) =>
          r.type === target.type &&
          r.id === target.nativeId &&
          (accountId === undefined || account.id === accountId) &&
          (region === undefined || r.region === region),
      )
      .map((r) => ({ accountId: account.id, region: r.region })),
  );
  const [only, ...others] = holders;
  if (!only)
    throw new FindingIdError(`no account of the fleet has ${describeType(target.type)} '${target.nativeId}'`);
  if (others.length > 0) {
    throw new FindingIdError(
      `${holders.length} accounts of the fleet have ${describeType(target.type)} '${target.nativeId}': give --account`,
    );
  }
  return only;
}

function agree(
  what: 'account' | 'region',
  inArn: string | undefined,
  given: string | undefined,
  target: FindingTarget,
): string | undefined {
  if (inArn && given && inArn !== given) {
    throw new FindingIdError(`--${what} ${given} is not the ${what} of ${target.resourceId} (${inArn})`);
  }
  return inArn ?? given;
}
