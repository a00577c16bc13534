import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../functions/domain/analyze';
import { COST_RULES } from '../../../../functions/domain/rules/cost';
import { context, instance, instanceArn, series, volume } from './fixtures';

const folder = fileURLToPath(new URL('../../../../functions/domain/rules/cost/', import.meta.url));

describe('COST_RULES', () => {
  it('registers every rule file of the folder exactly once, under the file name', () => {
    const files = readdirSync(folder)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(COST_RULES.map((r) => r.id).sort()).toEqual(files);
  });

  it('are all cost rules with a rationale, a remediation and a reference', () => {
    for (const rule of COST_RULES) {
      expect(rule.category).toBe('cost');
      expect(rule.rationale.length).toBeGreaterThan(20);
      expect(rule.remediation.length).toBeGreaterThan(20);
      expect(rule.references.length).toBeGreaterThan(0);
    }
  });

  it('produce findings with rounded savings through analyze', () => {
    const vm = instance('i-idle', { attributes: { volumeIds: ['vol-root'] } });
    const root = volume('vol-root');
    const loose = volume('vol-loose', { state: 'available', attributes: { volumeType: 'gp2', sizeGiB: 33 } });
    const id = instanceArn('i-idle');
    const metrics = ['CPUUtilization', 'NetworkIn', 'NetworkOut'].map((m) => series(id, m, 14, () => 0.5));
    const result = analyze([vm, root, loose], COST_RULES, context([vm, root, loose], metrics));
    const savings = Object.fromEntries(result.findings.map((f) => [f.ruleId, f.monthlySavingsUsd]));
    expect(savings).toEqual({ 'ec2-idle-instance': 148.16, 'ebs-unattached-volume': 3.3 });
  });
});
