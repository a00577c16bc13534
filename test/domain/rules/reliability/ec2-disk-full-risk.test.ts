import { describe, expect, it } from 'vitest';
import { ec2DiskFullRisk } from '../../../../functions/domain/rules/reliability/ec2-disk-full-risk';
import type { MetricSummary } from '../../../../functions/domain/utilization';
import { contextWith, instance, judge } from '../security/builders';

function withDisk(maximum: number) {
  const server = instance();
  const summary: MetricSummary = {
    resourceId: server.id,
    metric: 'disk_used_percent',
    from: '2026-11-09T00:00:00.000Z',
    to: '2026-11-23T00:00:00.000Z',
    periodSeconds: 3600,
    datapoints: 336,
    average: maximum - 5,
    p50: maximum - 5,
    p95: maximum - 1,
    p99: maximum,
    maximum,
    sum: 0,
  };
  const context = {
    ...contextWith([server]),
    utilization: {
      get: (id: string, metric: string) =>
        id === server.id && metric === summary.metric ? summary : undefined,
    },
  };
  return { server, context };
}

describe('ec2-disk-full-risk', () => {
  it('is compliant below the warning threshold', () => {
    const { server, context } = withDisk(60);
    expect(judge(ec2DiskFullRisk, server, context).kind).toBe('compliant');
  });

  it('reports a disk above 85% as high and above 95% as critical', () => {
    // Prepare
    const warn = withDisk(88);
    const full = withDisk(97.4);
    // Act
    const high = judge(ec2DiskFullRisk, warn.server, warn.context);
    const critical = judge(ec2DiskFullRisk, full.server, full.context);
    // Assess
    expect(high).toMatchObject({ kind: 'non-compliant', severity: 'high', title: 'Instance disk 88% full' });
    expect(critical).toMatchObject({
      kind: 'non-compliant',
      severity: 'critical',
      evidence: { diskUsedPercentMax: 97.4 },
    });
  });

  it('does not apply when no disk metric exists (no CloudWatch agent)', () => {
    expect(judge(ec2DiskFullRisk, instance()).kind).toBe('not-applicable');
  });
});
