import { z } from 'zod';
import { NotFoundError } from '../../shared/errors';
import { alertingOf } from './alerting';
import type { Operation } from './operation';
import { parseInput } from './parse';

const SubscriptionPathSchema = z.object({ id: z.string().min(1, 'is required').max(1024) });

/** `DELETE /subscriptions/{id}`: unsubscribes a recipient of HostMaster's topics. */
export const deleteSubscription: Operation = async (request, dependencies) => {
  const { id } = parseInput(SubscriptionPathSchema, request.pathParameters);
  if (!(await alertingOf(dependencies).subscriptions.unsubscribe(id)))
    throw new NotFoundError('Subscription', id);
  return { body: { id, deleted: true } };
};
