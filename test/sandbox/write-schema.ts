/**
 * Writes `fleet.schema.json` from the zod schemas (`npm run fleet:schema`); a test keeps the
 * committed file equal to this output.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { FleetSchema } from './fleet';

export const SCHEMA_PATH = fileURLToPath(new URL('./fleet.schema.json', import.meta.url));

/** The JSON Schema of fleet files, as the text committed beside `fleet.ts`. */
export function fleetJsonSchema(): string {
  const schema = z.toJSONSchema(FleetSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'HostMaster sandbox fleet' }, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_PATH, fleetJsonSchema());
  console.log(`wrote ${SCHEMA_PATH}`);
}
