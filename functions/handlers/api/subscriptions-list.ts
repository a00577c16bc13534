import { alertingOf } from './alerting';
import type { Operation } from './operation';

/** `GET /subscriptions`: alert recipients as SNS holds them (email pending until confirmed). */
export const listSubscriptions: Operation<'listSubscriptions'> = async (_request, dependencies) => ({
  body: { items: await alertingOf(dependencies).subscriptions.list() },
});
