/** Opaque page cursors: base64url JSON, so callers cannot depend on what is inside. */
import { ValidationError } from './errors';

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * Thrown for a cursor the store or API did not issue: the client's mistake, so it is a validation
 * error on `cursor` and the HTTP mapping answers 400 like any other bad parameter.
 */
export class InvalidCursorError extends ValidationError {
  constructor() {
    super([{ parameter: 'cursor', message: 'is not a cursor this API issued' }]);
  }
}

export function decodeCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
}
