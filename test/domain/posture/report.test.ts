import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../functions/domain/model';
import {
  CSV_COLUMNS,
  csvField,
  postureReport,
  summarizeEvidence,
} from '../../../functions/domain/posture/report';
import type { FrameworkScore } from '../../../functions/domain/posture/score';

const finding = (over: Partial<Finding>): Finding => ({
  id: 'sg-admin-port-open-ipv4|arn:sg-1',
  ruleId: 'sg-admin-port-open-ipv4',
  resourceId: 'arn:sg-1',
  resourceType: 'ec2:security-group',
  accountId: '111111111111',
  region: 'eu-west-1',
  category: 'security',
  severity: 'high',
  title: 'SSH (22) open to 0.0.0.0/0',
  evidence: { groupId: 'sg-1', ports: [{ port: 22, service: 'SSH' }] },
  references: [
    { framework: 'cis-aws-foundations-3.0.0', control: '5.2' },
    { framework: 'aws-fsbp', control: 'EC2.19' },
  ],
  status: 'open',
  firstSeen: '2026-11-01T00:00:00.000Z',
  lastSeen: '2026-11-23T00:00:00.000Z',
  ...over,
});

const score: FrameworkScore = {
  framework: 'aws-fsbp',
  name: 'AWS FSBP',
  accountId: '111111111111',
  applicable: 1,
  passed: 0,
  failed: 1,
  score: 0,
  controls: [],
};

/** Parses RFC 4180 text back into records, to check the quoting round-trips. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  return records;
}

describe('csvField', () => {
  it('quotes fields with commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('defuses text a spreadsheet would evaluate as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('postureReport', () => {
  it('writes a header row and one CRLF-terminated record per finding, with its remediation, that parses back intact', () => {
    // Prepare
    const tricky = finding({
      id: 'x|arn:bucket',
      ruleId: 'required-tags-missing',
      resourceId: 'arn:aws:s3:::reports,"final"',
      title: 'Missing required tags: owner, environment',
      severity: 'low',
      evidence: { missingTags: ['owner', 'environment'], note: 'line one\r\nline two' },
      references: [],
    });
    const advised = {
      ...finding({}),
      remediation: 'Restrict the rule to known addresses, or reach instances through SSM Session Manager.',
    };
    // Act
    const { csv, json } = postureReport([tricky, advised], [score]);
    // Assess
    expect(csv.endsWith('\r\n')).toBe(true);
    const records = parseCsv(csv);
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    expect(records).toHaveLength(3);
    expect(records[1]).toEqual([
      '111111111111',
      'eu-west-1',
      'arn:sg-1',
      'ec2:security-group',
      'sg-admin-port-open-ipv4',
      'SSH (22) open to 0.0.0.0/0',
      'high',
      'open',
      'cis-aws-foundations-3.0.0:5.2 aws-fsbp:EC2.19',
      '2026-11-01T00:00:00.000Z',
      'groupId: sg-1; ports: (port=22 service=SSH)',
      'Restrict the rule to known addresses, or reach instances through SSM Session Manager.',
    ]);
    expect(json.findings[0]?.remediation).toBe(advised.remediation);
    expect(records[2]?.[11]).toBe('');
    expect(records[2]?.[2]).toBe('arn:aws:s3:::reports,"final"');
    expect(records[2]?.[10]).toBe('missingTags: owner, environment; note: line one\r\nline two');
  });

  it('summarises one account, leaving out resolved findings unless asked', () => {
    const findings = [
      finding({}),
      finding({ id: 'b', accountId: '222222222222' }),
      finding({ id: 'c', status: 'resolved', resolvedAt: '2026-11-20T00:00:00.000Z' }),
      finding({ id: 'd', status: 'suppressed', severity: 'critical' }),
    ];
    const { json } = postureReport(findings, [score], {
      accountId: '111111111111',
      generatedAt: '2026-11-23T00:00:00Z',
    });
    expect(json).toMatchObject({
      accountId: '111111111111',
      generatedAt: '2026-11-23T00:00:00Z',
      summary: { findings: 2, open: 1, suppressed: 1, resolved: 0, openBySeverity: { high: 1, critical: 0 } },
      scores: [score],
    });
    expect(json.findings.map((r) => r.status)).toEqual(['open', 'suppressed']);
    const withResolved = postureReport(findings, [], { includeResolved: true }).json;
    expect(withResolved.summary).toMatchObject({ findings: 4, resolved: 1 });
  });
});

describe('summarizeEvidence', () => {
  it('flattens nested evidence into one readable line', () => {
    expect(summarizeEvidence({ keys: [{ key: '1', ageDays: 120 }], maxAgeDays: 90, extra: null })).toBe(
      'keys: (key=1 ageDays=120); maxAgeDays: 90; extra: none',
    );
  });
});
