import { describe, expect, it } from 'vitest';
import { cognitoEndpointOf, loadRuntimeConfig, parseRuntimeConfig } from '../../../frontend/src/api/config';
import { ConfigError } from '../../../frontend/src/api/errors';
import { fakeFetch, jsonResponse } from '../fake-fetch';

const minimal = { region: 'eu-west-1', userPoolId: 'eu-west-1_abc', userPoolClientId: 'client-1' };

describe('runtime config', () => {
  it('defaults the API to /api and Cognito to the regional endpoint', () => {
    // Act
    const config = parseRuntimeConfig(minimal);

    // Assess
    expect(config.apiUrl).toBe('/api');
    expect(cognitoEndpointOf(config)).toBe('https://cognito-idp.eu-west-1.amazonaws.com/');
  });

  it('uses a configured Cognito endpoint and strips the trailing slash of the API URL', () => {
    // Act
    const config = parseRuntimeConfig({
      ...minimal,
      apiUrl: 'https://x.example/api/',
      cognitoEndpoint: 'http://127.0.0.1:9229/',
    });

    // Assess
    expect(config.apiUrl).toBe('https://x.example/api');
    expect(cognitoEndpointOf(config)).toBe('http://127.0.0.1:9229/');
  });

  it('names the missing field', () => {
    // Act
    const parse = () => parseRuntimeConfig({ region: 'eu-west-1', userPoolId: 'p' });

    // Assess
    expect(parse).toThrow(new ConfigError('config.json is missing "userPoolClientId"'));
  });

  it('reports an unreachable or failing config.json as a configuration error', async () => {
    // Prepare
    const failing = fakeFetch(jsonResponse(404, { message: 'nope' }));

    // Act
    const result = loadRuntimeConfig('/config.json', failing.fetch);

    // Assess
    await expect(result).rejects.toThrow('config.json could not be loaded (HTTP 404)');
  });
});
