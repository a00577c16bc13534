import { compliant, defineRule, notApplicable, threshold } from '../rule';

const ID = 'ec2-disk-full-risk';

/** The CloudWatch agent's disk metric (namespace CWAgent); instances without the agent have none. */
export const DISK_USED_METRIC = 'disk_used_percent';

export const ec2DiskFullRisk = defineRule<'ec2:instance'>({
  id: ID,
  title: 'Instance disk almost full',
  category: 'reliability',
  severity: 'high',
  rationale:
    'A full disk stops databases, log writers and package updates, often taking the whole service down; the CloudWatch agent’s disk_used_percent shows it coming.',
  remediation:
    'Free space (old logs, caches) or grow the volume (modify-volume, then extend the file system). Thresholds: `warnPercent` (default 85) and `criticalPercent` (default 95) of the highest value in the window.',
  references: [],
  appliesTo: ['ec2:instance'],
  evaluate(instance, context) {
    if (instance.state !== 'running') return notApplicable;
    const disk = context.utilization.get(instance.id, DISK_USED_METRIC);
    if (!disk || disk.datapoints === 0) return notApplicable;
    const warn = threshold(context, ID, 'warnPercent', 85);
    const critical = threshold(context, ID, 'criticalPercent', 95);
    if (disk.maximum < warn) return compliant;
    return {
      kind: 'non-compliant',
      title: `Instance disk ${Math.round(disk.maximum)}% full`,
      severity: disk.maximum >= critical ? 'critical' : 'high',
      evidence: {
        diskUsedPercentMax: Math.round(disk.maximum * 10) / 10,
        diskUsedPercentAverage: Math.round(disk.average * 10) / 10,
        warnPercent: warn,
        criticalPercent: critical,
        window: `${disk.from} to ${disk.to}`,
      },
    };
  },
});
