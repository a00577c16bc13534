/** The API answered with an error status; `message` is the API's own `{ message }`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The session is over (the API said 401, or the tokens could not be refreshed): sign in again. */
export class SessionExpiredError extends Error {
  override readonly name = 'SessionExpiredError';
  constructor(message = 'Your session has expired. Please sign in again.') {
    super(message);
  }
}

/** Cognito refused a call; `code` is its exception name, `message` is meant for the person signing in. */
export class CognitoError extends Error {
  override readonly name = 'CognitoError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** `/config.json` is missing or incomplete: the deployment, not the user, has to fix it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The message to show a person for any error the API layer throws. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
