import { describe, expect, it } from 'vitest';
import { analyze } from '../../../functions/domain/analyze';
import type { Finding, Resource } from '../../../functions/domain/model';
import {
  AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES,
  CIS_AWS_FOUNDATIONS_BENCHMARK,
  FRAMEWORKS,
} from '../../../functions/domain/posture/frameworks';
import { scorePosture, scorePosturePerAccount } from '../../../functions/domain/posture/score';
import { SECURITY_RULES } from '../../../functions/domain/rules/security';
import {
  accountSummary,
  contextWith,
  instance,
  securityGroup,
  trail,
  volume,
} from '../rules/security/builders';

const A = '111111111111';
const B = '222222222222';

/** Account A: one IMDSv1 instance and one compliant one; account B: only compliant instances. */
function fleet() {
  return [
    instance({ imdsV2Required: false }, { id: 'i-a1', accountId: A }),
    instance({}, { id: 'i-a2', accountId: A }),
    instance({}, { id: 'i-b1', accountId: B }),
    securityGroup({}, { id: 'sg-a', accountId: A }),
  ];
}

function run(resources: Resource[] = fleet()) {
  const analysis = analyze(resources, SECURITY_RULES, contextWith(resources));
  return {
    analysis,
    input: {
      rules: SECURITY_RULES,
      verdictsByAccount: analysis.verdictsByAccount!,
      findings: analysis.findings,
    },
  };
}

const control = (scores: ReturnType<typeof scorePosture>, framework: string, id: string) =>
  scores.find((s) => s.framework === framework)?.controls.find((c) => c.control === id);

describe('analyze verdict tallies per account', () => {
  it('counts compliant and non-compliant resources per rule and account', () => {
    const { analysis } = run();
    expect(analysis.verdictsByAccount?.['ec2-imdsv1-allowed']).toEqual({
      [A]: { compliant: 1, nonCompliant: 1, insufficientData: 0 },
      [B]: { compliant: 1, nonCompliant: 0, insufficientData: 0 },
    });
  });
});

describe('scorePosture', () => {
  it('fails CIS 5.6 in the account with an IMDSv1 instance, naming the resource', () => {
    const { input } = run();
    const scores = scorePosture(input, FRAMEWORKS, A);
    const imds = control(scores, CIS_AWS_FOUNDATIONS_BENCHMARK.id, '5.6');
    expect(imds).toMatchObject({ status: 'failed', ruleIds: ['ec2-imdsv1-allowed'], evaluated: 2 });
    expect(imds?.failing.map((f) => f.resourceId)).toEqual(['i-a1']);
  });

  it('passes the same control in an account where every instance is compliant', () => {
    const { input } = run();
    expect(
      control(scorePosture(input, FRAMEWORKS, B), CIS_AWS_FOUNDATIONS_BENCHMARK.id, '5.6'),
    ).toMatchObject({
      status: 'passed',
      failing: [],
    });
  });

  it('scores passed over applicable controls and leaves controls nothing was judged against out', () => {
    const { input } = run();
    const cis = scorePosture(input, [CIS_AWS_FOUNDATIONS_BENCHMARK], A)[0]!;
    // In A only the security group (5.2, 5.3; not default, so not 5.4) and the instances (5.6) were judged.
    expect(cis.controls.filter((c) => c.status !== 'not-applicable').map((c) => c.control)).toEqual([
      '5.2',
      '5.3',
      '5.6',
    ]);
    expect(cis).toMatchObject({ accountId: A, applicable: 3, passed: 2, failed: 1, score: 2 / 3 });
    expect(control([cis], cis.framework, '1.4')).toMatchObject({ status: 'not-applicable', evaluated: 0 });
  });

  it('aggregates every account when no account is given, and per account on request', () => {
    const { input } = run();
    const org = scorePosture(input, [AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES])[0]!;
    expect(org.accountId).toBeUndefined();
    expect(control([org], org.framework, 'EC2.8')).toMatchObject({ status: 'failed', evaluated: 3 });
    const perAccount = scorePosturePerAccount(input, [AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES]);
    expect(Object.keys(perAccount)).toEqual([A, B]);
    expect(perAccount[B]?.[0]?.score).toBe(1);
  });

  it('does not fail a control for a suppressed finding until its suppression expires', () => {
    // Prepare
    const { input } = run();
    const suppressed: Finding[] = input.findings.map((f) => ({
      ...f,
      status: 'suppressed',
      suppression: { reason: 'accepted', expiresAt: '2026-12-01T00:00:00.000Z', by: 'admin' },
      firstSeen: '2026-11-01T00:00:00.000Z',
      lastSeen: '2026-11-01T00:00:00.000Z',
    }));
    // Act
    const before = scorePosture(
      { ...input, findings: suppressed, now: new Date('2026-11-23T00:00:00Z') },
      FRAMEWORKS,
      A,
    );
    const after = scorePosture(
      { ...input, findings: suppressed, now: new Date('2026-12-02T00:00:00Z') },
      FRAMEWORKS,
      A,
    );
    // Assess
    expect(control(before, CIS_AWS_FOUNDATIONS_BENCHMARK.id, '5.6')).toMatchObject({
      status: 'passed',
      suppressed: 1,
    });
    expect(control(after, CIS_AWS_FOUNDATIONS_BENCHMARK.id, '5.6')).toMatchObject({ status: 'failed' });
  });

  it('ignores resolved findings and reports null when no control applied', () => {
    const { input } = run();
    const resolved: Finding[] = input.findings.map((f) => ({
      ...f,
      status: 'resolved',
      firstSeen: '2026-11-01T00:00:00.000Z',
      lastSeen: '2026-11-02T00:00:00.000Z',
      resolvedAt: '2026-11-02T00:00:00.000Z',
    }));
    expect(
      control(
        scorePosture({ ...input, findings: resolved }, FRAMEWORKS, A),
        CIS_AWS_FOUNDATIONS_BENCHMARK.id,
        '5.6',
      ),
    ).toMatchObject({
      status: 'passed',
    });
    expect(scorePosture(input, FRAMEWORKS, '333333333333')[0]).toMatchObject({ applicable: 0, score: null });
  });

  it('fails CIS 3.1 for an account whose trail is not logging and passes it when one is', () => {
    const summaryA = accountSummary({}, { id: 'summary-a', accountId: A });
    const summaryB = accountSummary({}, { id: 'summary-b', accountId: B });
    const resources = [
      summaryA,
      summaryB,
      trail({ isLogging: false }, { id: 'trail-a', accountId: A }),
      trail({}, { id: 'trail-b', accountId: B }),
      volume({}, { accountId: A }),
    ];
    const { input } = run(resources);
    expect(control(scorePosture(input, FRAMEWORKS, A), CIS_AWS_FOUNDATIONS_BENCHMARK.id, '3.1')?.status).toBe(
      'failed',
    );
    expect(control(scorePosture(input, FRAMEWORKS, B), CIS_AWS_FOUNDATIONS_BENCHMARK.id, '3.1')?.status).toBe(
      'passed',
    );
  });
});
