import { describe, expect, it } from 'vitest';
import { analyze, reconcileFindings } from '../../../functions/domain/analyze';
import type { Finding } from '../../../functions/domain/model';
import type { Exception } from '../../../functions/domain/posture/exceptions';
import { CIS_AWS_FOUNDATIONS_3, FRAMEWORKS } from '../../../functions/domain/posture/frameworks';
import type { FrameworkScore } from '../../../functions/domain/posture/score';
import {
  buildPostureSnapshots,
  currentFindings,
  currentSuppressions,
  PostureSnapshotSchema,
  postureOf,
} from '../../../functions/domain/posture/snapshot';
import { SECURITY_RULES } from '../../../functions/domain/rules/security';
import { contextWith, instance, NOW } from '../rules/security/builders';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';

/** A: one IMDSv1 instance and one compliant one; B: one compliant instance. */
function fleet() {
  return [
    instance({ imdsV2Required: false }, { id: 'i-a1', accountId: A }),
    instance({}, { id: 'i-a2', accountId: A }),
    instance({}, { id: 'i-b1', accountId: B }),
  ];
}

function analysed() {
  const resources = fleet();
  const result = analyze(resources, SECURITY_RULES, contextWith(resources));
  const changes = reconcileFindings([], result.findings, NOW, () => true);
  return { result, findings: currentFindings([], changes.upserts) };
}

const cisControl = (scores: readonly FrameworkScore[], control: string) =>
  scores.find((s) => s.framework === CIS_AWS_FOUNDATIONS_3)?.controls.find((c) => c.control === control);

const cis = (scores: readonly { framework: string; score: number | null }[]) =>
  scores.find((s) => s.framework === CIS_AWS_FOUNDATIONS_3);

function exception(over: Partial<Exception> = {}): Exception {
  return {
    id: 'ex-1',
    ruleId: 'ec2-imdsv1-allowed',
    scope: { kind: 'resource', resourceId: 'i-a1' },
    reason: 'legacy agent needs IMDSv1 until March',
    expiresAt: '2026-12-01T00:00:00.000Z',
    createdBy: 'ada@example.com',
    createdAt: '2026-11-20T00:00:00.000Z',
    ...over,
  };
}

function suppressed(finding: Finding, by: Exception): Finding {
  return {
    ...finding,
    status: 'suppressed',
    suppression: { reason: by.reason, expiresAt: by.expiresAt, by: by.createdBy },
  };
}

describe('buildPostureSnapshots', () => {
  it('keeps each account its own verdict tallies and a failed CIS score where a resource failed', () => {
    // Prepare
    const { result, findings } = analysed();

    // Act
    const snapshots = buildPostureSnapshots(result, { rules: SECURITY_RULES, findings, analyzedAt: NOW });

    // Assess
    expect(snapshots.map((s) => s.accountId)).toEqual([A, B]);
    const [a, b] = snapshots;
    expect(a?.verdicts['ec2-imdsv1-allowed']).toEqual({ compliant: 1, nonCompliant: 1, insufficientData: 0 });
    expect(b?.verdicts['ec2-imdsv1-allowed']).toEqual({ compliant: 1, nonCompliant: 0, insufficientData: 0 });
    expect(cis(a!.scores)).toMatchObject({ failed: 1 });
    expect(cis(b!.scores)).toMatchObject({ failed: 0, score: 1 });
    for (const snapshot of snapshots) expect(PostureSnapshotSchema.parse(snapshot)).toEqual(snapshot);
  });

  it('writes an empty snapshot for a covered account where nothing applied, replacing a stale one', () => {
    // Prepare
    const { result, findings } = analysed();

    // Act
    const snapshots = buildPostureSnapshots(result, {
      rules: SECURITY_RULES,
      findings,
      analyzedAt: NOW,
      accountIds: [C],
    });

    // Assess
    const c = snapshots.find((s) => s.accountId === C);
    expect(c?.verdicts).toEqual({});
    expect(cis(c!.scores)).toMatchObject({ applicable: 0, score: null });
  });

  it('keeps tallies only for rules that reference a control of a scored framework', () => {
    // Prepare
    const { result, findings } = analysed();
    const scored = new Set(FRAMEWORKS.map((f) => f.id));
    const referenced = new Set(
      SECURITY_RULES.filter((r) => r.references.some((ref) => scored.has(ref.framework))).map((r) => r.id),
    );

    // Act
    const snapshots = buildPostureSnapshots(result, { rules: SECURITY_RULES, findings, analyzedAt: NOW });

    // Assess
    const tallied = snapshots.flatMap((s) => Object.keys(s.verdicts));
    expect(tallied.length).toBeGreaterThan(0);
    expect(tallied.every((id) => referenced.has(id))).toBe(true);
  });
});

describe('currentFindings', () => {
  it('writes the upserts over the stored findings', () => {
    // Prepare
    const { findings } = analysed();
    const [first] = findings;
    const resolved: Finding = { ...first!, status: 'resolved', resolvedAt: NOW.toISOString() };

    // Act
    const current = currentFindings(findings, [resolved]);

    // Assess
    expect(current).toHaveLength(findings.length);
    expect(current.find((f) => f.id === first!.id)?.status).toBe('resolved');
  });
});

describe('currentSuppressions', () => {
  it('keeps a suppression while its resource-scoped exception is stored and active', () => {
    // Prepare
    const { findings } = analysed();
    const granted = exception({ scope: { kind: 'resource', resourceId: findings[0]!.resourceId } });

    // Act
    const [current] = currentSuppressions([suppressed(findings[0]!, granted)], [granted], NOW);

    // Assess
    expect(current?.status).toBe('suppressed');
    expect(current?.suppression?.expiresAt).toBe(granted.expiresAt);
  });

  it('reopens a finding whose exception was revoked or has expired', () => {
    // Prepare
    const { findings } = analysed();
    const granted = exception({ scope: { kind: 'resource', resourceId: findings[0]!.resourceId } });
    const finding = suppressed(findings[0]!, granted);

    // Act
    const [revoked] = currentSuppressions([finding], [], NOW);
    const [expired] = currentSuppressions([finding], [granted], new Date('2026-12-01T00:00:00.001Z'));

    // Assess
    for (const current of [revoked, expired]) {
      expect(current?.status).toBe('open');
      expect(current?.suppression).toBeUndefined();
    }
  });

  it('trusts a tag-scoped exception only for the very suppression it granted', () => {
    // Prepare
    const { findings } = analysed();
    const tagScoped = exception({ scope: { kind: 'tag', key: 'legacy', value: 'true' } });
    const other = exception({ id: 'ex-2', reason: 'another reason', scope: tagScoped.scope });

    // Act
    const [kept] = currentSuppressions([suppressed(findings[0]!, tagScoped)], [tagScoped], NOW);
    const [reopened] = currentSuppressions([suppressed(findings[0]!, tagScoped)], [other], NOW);

    // Assess
    expect(kept?.status).toBe('suppressed');
    expect(reopened?.status).toBe('open');
  });

  it('never suppresses an open finding: new exceptions wait for the next reconciliation', () => {
    // Prepare
    const { findings } = analysed();
    const covering = exception({ scope: { kind: 'resource', resourceId: findings[0]!.resourceId } });

    // Act
    const [current] = currentSuppressions([findings[0]!], [covering], NOW);

    // Assess
    expect(current?.status).toBe('open');
  });
});

describe('postureOf', () => {
  it('scores each snapshotted account and the organization from tallies and current findings', () => {
    // Prepare
    const { result, findings } = analysed();
    const snapshots = buildPostureSnapshots(result, { rules: SECURITY_RULES, findings, analyzedAt: NOW });

    // Act
    const posture = postureOf(snapshots, findings, SECURITY_RULES, NOW);

    // Assess
    const org56 = cisControl(posture.organization, '5.6');
    expect(org56).toMatchObject({ status: 'failed', evaluated: 3 });
    expect(org56?.failing.map((f) => f.resourceId)).toEqual(['i-a1']);
    const b56 = cisControl(posture.accounts[1]!.frameworks, '5.6');
    expect(posture.accounts.map((a) => a.accountId)).toEqual([A, B]);
    expect(b56).toMatchObject({ status: 'passed', evaluated: 1 });
  });

  it('stops failing a control while its only finding is suppressed', () => {
    // Prepare
    const { result, findings } = analysed();
    const snapshots = buildPostureSnapshots(result, { rules: SECURITY_RULES, findings, analyzedAt: NOW });
    const imds = findings.find((f) => f.ruleId === 'ec2-imdsv1-allowed')!;
    const granted = exception({ scope: { kind: 'resource', resourceId: imds.resourceId } });
    const withSuppression = findings.map((f) => (f.id === imds.id ? suppressed(f, granted) : f));

    // Act
    const posture = postureOf(snapshots, withSuppression, SECURITY_RULES, NOW);

    // Assess
    const a56 = cisControl(posture.accounts[0]!.frameworks, '5.6');
    expect(a56).toMatchObject({ status: 'passed', suppressed: 1, failing: [] });
  });
});
