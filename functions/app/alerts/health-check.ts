/**
 * The scheduled health check: runs the reliability rules over the stored inventory, records their
 * findings (new, still open, resolved) and brings check alerts in line with them. Then it sends any
 * notice that was held (quiet hours over, rate limit window passed).
 */

import { reconcileCheckAlerts } from '../../domain/alerts/findings';
import { analyze, reconcileFindings } from '../../domain/analyze';
import { buildUtilizationLookup } from '../../domain/cost/metric-summary';
import { buildInventory } from '../../domain/inventory';
import type { Resource, ResourceType } from '../../domain/model';
import type { FindingStore, ResourceStore, ScanRunStore, UtilizationStore } from '../../domain/ports';
import type { PriceBook } from '../../domain/pricing';
import { RELIABILITY_RULES } from '../../domain/rules/reliability';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from '../../domain/rules/rule';
import { NO_UTILIZATION } from '../../domain/utilization';
import type { AlertService, ApplyOutcome } from './alert-service';

/** Types the reliability rules judge or consult (snapshots for backups, target groups for health). */
export const HEALTH_CHECK_TYPES: ReadonlySet<ResourceType> = new Set<ResourceType>([
  ...RELIABILITY_RULES.flatMap((r) => r.appliesTo),
  'ec2:snapshot',
  'rds:db-snapshot',
  'elb:target-group',
]);

export interface HealthCheckDependencies {
  readonly resources: Pick<ResourceStore, 'listScope'>;
  readonly scanRuns: Pick<ScanRunStore, 'latestPerScope'>;
  readonly findings: FindingStore;
  readonly service: AlertService;
  readonly prices: PriceBook;
  /** Stored metric summaries (CWAgent `disk_used_percent` where collected). @default none: the disk rule is not applicable */
  readonly utilization?: Pick<UtilizationStore, 'listAll'>;
  /** @default DEFAULT_RULE_SETTINGS */
  readonly settings?: RuleSettings;
  readonly now: Date;
}

export interface HealthCheckResult {
  readonly resources: number;
  readonly findings: { readonly open: number; readonly opened: number; readonly resolved: number };
  readonly alerts: ApplyOutcome;
  readonly flushed: ApplyOutcome;
}

export async function runHealthCheck(deps: HealthCheckDependencies): Promise<HealthCheckResult> {
  const scopes = await deps.scanRuns.latestPerScope();
  const perScope = await Promise.all(scopes.map((s) => deps.resources.listScope(s.accountId, s.region)));
  const resources: Resource[] = perScope.flat().filter((r) => !r.goneAt && HEALTH_CHECK_TYPES.has(r.type));
  const utilization = deps.utilization
    ? buildUtilizationLookup((await deps.utilization.listAll(deps.now)).flatMap((u) => u.summaries))
    : NO_UTILIZATION;
  const analysis = analyze(resources, RELIABILITY_RULES, {
    now: deps.now,
    inventory: buildInventory(resources),
    utilization,
    prices: deps.prices,
    settings: deps.settings ?? DEFAULT_RULE_SETTINGS,
  });
  const previous = await deps.findings.listByCategory('reliability');
  // Only accounts this check saw are judged: an account without a stored scan keeps its findings.
  const scanned = new Set(scopes.map((s) => s.accountId));
  const changes = reconcileFindings(previous, analysis.findings, deps.now, (f) => scanned.has(f.accountId));
  if (changes.upserts.length > 0) await deps.findings.putMany(changes.upserts);

  const current = new Map(previous.map((f) => [f.id, f]));
  for (const f of changes.upserts) current.set(f.id, f);
  const active = [
    ...(await deps.service.list({ status: 'open' })),
    ...(await deps.service.list({ status: 'acknowledged' })),
  ];
  const signals = reconcileCheckAlerts([...current.values()], active, deps.now.toISOString());
  const alerts = await deps.service.apply(signals);
  const flushed = await deps.service.flushPending();
  return {
    resources: resources.length,
    findings: {
      open: [...current.values()].filter((f) => f.status === 'open').length,
      opened: changes.opened.length,
      resolved: changes.resolved.length,
    },
    alerts,
    flushed,
  };
}
