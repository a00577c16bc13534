/**
 * Runs once before the whole suite: builds the dashboard if it is stale, so every file that
 * synthesizes the hub (integration tests, infra tests) finds it, whatever order files run in.
 */
import { buildFrontendIfStale } from './local/frontend-build';

export default function setup(): void {
  buildFrontendIfStale((line) => process.stdout.write(`${line}\n`));
}
