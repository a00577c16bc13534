import { MemoryCostStore } from '../../adapters/memory/cost-store';
import type { CostStore } from '../../domain/ports';
import type { ApiDependencies } from './operation';

/**
 * No cost store wired (tests and tools built before the cost routes existed) reads as "no cost data
 * yet", like a deployment before its first cost refresh; the Lambda always wires the DynamoDB one.
 */
const NO_COST_DATA = new MemoryCostStore();

export function costStoreOf(dependencies: ApiDependencies): CostStore {
  return dependencies.costs ?? NO_COST_DATA;
}

/** Tag keys the last cost refresh kept a region × tag series for, from its series ids. */
export async function costTagKeys(costs: CostStore): Promise<string[]> {
  const [last] = await costs.refreshes(1);
  return (last?.seriesIds ?? []).filter((id) => id.startsWith('region-tag:')).map((id) => id.slice(11));
}

export const round2 = (usd: number) => Math.round(usd * 100) / 100;
