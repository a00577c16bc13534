import { healthOverview } from '../../domain/alerts/overview';
import { alertingOf } from './alerting';
import type { Operation } from './operation';

/** `GET /health/overview`: every account's open alerts by severity and the state of its latest scans. */
export const getHealthOverview: Operation<'getHealthOverview'> = async (_request, dependencies) => {
  const { service } = alertingOf(dependencies);
  const [open, acknowledged, runs] = await Promise.all([
    service.list({ status: 'open' }),
    service.list({ status: 'acknowledged' }),
    dependencies.scanRuns.latestPerScope(),
  ]);
  return { body: { items: healthOverview([...open, ...acknowledged], runs) } };
};
