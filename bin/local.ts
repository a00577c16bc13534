#!/usr/bin/env node
/**
 * `npm start`: the local HostMaster on loopback. Flags: `--port N` (or PORT), `--fleet FILE` (or
 * HOSTMASTER_FLEET), `--data-dir DIR`, `--scan-interval MINUTES`.
 */
import { parseArgs } from 'node:util';
import { PortInUseError } from '../test/local/ports';
import { startLocal } from '../test/local/start-local';
import { loadFleet } from '../test/sandbox/load-fleet';

// The SDK warns that its 2027 releases will need Node 22; the engines field already says so.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      fleet: { type: 'string' },
      'data-dir': { type: 'string' },
      'scan-interval': { type: 'string' },
    },
  });
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port: not a port number`);
  const interval = Number(values['scan-interval'] ?? process.env.HOSTMASTER_SCAN_INTERVAL ?? 15);
  if (!(interval > 0)) throw new UsageError('--scan-interval: must be a positive number of minutes');
  const fleetFile = values.fleet ?? process.env.HOSTMASTER_FLEET;

  const local = await startLocal({
    port,
    ...(fleetFile ? { fleet: await loadFleet(fleetFile) } : {}),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    scanIntervalMinutes: interval,
    log: (line) => console.log(line),
  });

  console.log('');
  for (const user of local.users) console.log(`Sign in as ${user.group}: ${user.email} / ${user.password}`);
  console.log(`\nOpen ${local.url}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    local.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('stopping failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof PortInUseError || error instanceof UsageError) {
    console.error(error.message);
  } else if (error instanceof Error && error.name === 'FleetValidationError') {
    console.error(error.message);
  } else {
    console.error('HostMaster could not start:', error);
  }
  process.exit(1);
});
