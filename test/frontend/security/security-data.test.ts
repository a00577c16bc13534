import { describe, expect, it } from 'vitest';
import type { PostureControl } from '../../../frontend/src/api/security';
import {
  compareControlIds,
  effectText,
  expiryOf,
  frameworkShortName,
  frameworksOf,
  scoreText,
  scoreTone,
  sortControls,
} from '../../../frontend/src/security/security-data';

function control(id: string, status: PostureControl['status'], failingCount = 0): PostureControl {
  return {
    control: id,
    title: `Control ${id}`,
    status,
    ruleIds: [],
    evaluated: 3,
    failing: [],
    failingCount,
    suppressed: 0,
  };
}

describe('security data', () => {
  it('lists failed controls first, the most failing first, then passed, then not applicable', () => {
    // Act
    const sorted = sortControls([
      control('1.10', 'passed'),
      control('5.2', 'failed', 1),
      control('1.4', 'not-applicable'),
      control('2.1.4', 'failed', 7),
      control('1.5', 'passed'),
    ]);

    // Assess
    expect(sorted.map((c) => c.control)).toEqual(['2.1.4', '5.2', '1.5', '1.10', '1.4']);
  });

  it('orders control ids numerically', () => {
    // Assess
    expect(['EC2.19', 'EC2.2', 'IAM.3', 'EC2.18'].sort(compareControlIds)).toEqual([
      'EC2.2',
      'EC2.18',
      'EC2.19',
      'IAM.3',
    ]);
  });

  it('colours and prints scores, with n/a when no control applied', () => {
    // Assess
    expect([scoreTone(0.95), scoreTone(0.75), scoreTone(0.2), scoreTone(null)]).toEqual([
      'good',
      'warn',
      'bad',
      'neutral',
    ]);
    expect(scoreText(0.8333)).toBe('83%');
    expect(scoreText(null)).toBe('n/a');
  });

  it('names frameworks briefly and prefers the organization scores', () => {
    // Prepare
    const cis = { framework: 'cis-aws-foundations-3.0.0', name: 'CIS AWS Foundations Benchmark v3.0.0' };
    const account = { ...cis, applicable: 1, passed: 1, failed: 0, score: 1, controls: [] };

    // Assess
    expect(frameworkShortName(cis)).toBe('CIS AWS Foundations 3.0.0');
    expect(frameworkShortName({ framework: 'aws-fsbp', name: 'x' })).toBe('AWS FSBP');
    expect(frameworksOf({ organization: null, accounts: [{ frameworks: [account] }] })).toEqual([account]);
    expect(frameworksOf({ organization: [], accounts: [{ frameworks: [account] }] })).toEqual([]);
    expect(expiryOf('2027-01-31')).toBe('2027-01-31T23:59:59.000Z');
  });
});

describe('effectText', () => {
  it('says whether an exception applied at once or waits for the next analysis', () => {
    // Act
    const texts = [
      effectText({ appliedAt: '2026-11-23T12:00:00.000Z', suppressed: 3, reopened: 0 }, 'created'),
      effectText({ appliedAt: '2026-11-23T12:00:00.000Z', suppressed: 0, reopened: 0 }, 'created'),
      effectText({ appliedAt: '2026-11-23T12:00:00.000Z', suppressed: 0, reopened: 1 }, 'revoked'),
      effectText({ appliedAt: null, takesEffect: 'next-analysis' }, 'created'),
    ];

    // Assess
    expect(texts).toEqual([
      'Applied now: 3 findings suppressed.',
      'Applied now: no open finding matches it yet; future ones will be suppressed.',
      'Applied now: 1 finding reopened.',
      'It takes effect at the next analysis (after the next scan).',
    ]);
  });
});
