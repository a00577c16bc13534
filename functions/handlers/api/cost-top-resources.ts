import { z } from 'zod';
import { resourceMonthlyCost } from '../../domain/cost/resource-cost';
import { StaticPriceBook } from '../../domain/cost/static-price-book';
import { AccountIdSchema, type Resource } from '../../domain/model';
import { round2 } from './cost-shared';
import type { Operation } from './operation';
import { integerParameter, parseInput } from './parse';

export const MAX_TOP_RESOURCES = 100;
const prices = new StaticPriceBook();

const TopResourcesQuerySchema = z.object({
  accountId: AccountIdSchema.optional(),
  limit: integerParameter(1, MAX_TOP_RESOURCES, 20),
});

/**
 * `GET /cost/top-resources`: the resources that cost most a month at list price (the shipped price
 * table; Cost Explorer's resource-level data needs an opt-in and is billed per resource-day), with
 * what was priced. An estimate of the on-demand run rate, not a bill: discounts are not applied.
 */
export const listTopCostResources: Operation<'listTopCostResources'> = async (request, dependencies) => {
  const query = parseInput(TopResourcesQuerySchema, request.query);
  const resources: Resource[] = [];
  let cursor: string | undefined;
  do {
    const page = await dependencies.resources.query({ accountId: query.accountId, limit: 500, cursor });
    resources.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  const priced = resources.flatMap((resource) => {
    const cost = resourceMonthlyCost(resource, prices);
    return cost ? [{ resource, cost }] : [];
  });
  priced.sort((a, b) => b.cost.monthlyUsd - a.cost.monthlyUsd);
  return {
    body: {
      currency: 'USD',
      method: 'on-demand list price of the current state',
      pricesAsOf: prices.asOf,
      pricedResources: priced.length,
      totalMonthlyUsd: round2(priced.reduce((t, p) => t + p.cost.monthlyUsd, 0)),
      items: priced.slice(0, query.limit).map(({ resource, cost }) => ({
        resourceId: resource.id,
        name: resource.name,
        type: resource.type,
        accountId: resource.accountId,
        region: resource.region,
        service: cost.service,
        monthlyUsd: round2(cost.monthlyUsd),
        basis: cost.basis,
      })),
    },
  };
};
