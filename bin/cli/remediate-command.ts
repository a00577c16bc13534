/**
 * `hostmaster remediate --finding ID --dry-run`: what fixing one finding would do, checked against the
 * account through the member remediation role: the live resource, pre-flight, and every planned call
 * sent with `DryRun` (which answers whether the role may make it, e.g. refused on an untagged
 * resource). The CLI never changes anything: fixes are requested from the dashboard or the API, so
 * they are approved by a person, backed up, verified and audited.
 */
import { fromIni } from '@aws-sdk/credential-providers';
import { AwsRemediationExecutor } from '../../functions/adapters/remediation/aws-remediation-executor';
import { buildInventory } from '../../functions/domain/inventory';
import type { Resource } from '../../functions/domain/model';
import { preflightReads } from '../../functions/domain/remediation/impact';
import { runPreflight } from '../../functions/domain/remediation/preflight';
import { actionsForRule } from '../../functions/domain/remediation/registry';
import { LOCAL_CREDENTIALS } from '../../test/sandbox/clients';
import { FleetValidationError, loadFleet } from '../../test/sandbox/load-fleet';
import { startSandbox } from '../../test/sandbox/server';
import type { RemediateOptions } from './args';

interface Output {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

const ARN =
  /^arn:aws[a-z-]*:ec2:([a-z0-9-]+):(\d{12}):(volume|instance|snapshot|elastic-ip|security-group)\/(.+)$/;
const TYPES = {
  volume: 'ec2:volume',
  instance: 'ec2:instance',
  snapshot: 'ec2:snapshot',
  'elastic-ip': 'ec2:elastic-ip',
  'security-group': 'ec2:security-group',
} as const;

export async function runRemediateCommand(options: RemediateOptions, out: Output): Promise<number> {
  const [ruleId = '', resourceId = ''] = options.finding.split('|');
  const match = ARN.exec(resourceId);
  const action = actionsForRule(ruleId)[0];
  if (!match || !action) {
    out.stderr.write(
      `hostmaster: --finding must be <rule id>|<resource ARN> of a rule an action fixes (${action ? 'not an EC2 resource ARN' : `no action fixes '${ruleId}'`})\n`,
    );
    return 2;
  }
  const [, region = '', accountId = '', kind = 'volume'] = match;
  let stop: () => Promise<void> = async () => {};
  let executor: AwsRemediationExecutor;
  try {
    if (options.fleet) {
      const fleet = await loadFleet(options.fleet);
      const account = fleet.accounts.find((a) => a.id === accountId);
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
      executor = new AwsRemediationExecutor({
        externalId: options.externalId ?? '',
        ...(options.profile ? { hubCredentials: fromIni({ profile: options.profile }) } : {}),
        homeRegion: region,
      });
    }
  } catch (error) {
    if (error instanceof FleetValidationError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      out.stderr.write(`hostmaster: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
  try {
    const live = await executor.describe({
      id: resourceId,
      type: TYPES[kind as keyof typeof TYPES],
      accountId,
      region,
    });
    const now = new Date().toISOString();
    const resource = live
      ? ({ ...live, firstSeen: now, lastSeen: now, contentHash: '' } as Resource)
      : undefined;
    const facts = resource ? await executor.inspect(accountId, region, preflightReads(action, resource)) : {};
    const preflight = runPreflight(action, resource, { inventory: buildInventory([]), facts });
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
  } finally {
    await stop();
  }
}
