import type { ReactNode } from 'react';
import { ApiError, describeError } from '../api/errors';

/** An error that stopped a view from loading, with a way to try again. */
export function ErrorMessage({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const status = error instanceof ApiError ? error.status : undefined;
  return (
    <div className="message message-error" role="alert">
      <div>
        <strong>{title ?? (status === 403 ? 'Not allowed' : 'Could not load')}</strong>
        <p>{describeError(error)}</p>
      </div>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Loading({ children = 'Loading…' }: { children?: ReactNode }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {children}
    </div>
  );
}
