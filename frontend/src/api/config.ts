import { ConfigError } from './errors';

/** What a deployment tells the dashboard at startup, so one build serves every deployment. */
export interface RuntimeConfig {
  /** Base URL of the API. @default '/api' */
  readonly apiUrl: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  /**
   * Cognito endpoint (cognito-local in local mode).
   * @default `https://cognito-idp.<region>.amazonaws.com/`
   */
  readonly cognitoEndpoint?: string;
}

function requiredString(source: Record<string, unknown>, name: string): string {
  const value = source[name];
  if (typeof value !== 'string' || value === '') {
    throw new ConfigError(`config.json is missing "${name}"`);
  }
  return value;
}

/** Validates a parsed `/config.json`, naming the first missing field. */
export function parseRuntimeConfig(value: unknown): RuntimeConfig {
  if (typeof value !== 'object' || value === null) throw new ConfigError('config.json is not an object');
  const source = value as Record<string, unknown>;
  const apiUrl = typeof source.apiUrl === 'string' && source.apiUrl !== '' ? source.apiUrl : '/api';
  const cognitoEndpoint = source.cognitoEndpoint;
  return {
    apiUrl: apiUrl.replace(/\/+$/, ''),
    region: requiredString(source, 'region'),
    userPoolId: requiredString(source, 'userPoolId'),
    userPoolClientId: requiredString(source, 'userPoolClientId'),
    ...(typeof cognitoEndpoint === 'string' && cognitoEndpoint !== '' ? { cognitoEndpoint } : {}),
  };
}

/** The Cognito endpoint to call: the configured one, or the public regional endpoint. */
export function cognitoEndpointOf(config: RuntimeConfig): string {
  return config.cognitoEndpoint ?? `https://cognito-idp.${config.region}.amazonaws.com/`;
}

/** Fetches and validates the runtime configuration. */
export async function loadRuntimeConfig(
  url: string,
  fetchImpl: typeof fetch = fetch,
): Promise<RuntimeConfig> {
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { Accept: 'application/json' } });
  } catch {
    throw new ConfigError('The dashboard could not reach its server to load config.json.');
  }
  if (!response.ok) throw new ConfigError(`config.json could not be loaded (HTTP ${response.status})`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ConfigError('config.json is not valid JSON');
  }
  return parseRuntimeConfig(body);
}
