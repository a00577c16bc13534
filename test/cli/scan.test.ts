import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../functions/domain/rules';

const run = promisify(execFile);
const ROOT = path.join(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'bin/hostmaster.js');
const FLEETS = path.join(ROOT, 'test/sandbox/fleets');

async function hostmaster(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('hostmaster scan', () => {
  it('prints every instance of the example fleet and nothing else, and exits 0', async () => {
    // Prepare
    const fleet = JSON.parse(await readFile(path.join(FLEETS, 'example.json'), 'utf8')) as {
      accounts: { id: string; resources: { type: string; id: string }[] }[];
    };
    const expected = fleet.accounts
      .flatMap((a) => a.resources.filter((r) => r.type === 'ec2:instance').map((r) => `${a.id}/${r.id}`))
      .sort();

    // Act
    const result = await hostmaster('scan', '--fleet', path.join(FLEETS, 'example.json'), '--format', 'json');

    // Assess
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as {
      resources: { type: string; accountId: string; id: string }[];
      scans: { status: string }[];
    };
    const instances = output.resources
      .filter((r) => r.type === 'ec2:instance')
      .map((r) => `${r.accountId}/${r.id.split('/').at(-1)}`)
      .sort();
    expect(instances).toEqual(expected);
    expect(output.scans.length).toBeGreaterThan(0);
  });

  it('includes the findings of a fleet with planted misconfigurations, with their framework references and remediation', async () => {
    // Act
    const result = await hostmaster(
      'scan',
      '--fleet',
      path.join(FLEETS, 'security-planted.json'),
      '--format',
      'json',
    );

    // Assess
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as {
      findings: {
        ruleId: string;
        resourceId: string;
        references: { framework: string; control: string }[];
        remediation?: string;
      }[];
      summary: { findings: number };
    };
    const ruleIds = new Set(output.findings.map((f) => f.ruleId));
    for (const ruleId of [
      'sg-admin-port-open-ipv4',
      'rds-storage-unencrypted',
      'ebs-snapshot-public',
      'iam-root-mfa-disabled',
    ]) {
      expect(ruleIds).toContain(ruleId);
    }
    const ssh = output.findings.find((f) => f.ruleId === 'sg-admin-port-open-ipv4');
    expect(ssh?.references).toContainEqual({ framework: 'cis-aws-foundations-3.0.0', control: '5.2' });
    expect(ssh?.remediation).toBe(
      ALL_RULES.find((rule) => rule.id === 'sg-admin-port-open-ipv4')?.remediation,
    );
    expect(output.findings.every((f) => typeof f.remediation === 'string' && f.remediation !== '')).toBe(
      true,
    );
    expect(output.summary.findings).toBe(output.findings.length);
  });

  it('ends the table with what to do about each check that found something', async () => {
    // Act
    const result = await hostmaster('scan', '--fleet', path.join(FLEETS, 'security-planted.json'));

    // Assess
    expect(result.code).toBe(0);
    const advice = result.stdout.slice(result.stdout.indexOf('\nWHAT TO DO\n'));
    const rootMfa = ALL_RULES.find((rule) => rule.id === 'iam-root-mfa-disabled')!;
    expect(advice).toContain(`iam-root-mfa-disabled: ${rootMfa.remediation}`);
  });

  it('exports the posture of one account as CSV, and refuses an account it did not scan', async () => {
    // Act
    const planted = path.join(FLEETS, 'security-planted.json');
    const csv = await hostmaster('scan', '--fleet', planted, '--format', 'csv', '--account', '111122223333');
    const unknown = await hostmaster(
      'scan',
      '--fleet',
      planted,
      '--format',
      'csv',
      '--account',
      '999999999999',
    );

    // Assess
    expect(csv.code).toBe(0);
    const [header, ...rows] = csv.stdout.trim().split(/\r?\n/);
    expect(header).toBe(
      'account,region,resource id,resource type,rule id,title,severity,status,framework references,first seen,evidence summary,remediation',
    );
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.every((row) => row.startsWith('111122223333,'))).toBe(true);
    const rootKeys = ALL_RULES.find((rule) => rule.id === 'iam-root-access-keys-present')!;
    expect(rows.find((row) => row.includes('iam-root-access-keys-present'))).toContain(rootKeys.remediation);
    expect(
      rows.some(
        (row) =>
          row.includes('iam-root-access-keys-present') && row.includes('cis-aws-foundations-3.0.0:1.4'),
      ),
    ).toBe(true);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('999999999999 is not one of the scanned accounts');
  });

  it('prints the table and exits 1 naming the reason when an account refuses the ExternalId', async () => {
    // Act
    const result = await hostmaster('scan', '--fleet', path.join(FLEETS, 'wrong-external-id.json'));

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/345678901234\/us-east-1 assume-role: AssumeRole denied: .*ExternalId/);
    expect(result.stdout).toMatch(/^ACCOUNT\s+REGION\s+TYPE\s+ID\s+NAME\s+STATE$/m);
    expect(result.stdout).toContain('i-0c1f3c5e7b9d2f401');
    expect(result.stdout).toMatch(/resource\(s\); 2 of \d+ job\(s\) failed or were partial/);
    expect(result.stdout).not.toContain('i-0a1f3c5e7b9d2f401');
  });

  it('exits 1 naming the collector when a job is only partial, and still prints the report', async () => {
    // Prepare: RDS denied in the prod account, so its us-east-1 job collects everything else.
    const fleet = JSON.parse(await readFile(path.join(FLEETS, 'example.json'), 'utf8'));
    fleet.faults = { accessDenied: [{ service: 'rds', accountId: '345678901234', region: 'us-east-1' }] };
    const dir = await mkdtemp(path.join(tmpdir(), 'hostmaster-cli-'));
    const file = path.join(dir, 'rds-denied.json');
    await writeFile(file, JSON.stringify(fleet));

    // Act
    const result = await hostmaster('scan', '--fleet', file, '--format', 'json');

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^partial: 345678901234\/us-east-1 rds/m);
    const output = JSON.parse(result.stdout) as {
      scans: { accountId: string; region: string; status: string }[];
    };
    expect(output.scans).toContainEqual(
      expect.objectContaining({ accountId: '345678901234', region: 'us-east-1', status: 'partial' }),
    );
    expect(output.scans.filter((s) => s.status !== 'succeeded')).toHaveLength(1);
  });

  it('reads CloudWatch utilization by default and prices idle resources from it', async () => {
    // Act
    const result = await hostmaster('scan', '--fleet', path.join(FLEETS, 'example.json'), '--format', 'json');

    // Assess
    const output = JSON.parse(result.stdout) as {
      findings: { ruleId: string; resourceId: string; monthlySavingsUsd?: number }[];
      summary: {
        checksWithoutData: { ruleId: string; resources: number }[];
        utilization: { read: boolean; failedScopes?: number };
      };
    };
    expect(output.summary.utilization).toEqual({ read: true, failedScopes: 0 });
    const idle = output.findings.find((f) => f.ruleId === 'ec2-idle-instance');
    expect(idle?.resourceId).toContain('i-0a1f3c5e7b9d2f403');
    expect(idle?.monthlySavingsUsd).toBeGreaterThan(0);
    expect(output.findings.map((f) => f.ruleId)).toContain('rds-idle-instance');
    // Only a type with no size data is left unjudged, not the utilization rules.
    expect(output.summary.checksWithoutData.map((c) => c.ruleId)).toEqual(['ec2-rightsizing']);
  });

  it('with --no-utilization names the checks that lacked data instead of pricing them', async () => {
    // Act
    const result = await hostmaster('scan', '--fleet', path.join(FLEETS, 'example.json'), '--no-utilization');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/ec2-idle-instance\s+prod/);
    const line = result.stdout.split('\n').find((l) => l.startsWith('Checks without enough data'));
    expect(line).toContain('(utilization not read: --no-utilization)');
    expect(line).toContain('ec2-idle-instance (5 resource(s))');
    expect(line).toContain('rds-idle-instance (2 resource(s))');
  });

  it('shows accounts as "name (id)" from the organization, in the table and the JSON', async () => {
    // Act
    const table = await hostmaster('scan', '--fleet', path.join(FLEETS, 'example.json'), '--no-utilization');
    const json = await hostmaster(
      'scan',
      '--fleet',
      path.join(FLEETS, 'example.json'),
      '--no-utilization',
      '--format',
      'json',
    );

    // Assess
    expect(table.stdout).toMatch(/^prod \(345678901234\)\s+us-east-1\s+ec2:instance\s+i-0a1f3c5e7b9d2f401/m);
    expect(table.stdout).toMatch(/^critical\s+iam-root-access-keys-present\s+management \(210987654321\)/m);
    expect((JSON.parse(json.stdout) as { accounts: unknown }).accounts).toEqual([
      { accountId: '123456789012', name: 'tooling' },
      { accountId: '210987654321', name: 'management' },
      { accountId: '345678901234', name: 'prod' },
    ]);
  });

  it('draws no progress on a stderr that is not a terminal', async () => {
    // Act: execFile's stderr is a pipe.
    const result = await hostmaster('scan', '--fleet', path.join(FLEETS, 'example.json'));

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('exits 2 naming the wrong field of a bad fleet file', async () => {
    // Prepare
    const fleet = JSON.parse(await readFile(path.join(FLEETS, 'example.json'), 'utf8'));
    fleet.accounts[1].id = 'not-an-account';
    const dir = await mkdtemp(path.join(tmpdir(), 'hostmaster-cli-'));
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify(fleet));

    // Act
    const result = await hostmaster('scan', '--fleet', file);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('accounts[1].id');
  });

  it('prints the usage on --help', async () => {
    // Act
    const result = await hostmaster('--help');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: hostmaster scan');
  });
});
