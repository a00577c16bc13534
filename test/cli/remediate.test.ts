import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../../bin/cli/args';
import { runRemediateCommand } from '../../bin/cli/remediate-command';

const FLEET = path.join(import.meta.dirname, 'fixtures/remediation-fleet.json');
const finding = (volumeId: string) =>
  `ebs-unattached-volume|arn:aws:ec2:us-east-1:111111111111:volume/${volumeId}`;

function capture() {
  const text = { stdout: '', stderr: '' };
  return {
    text,
    out: {
      stdout: { write: (s: string) => (text.stdout += s) },
      stderr: { write: (s: string) => (text.stderr += s) },
    },
  };
}

describe('hostmaster remediate --dry-run', () => {
  it('prints the pre-flight and every call DryRun says would succeed, exit 0', async () => {
    // Prepare
    const { text, out } = capture();

    // Act
    const code = await runRemediateCommand(
      { finding: finding('vol-00000000000000001'), fleet: FLEET, format: 'json' },
      out,
    );

    // Assess
    const report = JSON.parse(text.stdout) as {
      calls: { call: string; dryRun: string }[];
      preflight: { passed: boolean };
    };
    expect(code).toBe(0);
    expect(report.preflight.passed).toBe(true);
    expect(report.calls).toEqual([
      expect.objectContaining({ call: 'ec2:CreateSnapshot', dryRun: 'would succeed' }),
      expect.objectContaining({ call: 'ec2:DeleteVolume', dryRun: 'would succeed' }),
    ]);
  });

  it('shows the role refusing an untagged volume, exit 1', async () => {
    // Prepare
    const { text, out } = capture();

    // Act
    const code = await runRemediateCommand(
      { finding: finding('vol-00000000000000002'), fleet: FLEET, format: 'table' },
      out,
    );

    // Assess
    expect(code).toBe(1);
    expect(text.stdout).toMatch(/REFUSE not tagged hostmaster:remediation=allow/);
    expect(text.stdout).toMatch(/ec2:DeleteVolume\s+refused: UnauthorizedOperation/);
  });

  it('only previews: without --dry-run, or without a finding, it is a usage error', () => {
    // Act / Assess
    expect(() => parseCliArgs(['remediate', '--finding', finding('vol-1')])).toThrow(UsageError);
    expect(() => parseCliArgs(['remediate', '--dry-run'])).toThrow(/--finding/);
    expect(parseCliArgs(['remediate', '--finding', finding('vol-1'), '--dry-run'])).toMatchObject({
      command: 'remediate',
    });
  });
});
