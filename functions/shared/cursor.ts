/**
 * Opaque page cursors, one codec family for every store and operation that pages: base64url JSON, so
 * callers cannot depend on what is inside, and validated on the way back in, so a cursor this API did
 * not issue is the client's mistake (400) rather than a DynamoDB ValidationException (500).
 *
 * - a *key cursor* carries a DynamoDB key (the LastEvaluatedKey of a table or an index) and accepts
 *   exactly the key attributes that store issued for that index, each a non-empty string;
 * - an *offset cursor* carries a position in a list sorted in memory and accepts a non-negative integer.
 *
 * Both throw {@link InvalidCursorError} for anything else (https://github.com/hostmaster/issues/10).
 */
import { z } from 'zod';
import { ValidationError } from './errors';

/**
 * Thrown for a cursor the store or API did not issue: the client's mistake, so it is a validation
 * error on `cursor` and the HTTP mapping answers 400 like any other bad parameter.
 */
export class InvalidCursorError extends ValidationError {
  constructor() {
    super([{ parameter: 'cursor', message: 'is not a cursor this API issued' }]);
  }
}

/** DynamoDB's limit on a partition key value (sort keys allow 1,024 bytes; the stricter check is the store's). */
const MAX_KEY_VALUE_LENGTH = 2048;

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodeJson(cursor: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError();
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
}

export interface KeyCursor<K extends string> {
  /** The attributes, in the order the schema names them. */
  readonly attributes: readonly K[];
  /** Encodes a LastEvaluatedKey (or a key built from an item); throws if an attribute is missing. */
  encode(key: Readonly<Record<string, unknown>>): string;
  /**
   * Decodes a cursor into exactly the key attributes. `fixed` pins attributes whose value the query
   * already decides (the partition a Query reads): a cursor from another partition is rejected too,
   * since DynamoDB would refuse a start key outside the query's key condition.
   */
  decode(cursor: string, fixed?: Partial<Readonly<Record<K, string>>>): Record<K, string>;
}

/**
 * A codec for cursors holding one store's DynamoDB key (per table or index: a table key is `pk, sk`;
 * a gsi key adds the index's two attributes). Anything else (other names, extra names, numbers,
 * arrays, nested objects, `__proto__`) is an {@link InvalidCursorError}.
 */
export function keyCursor<const K extends string>(attributes: readonly [K, ...K[]]): KeyCursor<K> {
  const shape = Object.fromEntries(
    attributes.map((name) => [name, z.string().min(1).max(MAX_KEY_VALUE_LENGTH)]),
  ) as Record<K, z.ZodString>;
  const schema = z.strictObject(shape);
  return {
    attributes,
    encode(key) {
      const picked: Record<string, unknown> = {};
      for (const name of attributes) {
        const value = key[name];
        if (typeof value !== 'string') throw new TypeError(`key attribute ${name} is not a string`);
        picked[name] = value;
      }
      return encodeJson(picked);
    },
    decode(cursor, fixed) {
      const parsed = schema.safeParse(decodeJson(cursor));
      if (!parsed.success) throw new InvalidCursorError();
      const key = parsed.data as Record<K, string>;
      for (const [name, value] of Object.entries(fixed ?? {}) as [K, string | undefined][]) {
        if (value !== undefined && key[name] !== value) throw new InvalidCursorError();
      }
      // A null-prototype copy: the key goes to the SDK, which walks its own properties only.
      return Object.assign(Object.create(null) as Record<K, string>, key);
    },
  };
}

const OffsetCursorSchema = z.strictObject({ o: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) });

/** A codec for cursors holding a position in a list sorted in memory. */
export const offsetCursor = {
  encode(offset: number): string {
    if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`not an offset: ${offset}`);
    return encodeJson({ o: offset });
  },
  /** The offset, 0 without a cursor. */
  decode(cursor: string | undefined): number {
    if (cursor === undefined) return 0;
    const parsed = OffsetCursorSchema.safeParse(decodeJson(cursor));
    if (!parsed.success) throw new InvalidCursorError();
    return parsed.data.o;
  },
} as const;

export interface SchemaCursor<T> {
  encode(value: T): string;
  /** Decodes and validates a cursor; anything the schema refuses is an {@link InvalidCursorError}. */
  decode(cursor: string): T;
}

/**
 * A codec for a cursor of a shape of its own (several keys, a position and an order), validated by
 * a zod schema that the store builds for the query at hand, so a cursor issued for other filters is
 * refused too. Key attributes inside it belong in a strict object, as in {@link keyCursor}.
 */
export function schemaCursor<T>(schema: z.ZodType<T>): SchemaCursor<T> {
  return {
    encode: (value) => encodeJson(value),
    decode(cursor) {
      const parsed = schema.safeParse(decodeJson(cursor));
      if (!parsed.success) throw new InvalidCursorError();
      return parsed.data;
    },
  };
}

/** A key attribute value inside a cursor: a non-empty string no longer than DynamoDB allows. */
export const cursorKeyValue = z.string().min(1).max(MAX_KEY_VALUE_LENGTH);
