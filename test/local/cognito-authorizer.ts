/**
 * What API Gateway's Cognito user pool authorizer does, for the local API: verify the id token's
 * RS256 signature against the pool's JWKS, its issuer, audience (the app client), `token_use: id`
 * and expiry, then hand the claims to the Lambda flattened to strings.
 *
 * aws-jwt-verify refuses `http://` JWKS URLs and `local_…` pool ids, so this uses the generic
 * `JwtRsaVerifier` with the issuer injected and a fetcher that reads cognito-local's JWKS over http.
 */
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';

export interface CognitoAuthorizerOptions {
  /** The `iss` claim tokens must carry: `<cognito endpoint>/<userPoolId>`. */
  readonly issuer: string;
  readonly jwksUrl: string;
  /** The app client id, which id tokens carry as `aud`. */
  readonly clientId: string;
}

/** Claims as API Gateway passes them to a Lambda proxy integration: every value a string. */
export type AuthorizerClaims = Record<string, string>;

export interface CognitoAuthorizer {
  /** The claims of a valid `Authorization` header value, or undefined when it must be answered 401. */
  authorize(authorization: string | undefined): Promise<AuthorizerClaims | undefined>;
}

export function createCognitoAuthorizer(options: CognitoAuthorizerOptions): CognitoAuthorizer {
  const jwksCache = new SimpleJwksCache({
    fetcher: {
      fetch: async (uri: string) => {
        const response = await fetch(uri, { signal: AbortSignal.timeout(5000) });
        if (!response.ok) throw new Error(`JWKS request to ${uri} answered ${response.status}`);
        return response.arrayBuffer();
      },
    },
  });
  const verifier = JwtRsaVerifier.create(
    {
      issuer: options.issuer,
      audience: options.clientId,
      jwksUri: options.jwksUrl,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') throw new Error('not an id token');
      },
    },
    { jwksCache },
  );
  return {
    async authorize(authorization) {
      const token = authorization?.replace(/^Bearer\s+/i, '').trim();
      if (!token) return undefined;
      try {
        return flattenClaims(await verifier.verify(token));
      } catch {
        return undefined;
      }
    },
  };
}

/** API Gateway turns claim values into strings; a list becomes `a,b`, as the REST authorizer sends groups. */
function flattenClaims(payload: JwtPayload): AuthorizerClaims {
  const claims: AuthorizerClaims = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    claims[name] = Array.isArray(value)
      ? value.join(',')
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  }
  return claims;
}
