/**
 * What the analysis does after a scan, as the posture API relies on it: run the security rules,
 * reconcile findings with the stored exceptions, write the changes and each account's posture
 * snapshot. The analysis service (functions/adapters/analysis) does the same with every rule.
 */
import { analyze, reconcileFindings } from '../../../functions/domain/analyze';
import type { Resource } from '../../../functions/domain/model';
import { buildPostureSnapshots, currentFindings } from '../../../functions/domain/posture/snapshot';
import { SECURITY_RULES } from '../../../functions/domain/rules/security';
import { contextWith, instance, permission, securityGroup } from '../../domain/rules/security/builders';
import type { dependencies } from './fixtures';

export const A = '111111111111';
export const B = '222222222222';

/** A: SSH open to the world on one group, an IMDSv1 instance; B: compliant only. */
export function securityFleet(): Resource[] {
  const ssh = permission('tcp', 22, 22, { ipv4: ['0.0.0.0/0'] });
  return [
    securityGroup(
      { groupId: 'sg-open', ingress: [ssh] },
      { id: `arn:aws:ec2:eu-west-1:${A}:sg/sg-open`, accountId: A },
    ),
    securityGroup({ groupId: 'sg-closed' }, { id: `arn:aws:ec2:eu-west-1:${A}:sg/sg-closed`, accountId: A }),
    instance({ imdsV2Required: false }, { id: `arn:aws:ec2:eu-west-1:${A}:instance/i-v1`, accountId: A }),
    instance({}, { id: `arn:aws:ec2:eu-west-1:${B}:instance/i-v2`, accountId: B }),
    securityGroup({ groupId: 'sg-b' }, { id: `arn:aws:ec2:eu-west-1:${B}:sg/sg-b`, accountId: B }),
  ];
}

export const SSH_FINDING = `sg-admin-port-open-ipv4|arn:aws:ec2:eu-west-1:${A}:sg/sg-open`;

export async function runAnalysis(
  deps: ReturnType<typeof dependencies>,
  resources: readonly Resource[],
  now: Date,
): Promise<void> {
  const result = analyze(resources, SECURITY_RULES, { ...contextWith(resources), now });
  const previous = [
    ...(await deps.findings.listByCategory('security')),
    ...(await deps.findings.listByCategory('compliance')),
  ];
  const accounts = new Set(resources.map((r) => r.accountId));
  const tags = new Map(resources.map((r) => [r.id, r.tags]));
  const changes = reconcileFindings(previous, result.findings, now, (f) => accounts.has(f.accountId), {
    exceptions: await deps.exceptions.list(),
    tagsOf: (id) => tags.get(id),
  });
  await deps.findings.putMany(changes.upserts);
  await deps.posture.putMany(
    buildPostureSnapshots(result, {
      rules: SECURITY_RULES,
      findings: currentFindings(previous, changes.upserts),
      analyzedAt: now,
      accountIds: [...accounts],
    }),
  );
}
