import { z } from 'zod';
import { auditActor } from '../../domain/posture/audit-event';
import { NotFoundError } from '../../shared/errors';
import { alertingOf } from './alerting';
import { actorOf } from './caller';
import type { Operation } from './operation';
import { parseInput } from './parse';
import { subscriptionTarget } from './subscriptions-create';

const SubscriptionPathSchema = z.object({ id: z.string().min(1, 'is required').max(1024) });

/** `DELETE /subscriptions/{id}`: unsubscribes a recipient of HostMaster's topics, audited with the caller as actor. */
export const deleteSubscription: Operation<'deleteSubscription'> = async (request, dependencies) => {
  const { id } = parseInput(SubscriptionPathSchema, request.pathParameters);
  const { subscriptions } = alertingOf(dependencies);
  const existing = (await subscriptions.list()).find((subscription) => subscription.id === id);
  if (!existing) throw new NotFoundError('Subscription', id);
  await dependencies.audit.record({
    at: new Date().toISOString(),
    ...auditActor(actorOf(request.caller)),
    action: 'subscription.deleted',
    target: subscriptionTarget(existing),
    detail: { id, protocol: existing.protocol, endpoint: existing.endpoint },
  });
  if (!(await subscriptions.unsubscribe(id))) throw new NotFoundError('Subscription', id);
  return { body: { id, deleted: true } };
};
