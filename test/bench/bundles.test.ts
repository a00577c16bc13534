import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import {
  devPackagesIn,
  handlerEntries,
  harmlessValue,
  houseBuildOptions,
  median,
  packageOf,
  testOnlyInputs,
} from './bundles';

const dir = mkdtempSync(path.join(tmpdir(), 'hostmaster-bundles-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function metafileOf(source: string) {
  const entry = path.join(dir, `entry-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(entry, source);
  const result = await build({ ...houseBuildOptions(entry, `${entry}.mjs`), write: false });
  return result.metafile!;
}

describe('bundles bench', () => {
  it('names the package an input comes from, scoped or not', () => {
    expect(packageOf('node_modules/@aws-sdk/client-ec2/dist-es/index.js')).toBe('@aws-sdk/client-ec2');
    expect(packageOf('node_modules/zod/v4/core/schemas.js')).toBe('zod');
    expect(packageOf('node_modules/a/node_modules/semver/index.js')).toBe('semver');
    expect(packageOf('functions/domain/model.ts')).toBe('functions/domain');
  });

  it('detects a bundle that pulls in code from test/', async () => {
    // Prepare
    const local = path.resolve('test/local/ports.ts');

    // Act
    const metafile = await metafileOf(`export { freePort } from ${JSON.stringify(local)};`);

    // Assess
    expect(testOnlyInputs(metafile)).toEqual(['test/local/ports.ts']);
  });

  it('finds no test code and no dev-only package in any handler bundle', async () => {
    // Prepare
    const entries = await handlerEntries();

    // Act
    const findings = [];
    for (const { name, entry } of entries) {
      const result = await build({
        ...houseBuildOptions(entry, path.join(dir, name, 'index.mjs')),
        write: false,
      });
      findings.push({ name, test: testOnlyInputs(result.metafile!), dev: devPackagesIn(result.metafile!) });
    }

    // Assess
    expect(entries.map((e) => e.name)).toContain('api');
    expect(findings.filter((f) => f.test.length > 0 || f.dev.length > 0)).toEqual([]);
  }, 120_000);

  it('gives the scan functions a registered account source and ARNs that look like ARNs', () => {
    expect(harmlessValue('ACCOUNT_SOURCE')).toBe('registered');
    expect(harmlessValue('MEMBER_ACCOUNTS')).toMatch(/^\d{12}(,\d{12})*$/);
    expect(harmlessValue('SCAN_STATE_MACHINE_ARN')).toMatch(/^arn:aws:states:/);
    expect(harmlessValue('ALERT_TOPIC_ARN')).toMatch(/^arn:aws:sns:/);
    expect(harmlessValue('REGIONS_ALLOW')).toBe('');
    expect(harmlessValue('SCAN_CONCURRENCY')).toBe('16');
  });

  it('takes the median of odd and even samples', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
