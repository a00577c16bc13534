import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../../functions/domain/rules';
import type { ApiRequest } from '../../../functions/handlers/api/operation';
import { exportPosture } from '../../../functions/handlers/api/posture-export';
import { getPosture } from '../../../functions/handlers/api/posture-get';
import { routeRequest } from '../../../functions/handlers/api/router';
import type { PostureFramework } from '../../../functions/shared/contract/api';
import { NotFoundError, ValidationError } from '../../../functions/shared/errors';
import { Attachment } from '../../../functions/shared/http';
import { apiEvent, dependencies } from './fixtures';
import { A, B, runAnalysis, securityFleet } from './posture-fixtures';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const CIS = 'cis-aws-foundations-3.0.0';

function request(query: Record<string, string> = {}): ApiRequest {
  return {
    caller: { subject: 'sub-1', username: 'ada', groups: ['viewer'] },
    pathParameters: {},
    query,
    body: undefined,
  };
}

const control = (frameworks: readonly PostureFramework[] | undefined | null, id: string) =>
  frameworks?.find((f) => f.framework === CIS)?.controls.find((c) => c.control === id);

async function analysed() {
  const deps = dependencies();
  await runAnalysis(deps, securityFleet(), NOW);
  return deps;
}

describe('getPosture', () => {
  it('scores every analysed account and the organization, naming the failing resources per control', async () => {
    // Prepare
    const deps = await analysed();

    // Act
    const body = (await getPosture(request(), deps)).body;

    // Assess
    expect(body.accounts.map((a) => [a.accountId, a.analyzedAt])).toEqual([
      [A, NOW.toISOString()],
      [B, NOW.toISOString()],
    ]);
    const [a, b] = body.accounts;
    expect(control(a?.frameworks, '5.2')).toMatchObject({
      status: 'failed',
      failingCount: 1,
      failing: [{ resourceId: `arn:aws:ec2:eu-west-1:${A}:sg/sg-open` }],
    });
    expect(control(b?.frameworks, '5.2')).toMatchObject({ status: 'passed', failing: [] });
    const bCis = b?.frameworks.find((f) => f.framework === CIS);
    expect(bCis?.score).toBe(1);
    expect(bCis!.applicable).toBeGreaterThan(0);
    expect(control(body.organization, '5.6')).toMatchObject({ status: 'failed', failingCount: 1 });
  });

  it('answers one account alone, without the organization', async () => {
    // Prepare
    const deps = await analysed();

    // Act
    const body = (await getPosture(request({ accountId: B }), deps)).body;

    // Assess
    expect(body.organization).toBeNull();
    expect(body.accounts.map((a) => a.accountId)).toEqual([B]);
  });

  it('answers 404 for an account no analysis has covered, and 400 for a malformed one', async () => {
    // Prepare
    const deps = await analysed();

    // Act
    const unknown = getPosture(request({ accountId: '999999999999' }), deps);
    const malformed = getPosture(request({ accountId: 'prod' }), deps);

    // Assess
    await expect(unknown).rejects.toBeInstanceOf(NotFoundError);
    await expect(malformed).rejects.toMatchObject({ issues: [{ parameter: 'accountId' }] });
  });
});

describe('exportPosture', () => {
  it('serves one account as a CSV attachment named after the account and the date', async () => {
    // Prepare
    const deps = await analysed();

    // Act
    const response = await routeRequest(
      apiEvent({
        resource: '/api/posture/export',
        query: { format: 'csv', accountId: A },
        groups: 'viewer',
      }),
      deps,
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'Content-Type': 'text/csv; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
    });
    const today = new Date().toISOString().slice(0, 10);
    expect(response.headers?.['Content-Disposition']).toBe(
      `attachment; filename="hostmaster-posture-${A}-${today}.csv"`,
    );
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^account,region,resource id,.*,evidence summary,remediation$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('sg-admin-port-open-ipv4');
    expect(lines[1]).toContain(`${CIS}:5.2`);
    const ssh = ALL_RULES.find((rule) => rule.id === 'sg-admin-port-open-ipv4')!;
    expect(lines[1]).toContain(ssh.remediation);
  });

  it('serves the whole organization as a JSON attachment with the scores of each account', async () => {
    // Prepare
    const deps = await analysed();

    // Act
    const result = await exportPosture(request({ format: 'json' }), deps);

    // Assess
    expect(result.body).toBeInstanceOf(Attachment);
    const attachment = result.body as Attachment;
    expect(attachment.filename).toMatch(/^hostmaster-posture-all-\d{4}-\d{2}-\d{2}\.json$/);
    const report = JSON.parse(attachment.content) as {
      summary: { open: number };
      scores: { framework: string; accountId?: string }[];
      findings: { ruleId: string; remediation?: string }[];
    };
    expect(report.summary.open).toBe(2);
    for (const row of report.findings) {
      expect(row.remediation).toBe(ALL_RULES.find((rule) => rule.id === row.ruleId)?.remediation);
    }
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual([
      'ec2-imdsv1-allowed',
      'sg-admin-port-open-ipv4',
    ]);
    expect(new Set(report.scores.map((s) => s.accountId ?? 'organization'))).toEqual(
      new Set(['organization', A, B]),
    );
  });

  it('asks for one account at a time when the report would not fit in an API response', async () => {
    // Prepare
    const deps = await analysed();
    const [ssh] = await deps.findings.listByAccount(A);
    await deps.findings.putMany(
      Array.from({ length: 6 }, (_, n) => ({
        ...ssh!,
        id: `${ssh!.id}-${n}`,
        evidence: { note: 'x'.repeat(1_000_000) },
      })),
    );

    // Act
    const failure = exportPosture(request({ format: 'csv' }), deps);

    // Assess
    await expect(failure).rejects.toBeInstanceOf(ValidationError);
    await expect(failure).rejects.toMatchObject({ issues: [{ parameter: 'accountId' }] });
  });

  it('defaults to CSV and rejects an unknown format naming it', async () => {
    // Prepare
    const deps = await analysed();

    // Act
    const fallback = await exportPosture(request(), deps);
    const failure = exportPosture(request({ format: 'xlsx' }), deps);

    // Assess
    expect((fallback.body as Attachment).contentType).toBe('text/csv; charset=utf-8');
    await expect(failure).rejects.toBeInstanceOf(ValidationError);
    await expect(failure).rejects.toMatchObject({
      issues: [{ parameter: 'format', message: 'must be csv or json' }],
    });
  });
});
