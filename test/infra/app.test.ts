/**
 * bin/app.ts as `cdk synth` runs it (a child process with the CLI's CDK_CONTEXT_JSON and CDK_OUTDIR),
 * for the one thing only the entry point does: turning a bad context value into a plain message.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../lib/constructs/hostmaster-function';

const cdkJson = JSON.parse(readFileSync(projectPath('cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};

describe('bin/app.ts', () => {
  it('refuses the shipped ExternalId with a message saying what to pass, and no stack trace', () => {
    // Prepare
    const outdir = mkdtempSync(join(tmpdir(), 'hostmaster-app-'));

    // Act
    const run = spawnSync(process.execPath, ['--import', 'tsx', projectPath('bin/app.ts')], {
      cwd: projectPath('.'),
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, 'aws:cdk:bundling-stacks': [] }),
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    rmSync(outdir, { recursive: true, force: true });

    // Assess
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      'CDK context "hostmaster:externalId": "hostmaster-local-external-id" is the public default shipped for the local runtime; pass your own secret, the same for the hub and member stacks, such as -c hostmaster:externalId=$(openssl rand -hex 24)',
    );
  }, 90_000);
});
