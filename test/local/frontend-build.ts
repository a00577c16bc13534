/**
 * Builds the dashboard (frontend/dist) when it is missing or older than frontend/src: the local mode
 * serves it, and `cdk synth` (which the integration tests run to get the state machine definitions)
 * refuses to synthesize the hub without it. vitest's global setup calls it once before any test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the dashboard when frontend/dist is missing or older than any file under frontend/src. */
export function buildFrontendIfStale(log: (line: string) => void): void {
  const dist = path.join(REPO_ROOT, 'frontend/dist/index.html');
  const src = path.join(REPO_ROOT, 'frontend/src');
  if (!existsSync(src)) return;
  if (existsSync(dist) && statSync(dist).mtimeMs >= newestMtime(src)) return;
  log('Building the dashboard (npm run build:frontend)...');
  const result = spawnSync('npm', ['run', 'build:frontend'], {
    cwd: REPO_ROOT,
    // Under vitest NODE_ENV is `test`, and Vite would then ship React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'pipe',
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`npm run build:frontend failed:\n${(result.stderr || result.stdout).slice(-2000)}`);
  }
}
