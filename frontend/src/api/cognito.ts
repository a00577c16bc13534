/**
 * The two Cognito user-pool calls the dashboard needs, made with plain `fetch` (the AWS SDK would
 * multiply the initial JavaScript for two JSON requests). Wire format: awsJson1_1.
 */
import { CognitoError } from './errors';

/** Tokens Cognito hands out; the refresh token is absent from a refresh response. */
export interface CognitoTokens {
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** Lifetime of the id and access tokens in seconds. */
  readonly expiresIn: number;
}

export type SignInResult =
  | { readonly kind: 'signed-in'; readonly tokens: CognitoTokens }
  /** A user created by an administrator must choose a password before the first sign-in completes. */
  | { readonly kind: 'new-password-required'; readonly session: string; readonly username: string };

export interface CognitoClient {
  signIn(username: string, password: string): Promise<SignInResult>;
  completeNewPassword(username: string, newPassword: string, session: string): Promise<SignInResult>;
  refresh(refreshToken: string): Promise<CognitoTokens>;
}

export interface CognitoClientOptions {
  /** Cognito endpoint URL, for example `https://cognito-idp.eu-west-1.amazonaws.com/`. */
  readonly endpoint: string;
  readonly clientId: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

const GENERIC_FAILURE = 'Sign-in failed. Please try again.';

/**
 * Messages for exceptions whose own text is not meant for a person, or which would reveal whether
 * an account exists (real pools hide that; cognito-local does not).
 */
const MESSAGES: Record<string, string> = {
  UserNotFoundException: 'Incorrect username or password.',
  TooManyRequestsException: 'Too many attempts. Please wait a moment and try again.',
  LimitExceededException: 'Too many attempts. Please wait a moment and try again.',
};

interface AuthenticationResult {
  IdToken?: string;
  AccessToken?: string;
  RefreshToken?: string;
  ExpiresIn?: number;
}

interface AuthResponse {
  AuthenticationResult?: AuthenticationResult;
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
}

/**
 * A wrong password at sign-in reads "Incorrect username or password." whoever answers: Cognito says
 * so with NotAuthorizedException, cognito-local answers InvalidPasswordException "Invalid password".
 * NotAuthorizedException messages that say something more useful (a disabled user, too many
 * attempts, an expired temporary password) are kept.
 */
const INFORMATIVE_NOT_AUTHORIZED = /disabled|attempts|expired|reset/i;

function wrongPasswordMessage(error: unknown): unknown {
  if (!(error instanceof CognitoError)) return error;
  const wrongPassword =
    error.code === 'InvalidPasswordException' ||
    (error.code === 'NotAuthorizedException' && !INFORMATIVE_NOT_AUTHORIZED.test(error.message));
  return wrongPassword ? new CognitoError(error.code, 'Incorrect username or password.') : error;
}

/** `com.amazonaws...#NotAuthorizedException` and `NotAuthorizedException:...` both name the same error. */
function errorCode(raw: string): string {
  const afterHash = raw.includes('#') ? raw.slice(raw.lastIndexOf('#') + 1) : raw;
  return afterHash.split(':')[0] ?? afterHash;
}

export function createCognitoClient(options: CognitoClientOptions): CognitoClient {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function call(target: string, body: object): Promise<AuthResponse> {
    let response: Response;
    try {
      response = await fetchImpl(options.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': `AWSCognitoIdentityProviderService.${target}`,
        },
        body: JSON.stringify(body),
      });
    } catch {
      throw new CognitoError('NetworkError', 'The sign-in service could not be reached.');
    }
    const payload = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      const rawCode = String(payload.__type ?? response.headers.get('x-amzn-errortype') ?? 'UnknownError');
      const code = errorCode(rawCode);
      const serverMessage = payload.message ?? payload.Message;
      const message =
        MESSAGES[code] ??
        (typeof serverMessage === 'string' && serverMessage ? serverMessage : GENERIC_FAILURE);
      throw new CognitoError(code, message);
    }
    return payload as AuthResponse;
  }

  function toTokens(result: AuthenticationResult | undefined): CognitoTokens {
    if (!result?.IdToken || !result.AccessToken) {
      throw new CognitoError('InvalidResponse', GENERIC_FAILURE);
    }
    return {
      idToken: result.IdToken,
      accessToken: result.AccessToken,
      ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
      expiresIn: result.ExpiresIn ?? 3600,
    };
  }

  function toSignInResult(response: AuthResponse, username: string): SignInResult {
    if (response.AuthenticationResult)
      return { kind: 'signed-in', tokens: toTokens(response.AuthenticationResult) };
    if (response.ChallengeName === 'NEW_PASSWORD_REQUIRED' && response.Session) {
      return {
        kind: 'new-password-required',
        session: response.Session,
        username: response.ChallengeParameters?.USER_ID_FOR_SRP ?? username,
      };
    }
    throw new CognitoError(
      response.ChallengeName ?? 'InvalidResponse',
      response.ChallengeName
        ? `This account needs a sign-in step the dashboard does not support (${response.ChallengeName}).`
        : GENERIC_FAILURE,
    );
  }

  return {
    async signIn(username, password) {
      try {
        const response = await call('InitiateAuth', {
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: options.clientId,
          AuthParameters: { USERNAME: username, PASSWORD: password },
        });
        return toSignInResult(response, username);
      } catch (error) {
        throw wrongPasswordMessage(error);
      }
    },
    async completeNewPassword(username, newPassword, session) {
      const response = await call('RespondToAuthChallenge', {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        ClientId: options.clientId,
        Session: session,
        ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
      });
      return toSignInResult(response, username);
    },
    async refresh(refreshToken) {
      const response = await call('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: options.clientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      });
      return toTokens(response.AuthenticationResult);
    },
  };
}
