/**
 * `npm run bench -- --out FILE [--only scan]`: runs the benchmark sections and merges each into the
 * results file (see results.ts). Add a section by writing its module and listing it in SECTIONS.
 */
import { parseArgs } from 'node:util';
import { runAlertsBenchmark } from './alerts';
import { runBundlesBench } from './bundles';
import { runCostBenchmark } from './cost';
import { runDashboardBench } from './dashboard';
import { runRemediationBenchmark } from './remediation';
import { mergeSection } from './results';
import { runScaleBench } from './scale';
import { runScanBenchmark } from './scan';
import { runSchedulesBenchmark } from './schedules';
import { runSecurityBenchmark } from './security';

const SECTIONS: Readonly<Record<string, (log: (line: string) => void) => Promise<unknown>>> = {
  scan: (log) => runScanBenchmark({ log }),
  cost: (log) => runCostBenchmark({ log }),
  security: (log) => runSecurityBenchmark({ log }),
  bundles: (log) => runBundlesBench({ log }),
  dashboard: (log) => runDashboardBench({ log }),
  schedules: (log) => runSchedulesBenchmark({ log }),
  scale: (log) => runScaleBench({ log }),
  remediation: (log) => runRemediationBenchmark({ log }),
  // Last: it points the process's AWS endpoints at its own sandbox and dynalite.
  alerts: (log) => runAlertsBenchmark({ log }),
};

const { values } = parseArgs({
  options: { out: { type: 'string', default: 'bench-results/bench.json' }, only: { type: 'string' } },
});
const out = values.out!;
const names = values.only ? values.only.split(',') : Object.keys(SECTIONS);
for (const name of names) {
  const section = SECTIONS[name];
  if (!section) {
    console.error(`unknown section '${name}'; known: ${Object.keys(SECTIONS).join(', ')}`);
    process.exit(2);
  }
  const result = await section((line) => console.error(`[${name}] ${line}`));
  await mergeSection(out, name, {
    ...(result as object),
    environment: { node: process.version, platform: process.platform, at: new Date().toISOString() },
  });
  console.error(`[${name}] written to ${out}`);
}
