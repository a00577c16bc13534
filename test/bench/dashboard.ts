/**
 * The `dashboard` section: the initial JavaScript of the built dashboard (what index.html references,
 * raw and gzip) and how fast headless Chromium shows a 100,000-resource inventory, with a valid
 * session: from navigation until the table shows its first rows (the dashboard asks for one page and
 * more only as the table scrolls), and from each filter or order change (type, state, account, region,
 * name prefix, reversed name order) until the table shows rows that match it.
 *
 * The local HostMaster runs in a child process (`--serve`): `startLocal` sets `process.env` for the
 * handlers it imports, and must not leak into the sections that run after this one.
 *
 * Runnable on its own: `npx tsx test/bench/dashboard.ts --out FILE [--resources 100000] [--loads 3]`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../e2e/browser';
import type { Fleet } from '../sandbox/fleet';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = path.join(REPO_ROOT, 'frontend/dist');
const READY = 'HOSTMASTER_BENCH_READY ';
/** The key SessionManager keeps its tokens under (frontend/src/auth/session.ts). */
const SESSION_KEY = 'hostmaster.session';
/** The inventory route (frontend/src/app/routes.ts); `#/` is the overview. */
const INVENTORY_HASH = '#/inventory';

export interface DashboardBenchOptions {
  /** Resources in the generated organization. @default 100000 */
  readonly resources?: number;
  /** Page loads measured; the medians are reported. @default 3 */
  readonly loads?: number;
  /** Longest wait for the local HostMaster to start and finish its first scan. @default 600000 */
  readonly startTimeoutMs?: number;
  /** Longest wait for one page load to show every row. @default 120000 */
  readonly loadTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface InitialJs {
  readonly files: readonly { readonly file: string; readonly bytes: number; readonly gzipBytes: number }[];
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface PageLoad {
  /** From navigation start (performance.timeOrigin) until the first `tr.row` is in the table. */
  readonly firstRowsMs: number;
  /** Until the first page is complete (the row count shows no "loading" notice). */
  readonly allRowsMs: number;
  /** Rows the browser holds after the first page (not the inventory: it loads more on scroll). */
  readonly rows: number;
  /** When the last JavaScript file the page fetched had arrived. */
  readonly scriptsLoadedMs: number;
  /** When the first `GET /api/resources` was sent and when its response had arrived. */
  readonly firstPageRequestMs: number | null;
  readonly firstPageResponseMs: number | null;
  /** `GET /api/resources` requests the load took. */
  readonly pageRequests: number;
}

/** One filter or order change, timed from the action until matching rows are shown. */
export interface ViewChange {
  readonly change: string;
  readonly ms: number;
  readonly requests: number;
}

export interface DashboardSection {
  readonly initialJsBytes: number;
  readonly initialJsGzipBytes: number;
  readonly initialJsFiles: InitialJs['files'];
  readonly firstRowsMs: number;
  readonly allRowsMs: number;
  /** Resources in the generated fleet. */
  readonly resources: number;
  /** Rows the browser held after the first page. */
  readonly rowsShown: number;
  readonly loads: readonly PageLoad[];
  /** The slowest of each change's medians, against the 300 ms budget. */
  readonly slowestChangeMs: number;
  /** Median per change over the loads. */
  readonly changes: Readonly<Record<string, number>>;
  readonly changeRuns: readonly ViewChange[];
  /** Time the local HostMaster took to start, including its first scan of the fleet. */
  readonly startSeconds: number;
  readonly firstScanMs: number | null;
  readonly chromium: string;
  readonly method: string;
}

/** Sums the JavaScript index.html loads up front: module scripts and modulepreload links. */
export async function initialJs(distDir: string = DIST): Promise<InitialJs> {
  const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
  const sources = new Set<string>();
  for (const tag of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)) sources.add(tag[1]!);
  for (const tag of html.matchAll(/<link\b[^>]*>/g)) {
    if (!/\brel="modulepreload"/.test(tag[0])) continue;
    const href = /\bhref="([^"]+)"/.exec(tag[0])?.[1];
    if (href) sources.add(href);
  }
  const files = [];
  for (const source of sources) {
    if (/^[a-z]+:\/\//i.test(source)) continue;
    const file = path.join(distDir, source.replace(/^\.?\//, ''));
    const code = await readFile(file);
    files.push({ file: path.relative(distDir, file), bytes: code.length, gzipBytes: gzipSync(code).length });
  }
  if (files.length === 0) throw new Error(`${distDir}/index.html references no JavaScript`);
  return {
    files,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
  };
}

function buildFrontendIfMissing(log: (line: string) => void): void {
  if (existsSync(path.join(DIST, 'index.html'))) return;
  log('frontend/dist is missing: npm run build:frontend');
  const result = spawnSync('npm', ['run', 'build:frontend'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build:frontend failed:\n${result.stderr.slice(-2000)}`);
}

interface Ready {
  readonly url: string;
  readonly email: string;
  readonly password: string;
  readonly resources: number;
  readonly firstScanMs: number | null;
  /** Filter values the fleet holds, for the timed changes. */
  readonly sampleAccountId: string;
  readonly sampleRegion: string;
  readonly samplePrefix: string;
}

interface ServerProcess {
  readonly ready: Ready;
  stop(): Promise<void>;
}

/**
 * Starts `--serve` in its own process group, so that if it does not stop when asked, it and the
 * cognito-local it started can be killed together by the group's id.
 */
async function startServer(
  resources: number,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', '--resources', String(resources)],
    { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  createInterface({ input: child.stderr! }).on('line', (line) => log(`local: ${line}`));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000)),
    ]);
    if (!stopped) killGroup(child);
  };
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the local HostMaster was not ready within ${timeoutMs} ms`)),
        timeoutMs,
      );
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (!line.startsWith(READY)) return;
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(READY.length)) as Ready);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the local HostMaster exited (${code ?? signal}) before it was ready`));
      });
    });
    return { ready, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Runs in the page before its scripts: restores the session and timestamps the table's progress.
 * A string, because this project compiles without the DOM library.
 */
function pageProbe(key: string, tokens: string, origin: string): string {
  return `(() => {
  if (location.origin !== ${JSON.stringify(origin)}) return;
  sessionStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(tokens)});
  const marks = {};
  window.__hmBench = marks;
  const observer = new MutationObserver(() => {
    const now = performance.now();
    if (marks.firstRowsMs === undefined && document.querySelector('tbody tr.row')) marks.firstRowsMs = now;
    const count = document.querySelector('.row-count');
    if (marks.firstRowsMs === undefined || !count || count.querySelector('.muted')) return;
    const rows = Number((count.querySelector('strong')?.textContent ?? '').replace(/\\D/g, ''));
    if (rows > 0) {
      marks.allRowsMs = now;
      marks.rows = rows;
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();`;
}

async function signedInTokens(browser: Browser, ready: Ready): Promise<string> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(ready.url);
    await page.getByLabel('Email').fill(ready.email);
    await page.getByLabel('Password').fill(ready.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const stored = `sessionStorage.getItem(${JSON.stringify(SESSION_KEY)})`;
    await page.waitForFunction(`${stored} !== null`, undefined, { timeout: 60_000 });
    const tokens = (await page.evaluate(stored)) as string | null;
    if (!tokens) throw new Error(`signed in, but sessionStorage has no ${SESSION_KEY}`);
    return tokens;
  } finally {
    await context.close();
  }
}

/** What a change does in the page, and the in-page condition that its rows are shown. */
interface ChangeStep {
  readonly name: string;
  act(page: Page): Promise<void>;
  /** A JavaScript expression, true once the table shows rows that satisfy the change. */
  readonly shown: string;
}

/** True when no page is on its way and the table has rows. */
const SETTLED = `(document.querySelector('.row-count .muted') === null && document.querySelector('tbody tr.row') !== null)`;
const FIRST_ROW = `document.querySelector('tbody tr.row')`;

function changeSteps(ready: Ready): ChangeStep[] {
  return [
    {
      name: 'type',
      act: (page) =>
        page
          .getByLabel('Type')
          .selectOption('ec2:volume')
          .then(() => undefined),
      shown: `${SETTLED} && ${FIRST_ROW}.querySelector('td a').title.includes(':volume/')`,
    },
    {
      name: 'state',
      act: (page) =>
        page
          .getByLabel('State')
          .selectOption('stopped')
          .then(() => undefined),
      shown: `${SETTLED} && ${FIRST_ROW}.querySelector('td:nth-child(5)').textContent.trim() === 'stopped'`,
    },
    {
      name: 'account',
      act: (page) =>
        page
          .getByLabel('Account')
          .selectOption(ready.sampleAccountId)
          .then(() => undefined),
      shown: `${SETTLED} && ${FIRST_ROW}.querySelector('td:nth-child(3)').title === ${JSON.stringify(ready.sampleAccountId)}`,
    },
    {
      name: 'region',
      act: (page) =>
        page
          .getByLabel('Region')
          .selectOption(ready.sampleRegion)
          .then(() => undefined),
      shown: `${SETTLED} && ${FIRST_ROW}.querySelector('td:nth-child(4)').textContent === ${JSON.stringify(ready.sampleRegion)}`,
    },
    {
      name: 'name prefix',
      act: (page) => page.getByLabel('Name', { exact: true }).fill(ready.samplePrefix),
      shown: `${SETTLED} && ${FIRST_ROW}.querySelector('td a').textContent.toLowerCase().startsWith(${JSON.stringify(ready.samplePrefix)})`,
    },
    {
      name: 'name order reversed',
      act: (page) => page.getByRole('button', { name: 'Name' }).click(),
      shown: `${SETTLED} && document.querySelector('th[aria-sort="descending"]') !== null && ${FIRST_ROW}.querySelector('td a').textContent !== window.__hmFirstName`,
    },
  ];
}

/** Opens the inventory afresh, then times one change from the action until its rows show. */
async function measureChange(
  browser: Browser,
  ready: Ready,
  tokens: string,
  step: ChangeStep,
  timeoutMs: number,
): Promise<ViewChange> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const origin = new URL(ready.url).origin;
    await context.addInitScript({ content: pageProbe(SESSION_KEY, tokens, origin) });
    const page = await context.newPage();
    await page.goto(new URL(INVENTORY_HASH, ready.url).href);
    await page.waitForFunction(SETTLED, undefined, { timeout: timeoutMs, polling: 50 });
    const before = (await page.evaluate(`(() => {
      window.__hmFirstName = document.querySelector('tbody tr.row td a').textContent;
      window.__hmRequests = performance.getEntriesByType('resource').filter((e) => e.name.includes('/resources')).length;
      window.__hmStart = performance.now();
      return window.__hmStart;
    })()`)) as number;
    await step.act(page);
    await page.waitForFunction(
      `(() => { if (${step.shown}) { window.__hmDone ??= performance.now(); return true; } return false; })()`,
      undefined,
      {
        timeout: timeoutMs,
        polling: 'raf',
      },
    );
    const done = (await page.evaluate('window.__hmDone')) as number;
    const requests = (await page.evaluate(
      `performance.getEntriesByType('resource').filter((e) => e.name.includes('/resources')).length - window.__hmRequests`,
    )) as number;
    return { change: step.name, ms: Math.round(done - before), requests };
  } finally {
    await context.close();
  }
}

async function measureLoad(
  browser: Browser,
  ready: Ready,
  tokens: string,
  timeoutMs: number,
): Promise<PageLoad> {
  // A fresh context each time: no HTTP cache, so the dashboard's JavaScript is fetched as on a first visit.
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const origin = new URL(ready.url).origin;
    await context.addInitScript({ content: pageProbe(SESSION_KEY, tokens, origin) });
    const page = await context.newPage();
    await page.goto(new URL(INVENTORY_HASH, ready.url).href);
    await page.waitForFunction('window.__hmBench?.allRowsMs !== undefined', undefined, {
      timeout: timeoutMs,
      polling: 100,
    });
    const marks = (await page.evaluate(`(() => {
      const entries = performance.getEntriesByType('resource');
      const api = entries.filter((e) => e.name.includes('/resources?') || e.name.endsWith('/resources'));
      const scripts = entries.filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js'));
      return {
        ...window.__hmBench,
        scriptsLoadedMs: Math.max(0, ...scripts.map((e) => e.responseEnd)),
        firstPageResponseMs: api[0]?.responseEnd ?? null,
        firstPageRequestMs: api[0]?.startTime ?? null,
        pageRequests: api.length,
      };
    })()`)) as {
      firstRowsMs: number;
      allRowsMs: number;
      rows: number;
      scriptsLoadedMs: number;
      firstPageRequestMs: number | null;
      firstPageResponseMs: number | null;
      pageRequests: number;
    };
    const ms = (value: number | null) => (value === null ? null : Math.round(value));
    return {
      firstRowsMs: Math.round(marks.firstRowsMs),
      allRowsMs: Math.round(marks.allRowsMs),
      rows: marks.rows,
      scriptsLoadedMs: Math.round(marks.scriptsLoadedMs),
      firstPageRequestMs: ms(marks.firstPageRequestMs),
      firstPageResponseMs: ms(marks.firstPageResponseMs),
      pageRequests: marks.pageRequests,
    };
  } finally {
    await context.close();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

export async function runDashboardBench(options: DashboardBenchOptions = {}): Promise<DashboardSection> {
  const log = options.log ?? (() => undefined);
  const resources = options.resources ?? 100_000;
  const loadCount = options.loads ?? 3;
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is absent (apt-get install -y chromium)`);
  buildFrontendIfMissing(log);

  const started = performance.now();
  const server = await startServer(resources, options.startTimeoutMs ?? 600_000, log);
  let browser: Browser | undefined;
  try {
    const startSeconds = Math.round((performance.now() - started) / 100) / 10;
    log(
      `local HostMaster ready in ${startSeconds} s on ${server.ready.url}, ${server.ready.resources} resources`,
    );
    // startLocal rebuilds the dashboard when frontend/src is newer than dist: measure what it serves.
    const js = await initialJs();
    log(`initial JavaScript: ${js.bytes} bytes (${js.gzipBytes} gzip) in ${js.files.length} file(s)`);

    browser = await launchChromium();
    const tokens = await signedInTokens(browser, server.ready);
    const loads: PageLoad[] = [];
    for (let i = 0; i < loadCount; i++) {
      const load = await measureLoad(browser, server.ready, tokens, options.loadTimeoutMs ?? 120_000);
      log(
        `load ${i + 1}: first rows ${load.firstRowsMs} ms, all ${load.rows} rows ${load.allRowsMs} ms ` +
          `(scripts ${load.scriptsLoadedMs} ms, first page asked ${load.firstPageRequestMs} ms, ` +
          `answered ${load.firstPageResponseMs} ms, ${load.pageRequests} pages)`,
      );
      loads.push(load);
    }
    const changeRuns: ViewChange[] = [];
    for (let i = 0; i < loadCount; i++) {
      for (const step of changeSteps(server.ready)) {
        const run = await measureChange(
          browser,
          server.ready,
          tokens,
          step,
          options.loadTimeoutMs ?? 120_000,
        );
        log(`change ${i + 1} ${run.change}: ${run.ms} ms, ${run.requests} request(s)`);
        changeRuns.push(run);
      }
    }
    const changes = Object.fromEntries(
      changeSteps(server.ready).map((step) => [
        step.name,
        median(changeRuns.filter((run) => run.change === step.name).map((run) => run.ms)),
      ]),
    );
    return {
      slowestChangeMs: Math.max(...Object.values(changes)),
      changes,
      changeRuns,
      initialJsBytes: js.bytes,
      initialJsGzipBytes: js.gzipBytes,
      initialJsFiles: js.files,
      firstRowsMs: median(loads.map((l) => l.firstRowsMs)),
      allRowsMs: median(loads.map((l) => l.allRowsMs)),
      resources: server.ready.resources,
      rowsShown: Math.max(...loads.map((l) => l.rows)),
      loads,
      startSeconds,
      firstScanMs: server.ready.firstScanMs,
      chromium: browser.version(),
      method:
        'Fresh browser context per load with the signed-in session restored into sessionStorage; ' +
        'first rows: performance.now() in the page (from navigation start) when a MutationObserver first ' +
        'sees a table row; first page: when the row count has no "loading" notice. Each change: on a fresh ' +
        'load, from performance.now() just before the action until a requestAnimationFrame poll sees rows ' +
        'that match it with no page on its way. Medians of the runs.',
    };
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
}

/** Inventories larger than this are written to the table directly instead of scanned (see serve). */
const SCANNED_UP_TO = 10_000;

/**
 * `--serve`: the local HostMaster over a generated fleet, until SIGTERM. Up to 10,000 resources the
 * fleet is scanned at start, as a user's first `npm start` would. A larger inventory is written to
 * the table as a scan would have written it (the generator's resources, their ARNs, a ScanRun per
 * account and region so the accounts list has them), while the sandbox holds a small fleet for the
 * start-up scan: what is measured is the dashboard and the API over 100,000 stored resources, not
 * the time a shared two-core machine takes to scan them.
 */
async function serve(resources: number): Promise<void> {
  const { startLocal } = await import('../local/start-local');
  const { freePort } = await import('../local/ports');
  const { countResources, generateFleet } = await import('../sandbox/generator');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hostmaster-bench-dashboard-'));
  const seeded = resources > SCANNED_UP_TO;
  const inventory = generateFleet({ seed: 20261123, accounts: 10, regions: 4, resources });
  const fleet = seeded ? generateFleet({ seed: 7, accounts: 2, regions: 1, resources: 50 }) : inventory;
  const sampleAccount = inventory.accounts[2] ?? inventory.accounts[0]!;
  const log = (line: string) => console.error(line);
  const local = await startLocal({
    port: await freePort(),
    dataDir,
    fleet,
    scanIntervalMinutes: 24 * 60,
    log,
  });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await local.stop().catch((error: unknown) => console.error('stop failed', error));
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  try {
    await local.scansIdle();
    if (seeded) await seedInventory(inventory, log);
    const admin = local.users.find((user) => user.group === 'admin');
    if (!admin) throw new Error('startLocal created no admin user');
    const ready: Ready = {
      url: local.url,
      email: admin.email,
      password: admin.password,
      resources: countResources(inventory),
      firstScanMs: local.scans[0]?.durationMs ?? null,
      sampleAccountId: sampleAccount.id,
      sampleRegion: sampleAccount.regions[1] ?? sampleAccount.regions[0]!,
      samplePrefix: 'web',
    };
    process.stdout.write(`${READY}${JSON.stringify(ready)}\n`);
  } catch (error) {
    console.error(error);
    await shutdown();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'bench-results/bench.json' },
      resources: { type: 'string', default: '100000' },
      loads: { type: 'string', default: '3' },
      serve: { type: 'boolean', default: false },
    },
  });
  if (values.serve) {
    await serve(Number(values.resources));
  } else {
    const { mergeSection } = await import('./results');
    const section = await runDashboardBench({
      resources: Number(values.resources),
      loads: Number(values.loads),
      log: (line) => console.error(`[dashboard] ${line}`),
    });
    await mergeSection(values.out!, 'dashboard', {
      ...section,
      environment: { node: process.version, platform: process.platform, at: new Date().toISOString() },
    });
    console.error(`[dashboard] written to ${values.out}`);
  }
}

/** Writes the fleet's resources and a ScanRun per scope to the local table, as scans would have. */
async function seedInventory(inventory: Fleet, log: (line: string) => void): Promise<void> {
  const { toResources } = await import('./cost');
  const { createDocumentClient } = await import('../../functions/adapters/dynamodb/document-client');
  const { DynamoDbResourceStore } = await import('../../functions/adapters/dynamodb/resource-store');
  const { DynamoDbScanRunStore } = await import('../../functions/adapters/dynamodb/scan-run-store');
  const started = performance.now();
  const client = createDocumentClient();
  const tableName = process.env.TABLE_NAME ?? '';
  const { resources } = toResources(inventory);
  const store = new DynamoDbResourceStore(client, tableName);
  for (let i = 0; i < resources.length; i += 5_000) await store.putMany(resources.slice(i, i + 5_000));
  const runs = new DynamoDbScanRunStore(client, tableName);
  const at = new Date().toISOString();
  for (const account of inventory.accounts) {
    for (const region of ['global', ...account.regions]) {
      const scoped = resources.filter((r) => r.accountId === account.id && r.region === region);
      await runs.put({
        scanId: 'bench-seed',
        accountId: account.id,
        region,
        startedAt: at,
        finishedAt: at,
        durationMs: 0,
        status: 'succeeded',
        counts: Object.fromEntries(
          [...new Set(scoped.map((r) => r.type))].map((type) => [
            type,
            scoped.filter((r) => r.type === type).length,
          ]),
        ),
        changes: { added: scoped.length, updated: 0, gone: 0, unchanged: 0 },
        apiCalls: 0,
        retries: 0,
        errors: [],
      });
    }
  }
  log(`seeded ${resources.length} resources in ${Math.round(performance.now() - started)} ms`);
}
