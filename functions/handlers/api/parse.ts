import { z } from 'zod';
import { ValidationError } from '../../shared/errors';

/**
 * Parses raw request values with a zod schema; a failure becomes a ValidationError naming each
 * offending parameter (`limit: must be an integer between 1 and 500`).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      parameter: issue.path.length > 0 ? issue.path.join('.') : 'body',
      message: issue.message,
    })),
  );
}

/** An optional integer query parameter within [min, max], `fallback` when absent. */
export function integerParameter(min: number, max: number, fallback: number) {
  return z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return fallback;
      const parsed = Number(value);
      if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
        context.addIssue({ code: 'custom', message: `must be an integer between ${min} and ${max}` });
        return z.NEVER;
      }
      return parsed;
    });
}

/** An optional `true`/`false` query parameter, `false` when absent. */
export function booleanParameter() {
  return z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .optional()
    .transform((value) => value === 'true');
}

/** An opaque pagination cursor: bounded so a client cannot send megabytes of it. */
export const cursorParameter = z.string().max(2048, 'must be at most 2048 characters').optional();
