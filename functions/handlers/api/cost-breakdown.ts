import { z } from 'zod';
import { addDays, breakdown, presentBreakdown, startOfMonth, utcDay } from '../../domain/cost';
import { ValidationError } from '../../shared/errors';
import { costTagKeys } from './cost-shared';
import type { Operation } from './operation';
import { parseInput } from './parse';

/** Longest range one breakdown reads, in days (the cost store holds a few months). */
export const MAX_BREAKDOWN_DAYS = 400;

const day = z.iso.date({ error: 'must be a date YYYY-MM-DD' });
const BreakdownQuerySchema = z.object({
  by: z.enum(['account', 'service', 'region', 'tag'], { error: 'must be account, service, region or tag' }),
  from: day.optional(),
  to: day.optional(),
  tagKey: z.string().min(1).max(128).optional(),
});

/**
 * `GET /cost/breakdown?by=account|service|region|tag&from&to[&tagKey]`: spend between two days
 * (inclusive; default month to date) split by one dimension, largest first, rounded so the parts add
 * up to the total to the cent. Region and tag read the region × tag series of `tagKey` (default the
 * first cost allocation tag the refresh keeps).
 */
export const getCostBreakdown: Operation<'getCostBreakdown'> = async (request, dependencies) => {
  const query = parseInput(BreakdownQuerySchema, request.query);
  const costs = dependencies.costs;
  const today = utcDay(new Date());
  const from = query.from ?? startOfMonth(today);
  const to = query.to ?? today;
  if (from > to) throw new ValidationError([{ parameter: 'from', message: 'must not be after to' }]);
  if (addDays(from, MAX_BREAKDOWN_DAYS) < to) {
    throw new ValidationError([
      { parameter: 'from', message: `range must be at most ${MAX_BREAKDOWN_DAYS} days` },
    ]);
  }
  let seriesId = 'account-service';
  let tagKey: string | undefined;
  if (query.by === 'region' || query.by === 'tag') {
    const keys = await costTagKeys(costs);
    tagKey = query.tagKey ?? keys[0];
    if (tagKey === undefined || !keys.includes(tagKey)) {
      throw new ValidationError([
        {
          parameter: 'tagKey',
          message:
            keys.length === 0
              ? 'no cost allocation tag series is kept (COST_TAG_KEYS)'
              : `must be one of ${keys.join(', ')}`,
        },
      ]);
    }
    seriesId = `region-tag:${tagKey}`;
  }
  const records = await costs.records(seriesId, from, to);
  const presented = presentBreakdown(breakdown(records, query.by, { from, to, tagKey }));
  return { body: { ...presented, currency: 'USD', from, to, ...(tagKey ? { tagKey } : {}) } };
};
