import type { CostStore } from '../../domain/ports';

/** Tag keys the last cost refresh kept a region × tag series for, from its series ids. */
export async function costTagKeys(costs: CostStore): Promise<string[]> {
  const [last] = await costs.refreshes(1);
  return (last?.seriesIds ?? []).filter((id) => id.startsWith('region-tag:')).map((id) => id.slice(11));
}

export const round2 = (usd: number) => Math.round(usd * 100) / 100;
