import { z } from 'zod';
import { EXCEPTION_REMINDER_DAYS } from '../../domain/alerts/digest';
import { alertingOf } from './alerting';
import type { Operation } from './operation';
import { parseInput } from './parse';

const DigestQuerySchema = z.object({ kind: z.enum(['daily', 'weekly']).default('daily') });

/** `GET /digest/preview?kind=daily|weekly`: the next digest as it would be sent now, without sending it. */
export const previewDigest: Operation<'previewDigest'> = async (request, dependencies) => {
  const { kind } = parseInput(DigestQuerySchema, request.query);
  const digest = await alertingOf(dependencies).previewDigest(kind);
  return {
    body: {
      kind: digest.kind,
      from: digest.from,
      to: digest.to,
      empty: digest.empty,
      subject: digest.subject,
      text: digest.text,
      counts: {
        openAlerts: digest.openAlerts.length,
        openedAlerts: digest.openedAlerts.length,
        resolvedAlerts: digest.resolvedAlerts.length,
        newFindings: digest.newFindings.length,
        resolvedFindings: digest.resolvedFindings.length,
        expiringExceptions: digest.expiringExceptions.length,
      },
      ...(digest.cost ? { cost: digest.cost } : {}),
      ...(digest.expiringExceptions.length === 0
        ? {}
        : {
            expiringExceptions: {
              withinDays: EXCEPTION_REMINDER_DAYS,
              items: digest.expiringExceptions,
            },
          }),
    },
  };
};
