/**
 * The sandbox in its own process for the benchmark: AWS is remote, so the simulated one should not
 * share the scanner's event loop and CPU. Call counts and peak rates come from its admin endpoint.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CallRate } from '../sandbox/calls';
import type { Fleet } from '../sandbox/fleet';

const ROOT = path.join(import.meta.dirname, '../..');

export interface SandboxProcess {
  readonly endpoint: string;
  calls(): Promise<{ total: number; byOutcome: Record<string, number>; rates: CallRate[] }>;
  resetCalls(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSandboxProcess(fleet: Fleet, seed: number): Promise<SandboxProcess> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostmaster-bench-'));
  const file = path.join(dir, 'fleet.json');
  await writeFile(file, JSON.stringify(fleet));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/sandbox/main.ts', '--fleet', file, '--seed', String(seed)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = buffered.match(/sandbox listening on (http:\/\/\S+)/);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  return {
    endpoint,
    calls: async () => (await fetch(`${endpoint}/_sandbox/calls`)).json() as never,
    resetCalls: async () => {
      await fetch(`${endpoint}/_sandbox/calls`, { method: 'DELETE' });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
