/**
 * `tsx test/sandbox/generate.ts --seed 1 --accounts 10 --regions 4 --resources 10000 [--problems 0.15] [--out FILE]`
 * writes a generated fleet file (to stdout without `--out`).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { countResources, generateFleet } from './generator';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    accounts: { type: 'string', default: '10' },
    regions: { type: 'string', default: '4' },
    resources: { type: 'string', default: '10000' },
    problems: { type: 'string', default: '0.15' },
    out: { type: 'string' },
  },
});

const fleet = generateFleet({
  seed: Number(values.seed),
  accounts: Number(values.accounts),
  regions: Number(values.regions),
  resources: Number(values.resources),
  problemShare: Number(values.problems),
});
const text = `${JSON.stringify({ $schema: './fleet.schema.json', ...fleet }, null, 2)}\n`;
if (values.out) {
  writeFileSync(values.out, text);
  console.error(`wrote ${values.out}: ${fleet.accounts.length} accounts, ${countResources(fleet)} resources`);
} else {
  process.stdout.write(text);
}
