import { z } from 'zod';
import { AlertStatusSchema } from '../../domain/alerts/alert';
import { AccountIdSchema, SeveritySchema } from '../../domain/model';
import { alertingOf } from './alerting';
import type { Operation } from './operation';
import { integerParameter, parseInput } from './parse';

export const MAX_ALERTS_PAGE = 500;

const ListAlertsQuerySchema = z.object({
  status: AlertStatusSchema.optional(),
  severity: SeveritySchema.optional(),
  accountId: AccountIdSchema.optional(),
  resourceId: z.string().max(2048).optional(),
  limit: integerParameter(1, MAX_ALERTS_PAGE, 100),
});

/** `GET /alerts?status&severity&accountId&resourceId&limit`: alerts, most recently changed first. */
export const listAlerts: Operation<'listAlerts'> = async (request, dependencies) => {
  const { limit, ...filters } = parseInput(ListAlertsQuerySchema, request.query);
  const alerts = await alertingOf(dependencies).service.list(filters);
  return { body: { items: alerts.slice(0, limit), total: alerts.length } };
};
