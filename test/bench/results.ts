/**
 * The benchmark's output file: one JSON object with a named section per measured concern (`scan`,
 * and later `cost`, `alerts`, `security`, `bundles`, `dashboard`). Each section is written by its own
 * module through `mergeSection`, so sections can be run and re-run independently and results from
 * different runs compared side by side.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface BenchEnvironment {
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  readonly at: string;
}

/** Merges (replaces) one section of the results file, keeping every other section as it is. */
export async function mergeSection(file: string, name: string, section: unknown): Promise<void> {
  let current: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      current = parsed as Record<string, unknown>;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  current[name] = section;
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, `${JSON.stringify(current, null, 2)}\n`);
}

/** Samples the process's resident set size until stopped; returns the peak in MiB. */
export function sampleRss(intervalMs = 50): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return Math.round((peak / 1024 / 1024) * 10) / 10;
    },
  };
}
