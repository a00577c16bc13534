import { describe, expect, it } from 'vitest';
import { ec2UnassociatedElasticIp } from '../../../../functions/domain/rules/cost/ec2-unassociated-elastic-ip';
import { context, elasticIp } from './fixtures';

describe('ec2-unassociated-elastic-ip', () => {
  it('reports an unassociated address at $0.005/h × 730 h', () => {
    const eip = elasticIp('eipalloc-1');
    const verdict = ec2UnassociatedElasticIp.evaluate(eip, context([eip]));
    expect(verdict.kind).toBe('non-compliant');
    if (verdict.kind === 'non-compliant') expect(verdict.monthlySavingsUsd).toBeCloseTo(3.65, 6);
  });

  it('is compliant when associated', () => {
    const eip = elasticIp('eipalloc-1', { attributes: { associationId: 'eipassoc-1', instanceId: 'i-1' } });
    expect(ec2UnassociatedElasticIp.evaluate(eip, context([eip])).kind).toBe('compliant');
  });

  it('answers insufficient data in a region without a price', () => {
    const eip = elasticIp('eipalloc-1', { region: 'sa-east-1' });
    expect(ec2UnassociatedElasticIp.evaluate(eip, context([eip])).kind).toBe('insufficient-data');
  });
});
