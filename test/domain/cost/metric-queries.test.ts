import { describe, expect, it } from 'vitest';
import { maxQueriesPerCall, planMetricQueries } from '../../../functions/domain/cost/metric-queries';
import type { Resource } from '../../../functions/domain/model';
import { dbInstance, instance, loadBalancer, natGateway, targetGroup, volume } from '../rules/cost/fixtures';

const end = new Date('2026-11-23T10:37:00Z');

describe('planMetricQueries', () => {
  it('allows 300 queries a call for 14 days hourly: 100,800 datapoints / 336', () => {
    expect(maxQueriesPerCall(14, 3600)).toBe(300);
    expect(maxQueriesPerCall(1, 3600)).toBe(500);
  });

  it('builds hourly queries with ids m<n>, dimensions from the ARN and a 14-day window on whole hours', () => {
    // Prepare
    const vm = instance('i-0abc');
    // Act
    const plan = planMetricQueries([vm], { end });
    // Assess
    const call = plan.calls[0]!;
    expect(call).toMatchObject({
      startTime: '2026-11-09T10:00:00.000Z',
      endTime: '2026-11-23T10:00:00.000Z',
    });
    expect(call.queries.map((q) => q.Id)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(call.queries[0]).toEqual({
      Id: 'm0',
      MetricStat: {
        Metric: {
          Namespace: 'AWS/EC2',
          MetricName: 'CPUUtilization',
          Dimensions: [{ Name: 'InstanceId', Value: 'i-0abc' }],
        },
        Period: 3600,
        Stat: 'Average',
      },
      ReturnData: true,
    });
    expect(call.targets.m1).toEqual({ resourceId: vm.id, metric: 'NetworkIn' });
  });

  it('covers RDS, ALB (with per-target-group health), NAT and EBS, and skips what publishes nothing', () => {
    const tg = targetGroup('web', ['healthy']);
    const resources: Resource[] = [
      dbInstance('orders'),
      loadBalancer('web', { attributes: { targetGroupArns: [tg.id] } }),
      tg,
      natGateway('nat-1'),
      volume('vol-1'),
      volume('vol-2', { state: 'available' }),
      instance('i-stopped', { state: 'stopped' }),
    ];
    const plan = planMetricQueries(resources, { end });
    const names = plan.calls[0]!.queries.map(
      (q) => `${q.MetricStat.Metric.Namespace}:${q.MetricStat.Metric.MetricName}`,
    );
    expect(names).toEqual([
      'AWS/RDS:DatabaseConnections',
      'AWS/RDS:CPUUtilization',
      'AWS/ApplicationELB:RequestCount',
      'AWS/ApplicationELB:HealthyHostCount',
      'AWS/NATGateway:BytesOutToDestination',
      'AWS/NATGateway:BytesInFromSource',
      'AWS/EBS:VolumeReadOps',
      'AWS/EBS:VolumeWriteOps',
    ]);
    const health = plan.calls[0]!.queries[3]!.MetricStat.Metric.Dimensions;
    expect(health).toEqual([
      { Name: 'TargetGroup', Value: 'targetgroup/web/73e2d6bc24d8a067' },
      { Name: 'LoadBalancer', Value: 'app/web/50dc6c495c0c9188' },
    ]);
  });

  it('batches 1,000 instances into calls of at most 300 queries, never mixing regions', () => {
    // Prepare: 700 instances in one region, 300 in another, 5 metrics each
    const fleet = Array.from({ length: 1000 }, (_, n) =>
      instance(`i-${n}`, { region: n < 700 ? 'us-east-1' : 'eu-west-1' }),
    );
    // Act
    const plan = planMetricQueries(fleet, { end, refreshesPerDay: 2 });
    // Assess: 3,500 queries → ceil(3,500/300) = 12 calls; 1,500 → 5 calls
    expect(plan.queries).toBe(5000);
    expect(plan.callsPerRefresh).toBe(17);
    expect(plan.callsPerDay).toBe(34);
    for (const call of plan.calls) {
      expect(call.queries.length).toBeLessThanOrEqual(300);
      expect(call.queries.length * 336).toBeLessThanOrEqual(100_800);
      expect(new Set(call.queries.map((q) => q.Id)).size).toBe(call.queries.length);
    }
    expect(new Set(plan.calls.map((c) => c.region))).toEqual(new Set(['us-east-1', 'eu-west-1']));
    // 10,000 metrics a day × 30.42 days × $0.01 / 1,000
    expect(plan.usdPerMonth).toBeCloseTo(3.0417, 4);
  });
});
