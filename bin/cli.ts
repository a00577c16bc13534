/** `npx hostmaster <command>`: parses the command line and runs the command; exit codes are the commands'. */
import { parseCliArgs, USAGE, UsageError } from './cli/args';
import { runRemediateCommand } from './cli/remediate-command';
import { runScanCommand } from './cli/scan-command';

async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`hostmaster: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (parsed.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const out = { stdout: process.stdout, stderr: process.stderr };
  if (parsed.command === 'remediate') return runRemediateCommand(parsed.options, out);
  return runScanCommand(parsed.options, out);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('hostmaster: unexpected error:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
