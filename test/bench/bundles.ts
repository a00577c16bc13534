/**
 * The `bundles` section: every Lambda entry in functions/handlers/*.ts bundled with esbuild exactly as
 * the house function construct bundles it (lib/constructs/hostmaster-function.ts), then measured:
 * bytes, gzip bytes, and the module-load (cold init) time of the bundle imported in fresh Node.js
 * processes. It also proves that no bundle contains the sandbox (anything under test/) and names what
 * makes a bundle big.
 *
 * Runnable on its own: `npx tsx test/bench/bundles.ts --out FILE [--runs 5] [--only api,scan-plan]`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { HOUSE_BUNDLING } from '../../lib/constructs/hostmaster-function';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HANDLERS_DIR = path.join(REPO_ROOT, 'functions/handlers');
const ENVIRONMENT_CONTRACT = path.join(REPO_ROOT, 'functions/shared/contract/environment.ts');

/** Above this a bundle is investigated: its biggest packages and files are reported with an idea. */
const LARGE_BUNDLE_BYTES = 1_000_000;

/** Packages that exist only for local runs and tests; none may reach a Lambda bundle. */
const DEV_ONLY_PACKAGES = [
  'dynalite',
  'cognito-local',
  'aws-sdk',
  'aws-local-stepfunctions',
  'aws-sdk-client-mock',
  'playwright-core',
  'vitest',
  'aws-cdk-lib',
  'constructs',
  'cdk-nag',
];

/** NODE_OPTIONS the construct gives every function (DEFAULT_NODE_OPTIONS there). */
const LAMBDA_NODE_OPTIONS = ['--enable-source-maps'];

export interface BundlesBenchOptions {
  /** Fresh processes per function and per mode for the module-load time. @default 5 */
  readonly runs?: number;
  /** Handler names (file names without `.ts`) to measure. @default every functions/handlers/*.ts */
  readonly only?: readonly string[];
  readonly log?: (line: string) => void;
}

export interface LoadTime {
  /** Median import duration, measured inside the process with performance.now(). */
  readonly medianMs: number;
  readonly samplesMs: readonly number[];
}

export interface BundleReport {
  readonly name: string;
  readonly entry: string;
  /** Size of index.mjs, the file Lambda loads. */
  readonly bytes: number;
  /** gzip (level 6) of index.mjs: close to what the deployment zip holds. */
  readonly gzipBytes: number;
  /** Size of index.mjs.map (deployed next to it, read at init because of --enable-source-maps). */
  readonly sourcemapBytes: number;
  readonly inputs: number;
  /** With NODE_OPTIONS=--enable-source-maps, as deployed. */
  readonly moduleLoad: LoadTime | null;
  /** Without source-map support: what the source map costs at init is the difference. */
  readonly moduleLoadNoSourceMaps: LoadTime | null;
  /** Set when importing the bundle threw (with the harmless environment below). */
  readonly loadError?: string;
  /** Whether any input comes from test/ (the sandbox and every local stand-in). Always false, or the run fails. */
  readonly sandboxInBundle: boolean;
  /** Dev-only packages found among the inputs (cognito-local, dynalite, aws-sdk v2, ...). */
  readonly devPackagesInBundle: readonly string[];
  /** Largest contributors to the output, by bytes in the minified output. */
  readonly topPackages: readonly { readonly name: string; readonly bytes: number; readonly share: number }[];
  /** Only for bundles over ~1 MB: the biggest files and what could shrink the bundle. */
  readonly investigation?: {
    readonly topInputs: readonly { readonly path: string; readonly bytes: number }[];
    /** The same bundle with `@aws-sdk/*` external (the Node.js 22 runtime ships SDK v3). */
    readonly bytesWithSdkExternal: number;
    readonly gzipBytesWithSdkExternal: number;
    readonly ideas: readonly string[];
  };
  /** Required variables of the environment contract, set to harmless values for the import. */
  readonly environment: readonly string[];
}

export interface BundlesSection {
  readonly runs: number;
  readonly esbuild: string;
  /** Node.js version that measured the load times (Lambda runs nodejs22.x on ARM64). */
  readonly loadedWith: string;
  readonly functions: readonly BundleReport[];
  readonly totals: { readonly bytes: number; readonly gzipBytes: number };
  readonly largest: { readonly name: string; readonly bytes: number } | null;
  readonly slowestLoad: { readonly name: string; readonly medianMs: number } | null;
}

/** Thrown when a Lambda bundle contains the sandbox or another test-only module. */
export class SandboxInBundleError extends Error {
  override readonly name = 'SandboxInBundleError';
  constructor(offenders: readonly { readonly name: string; readonly inputs: readonly string[] }[]) {
    super(
      `Lambda bundle(s) contain test-only code: ${offenders
        .map((o) => `${o.name} (${o.inputs.slice(0, 5).join(', ')}${o.inputs.length > 5 ? ', ...' : ''})`)
        .join('; ')}`,
    );
  }
}

/** The options of lib/constructs/hostmaster-function.ts, as NodejsFunction hands them to esbuild. */
export function houseBuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    // The construct's settings, in esbuild's own option names.
    format: HOUSE_BUNDLING.format,
    target: HOUSE_BUNDLING.target,
    minify: HOUSE_BUNDLING.minify,
    sourcemap: HOUSE_BUNDLING.sourceMap,
    sourcesContent: HOUSE_BUNDLING.sourcesContent,
    mainFields: [...HOUSE_BUNDLING.mainFields],
    banner: { js: HOUSE_BUNDLING.banner },
    external: [],
    tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
    metafile: true,
    logLevel: 'silent',
  };
}

/** The Lambda entries present now: functions/handlers/*.ts, tests and declarations excluded. */
export async function handlerEntries(): Promise<{ readonly name: string; readonly entry: string }[]> {
  const files = await readdir(HANDLERS_DIR, { withFileTypes: true });
  return files
    .filter((f) => f.isFile() && f.name.endsWith('.ts') && !/\.(test|spec|d)\.ts$/.test(f.name))
    .map((f) => ({ name: f.name.slice(0, -3), entry: path.join(HANDLERS_DIR, f.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `node_modules/@scope/pkg/...` → `@scope/pkg`; project files → their top two folders. */
export function packageOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at === -1) return input.split('/').slice(0, 2).join('/');
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? input);
}

/** Inputs from the project's test/ tree (the sandbox and the local stand-ins), as esbuild names them. */
export function testOnlyInputs(metafile: Metafile): string[] {
  return Object.keys(metafile.inputs).filter(
    (input) => !input.includes('node_modules/') && (input.startsWith('test/') || input.includes('/test/')),
  );
}

/** Dev-only packages (local stand-ins, test tools, CDK) among a bundle's inputs. */
export function devPackagesIn(metafile: Metafile): string[] {
  const packages = new Set(
    Object.keys(metafile.inputs)
      .filter((input) => input.includes('node_modules/'))
      .map((input) => packageOf(input)),
  );
  return [...packages].filter((pkg) => DEV_ONLY_PACKAGES.includes(pkg)).sort();
}

function outputInputs(metafile: Metafile): [string, number][] {
  const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith('.mjs'));
  if (!output) throw new Error('esbuild produced no .mjs output');
  return Object.entries(output[1].inputs).map(([input, info]) => [input, info.bytesInOutput]);
}

/**
 * The variables to set: those the environment contract declares required (no `?`) in any interface.
 * Optional ones, and those read directly from `process.env` with a fallback, stay unset so that the
 * code's own defaults apply, as in a deployment that does not set them.
 */
async function requiredEnvironmentNames(): Promise<string[]> {
  const contract = await readFile(ENVIRONMENT_CONTRACT, 'utf8');
  const names = new Set<string>();
  for (const match of contract.matchAll(/readonly\s+([A-Z][A-Z0-9_]*)(\??)\s*:/g)) {
    if (match[2] !== '?') names.add(match[1]!);
  }
  return [...names].sort();
}

/** A value that passes the handlers' parsing without reaching anything real. */
export function harmlessValue(name: string): string {
  if (name === 'ACCOUNT_SOURCE') return 'registered';
  if (name === 'MEMBER_ACCOUNTS') return '111111111111,222222222222';
  if (name.startsWith('REGIONS_')) return '';
  if (name === 'USER_POOL_ID') return 'us-east-1_HostMasterBench';
  if (name.endsWith('ACCOUNT_ID')) return '111111111111';
  if (name === 'TABLE_NAME' || name.endsWith('_TABLE')) return 'hostmaster-bench';
  if (name.endsWith('TOPIC_ARN')) return 'arn:aws:sns:us-east-1:000000000000:hostmaster-bench';
  if (name.endsWith('STATE_MACHINE_ARN'))
    return 'arn:aws:states:us-east-1:000000000000:stateMachine:hostmaster-bench';
  if (name.endsWith('QUEUE_URL')) return 'https://sqs.us-east-1.amazonaws.com/000000000000/hostmaster-bench';
  if (name.endsWith('_ARN')) return 'arn:aws:lambda:us-east-1:000000000000:function:hostmaster-bench';
  if (name.endsWith('_URL')) return 'https://hostmaster.example.invalid';
  if (name.endsWith('_DAYS') || name.endsWith('_HOURS') || name.endsWith('_MINUTES')) return '7';
  if (name.endsWith('_PERCENT') || name.endsWith('_THRESHOLD') || name.endsWith('_USD')) return '10';
  if (name.endsWith('_KEYS')) return 'team,environment';
  if (name.endsWith('_CONCURRENCY')) return '16';
  return 'hostmaster-bench';
}

/** What Lambda puts in every function's environment, plus the construct's defaults; nothing inherited. */
function lambdaEnvironment(name: string, names: readonly string[]): Record<string, string> {
  return {
    ...Object.fromEntries(names.map((variable) => [variable, harmlessValue(variable)])),
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: tmpdir(),
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAHOSTMASTERBENCH',
    AWS_SECRET_ACCESS_KEY: 'hostmaster-bench-secret',
    AWS_SESSION_TOKEN: 'hostmaster-bench-session',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: `hostmaster-bench-${name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    POWERTOOLS_SERVICE_NAME: 'hostmaster',
    POWERTOOLS_METRICS_NAMESPACE: 'HostMaster',
  };
}

const IMPORT_SCRIPT = `
const t0 = performance.now();
await import(process.argv[1]);
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms }) + '\\n');
process.exit(0);
`;

/** Imports the bundle once in a fresh process; resolves the in-process import time in ms. */
function importOnce(
  file: string,
  env: Record<string, string>,
  nodeOptions: readonly string[],
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...nodeOptions, '--input-type=module', '-e', IMPORT_SCRIPT, pathToFileURL(file).href],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        const parsed = JSON.parse(line) as { ms: number };
        if (code === 0) return resolve(parsed.ms);
      } catch {
        // falls through to the error below
      }
      reject(new Error(`import exited ${code}: ${(err || out).trim().split('\n').slice(0, 6).join(' | ')}`));
    });
  });
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function topPackages(inputs: readonly [string, number][], total: number) {
  const byPackage = new Map<string, number>();
  for (const [input, bytes] of inputs)
    byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytes);
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([name, bytes]) => ({ name, bytes, share: round(bytes / total, 3) }));
}

/** Bundles a one-schema module with classic `zod` and with `zod/mini`: what the import style costs alone. */
async function zodProbe(): Promise<{ readonly classicBytes: number; readonly miniBytes: number }> {
  const probe = async (contents: string) => {
    const result = await build({
      stdin: { contents, resolveDir: REPO_ROOT, loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      mainFields: ['module', 'main'],
      write: false,
      logLevel: 'silent',
    });
    return result.outputFiles[0]?.contents.length ?? 0;
  };
  return {
    classicBytes: await probe(
      "import { z } from 'zod'; export const s = z.object({ a: z.string().min(1).optional() });",
    ),
    miniBytes: await probe(
      "import * as z from 'zod/mini'; export const s = z.object({ a: z.optional(z.string().check(z.minLength(1))) });",
    ),
  };
}

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

async function investigate(
  entry: string,
  dir: string,
  inputs: readonly [string, number][],
  total: number,
): Promise<NonNullable<BundleReport['investigation']>> {
  const outfile = path.join(dir, 'sdk-external', 'index.mjs');
  await build({ ...houseBuildOptions(entry, outfile), external: ['@aws-sdk/*'] });
  const code = await readFile(outfile);
  const bytesWithSdkExternal = code.length;
  const sum = (keep: (input: string) => boolean) =>
    inputs.filter(([input]) => keep(input)).reduce((total, [, bytes]) => total + bytes, 0);
  const inFamily = (prefixes: readonly string[]) => (input: string) =>
    prefixes.some((p) => packageOf(input).startsWith(p));
  const share = (bytes: number) => `${Math.round((bytes / total) * 100)}%`;

  const ideas: string[] = [];
  const zod = sum(inFamily(['zod']));
  if (zod > 0.08 * total) {
    const { classicBytes, miniBytes } = await zodProbe();
    ideas.push(
      `zod is ${kb(zod)} (${share(zod)}): the classic \`z\` namespace of zod 4 cannot be tree-shaken and brings every locale and the JSON Schema converters. A one-object schema bundles to ${kb(classicBytes)} with \`import { z } from 'zod'\` and ${kb(miniBytes)} with \`import * as z from 'zod/mini'\` (same schemas, functional checks); moving functions/ to zod/mini would remove most of it and its init time.`,
    );
  }
  const ec2Schemas = sum((input) => input.includes('@aws-sdk/client-ec2/') && input.includes('/schemas/'));
  if (ec2Schemas > 0.08 * total)
    ideas.push(
      `@aws-sdk/client-ec2's serde schemas are ${kb(ec2Schemas)} (${share(ec2Schemas)}) in one file covering all of EC2's operations, whatever commands are imported; only the scan functions should import the collectors registry (and with it EC2).`,
    );
  const sdk = sum(inFamily(['@aws-sdk/', '@smithy/', '@aws-crypto/', 'fast-xml-parser', '@aws/']));
  ideas.push(
    `The AWS SDK v3 with its @smithy, @aws-crypto and XML dependencies is ${kb(sdk)} (${share(sdk)}). Marking @aws-sdk/* external (nodejs22.x ships SDK v3) gives ${kb(bytesWithSdkExternal)}; the trade-off is running the runtime's SDK version instead of the pinned, tested one, and the runtime's SDK is still read from disk at init.`,
  );
  const powertools = sum(inFamily(['@aws-lambda-powertools/', 'aws-xray-sdk', 'cls-hooked', 'semver']));
  if (powertools > 0.05 * total)
    ideas.push(
      `Powertools with the X-Ray SDK is ${kb(powertools)} (${share(powertools)}): a handler that does not trace could import only the Logger (functions/shared/powertools.ts creates Logger, Metrics and Tracer together).`,
    );
  return {
    topInputs: [...inputs]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([input, bytes]) => ({ path: input, bytes })),
    bytesWithSdkExternal,
    gzipBytesWithSdkExternal: gzipSync(code).length,
    ideas,
  };
}

async function measureBundle(
  target: { readonly name: string; readonly entry: string },
  dir: string,
  runs: number,
  log: (line: string) => void,
): Promise<BundleReport> {
  const outDir = path.join(dir, target.name);
  const outfile = path.join(outDir, 'index.mjs');
  const result = await build(houseBuildOptions(target.entry, outfile));
  const metafile = result.metafile!;
  const code = await readFile(outfile);
  const sourcemapBytes = (await stat(`${outfile}.map`)).size;
  const inputs = outputInputs(metafile);
  const testInputs = testOnlyInputs(metafile);
  const devPackages = devPackagesIn(metafile);

  const names = await requiredEnvironmentNames();
  const env = lambdaEnvironment(target.name, names);
  const withMaps: number[] = [];
  const withoutMaps: number[] = [];
  let loadError: string | undefined;
  try {
    // Interleaved so that noise from the other engineers' processes falls on both modes alike.
    for (let i = 0; i < runs; i++) {
      withMaps.push(await importOnce(outfile, env, LAMBDA_NODE_OPTIONS));
      withoutMaps.push(await importOnce(outfile, env, []));
    }
  } catch (error) {
    loadError = (error as Error).message;
  }
  const load = (samples: number[]): LoadTime | null =>
    loadError || samples.length === 0
      ? null
      : { medianMs: round(median(samples)), samplesMs: samples.map((s) => round(s)) };

  const report: BundleReport = {
    name: target.name,
    entry: path.relative(REPO_ROOT, target.entry),
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    sourcemapBytes,
    inputs: inputs.length,
    moduleLoad: load(withMaps),
    moduleLoadNoSourceMaps: load(withoutMaps),
    ...(loadError ? { loadError } : {}),
    sandboxInBundle: testInputs.length > 0,
    devPackagesInBundle: devPackages,
    topPackages: topPackages(inputs, code.length),
    ...(code.length > LARGE_BUNDLE_BYTES
      ? { investigation: await investigate(target.entry, outDir, inputs, code.length) }
      : {}),
    environment: names,
  };
  if (report.sandboxInBundle) (report as { testInputs?: string[] }).testInputs = testInputs;
  log(
    `${target.name}: ${Math.round(report.bytes / 1024)} KB (${Math.round(report.gzipBytes / 1024)} KB gzip), ` +
      (report.moduleLoad
        ? `load ${report.moduleLoad.medianMs} ms (${report.moduleLoadNoSourceMaps?.medianMs} ms without source maps)`
        : `load FAILED: ${loadError}`) +
      `, sandboxInBundle ${report.sandboxInBundle}`,
  );
  return report;
}

export async function runBundlesBench(options: BundlesBenchOptions = {}): Promise<BundlesSection> {
  const log = options.log ?? (() => undefined);
  const runs = options.runs ?? 5;
  const entries = (await handlerEntries()).filter((e) => !options.only || options.only.includes(e.name));
  if (entries.length === 0) throw new Error(`no handler entries in ${HANDLERS_DIR} match`);
  const { version } = await import('esbuild');
  const dir = await mkdtemp(path.join(tmpdir(), 'hostmaster-bundles-'));
  try {
    const functions: BundleReport[] = [];
    for (const entry of entries) functions.push(await measureBundle(entry, dir, runs, log));

    const offenders = functions
      .filter((f) => f.sandboxInBundle || f.devPackagesInBundle.length > 0)
      .map((f) => ({
        name: f.name,
        inputs: [...((f as { testInputs?: string[] }).testInputs ?? []), ...f.devPackagesInBundle],
      }));
    if (offenders.length > 0) throw new SandboxInBundleError(offenders);

    const largest = [...functions].sort((a, b) => b.bytes - a.bytes)[0];
    const slowest = [...functions]
      .filter((f) => f.moduleLoad)
      .sort((a, b) => b.moduleLoad!.medianMs - a.moduleLoad!.medianMs)[0];
    return {
      runs,
      esbuild: version,
      loadedWith: process.version,
      functions,
      totals: {
        bytes: functions.reduce((sum, f) => sum + f.bytes, 0),
        gzipBytes: functions.reduce((sum, f) => sum + f.gzipBytes, 0),
      },
      largest: largest ? { name: largest.name, bytes: largest.bytes } : null,
      slowestLoad: slowest ? { name: slowest.name, medianMs: slowest.moduleLoad!.medianMs } : null,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'bench-results/bench.json' },
      runs: { type: 'string', default: '5' },
      only: { type: 'string' },
    },
  });
  const { mergeSection } = await import('./results');
  const section = await runBundlesBench({
    runs: Number(values.runs),
    only: values.only?.split(','),
    log: (line) => console.error(`[bundles] ${line}`),
  });
  await mergeSection(values.out!, 'bundles', {
    ...section,
    environment: { node: process.version, platform: process.platform, at: new Date().toISOString() },
  });
  console.error(`[bundles] written to ${values.out}`);
}
