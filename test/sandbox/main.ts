/**
 * `tsx test/sandbox/main.ts --fleet FILE [--port N] [--seed N] [--host H]`: serves a fleet file and
 * prints one line with the endpoint. Stops on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { loadFleet } from './load-fleet';
import { startSandbox } from './server';

const { values } = parseArgs({
  options: {
    fleet: { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string', default: '1' },
  },
});
if (!values.fleet) {
  console.error('usage: tsx test/sandbox/main.ts --fleet FILE [--port N] [--seed N] [--host H]');
  process.exit(2);
}
const sandbox = await startSandbox({
  fleet: await loadFleet(values.fleet),
  port: Number(values.port),
  host: values.host,
  seed: Number(values.seed),
});
console.log(`sandbox listening on ${sandbox.endpoint}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    sandbox.stop().then(() => process.exit(0));
  });
}
