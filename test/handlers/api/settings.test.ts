import { describe, expect, it } from 'vitest';
import { readDeploymentSettings } from '../../../functions/handlers/api/deployment-settings';
import { routeRequest } from '../../../functions/handlers/api/router';
import { apiEvent, dependencies, SETTINGS_ENVIRONMENT } from './fixtures';

describe('GET /settings', () => {
  it('shows an administrator the configuration in force', async () => {
    // Act
    const response = await routeRequest(
      apiEvent({ method: 'GET', resource: '/api/settings', groups: 'admin' }),
      dependencies(),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      accounts: {
        source: 'organizations',
        managementAccountId: '333333333333',
        memberAccounts: [],
        memberOrganizationalUnits: ['ou-ab12-cd34ef56', 'ou-ab12-gh78ij90'],
        memberStackRegions: ['eu-west-1', 'us-east-1'],
      },
      regions: { allow: ['eu-west-1', 'us-east-1'], deny: [] },
      scan: { rate: 'rate(15 minutes)', concurrency: 16 },
      costs: { refreshRate: 'rate(8 hours)', tagKeys: ['team'] },
      alerts: { quietHours: '22:00-07:00 Europe/Paris', smsMonthlyBudgetUsd: 1, smsBudgetIsDefault: true },
      digests: { daily: 'cron(0 8 * * ? *)', weekly: 'cron(0 8 ? * MON *)', timeZone: 'Europe/Paris' },
      rules: { requiredTags: ['owner', 'environment'], requiredTagsSource: 'built-in' },
    });
  });

  it.each(['viewer', 'operator'])('answers 403 to a %s', async (group) => {
    // Act
    const response = await routeRequest(
      apiEvent({ method: 'GET', resource: '/api/settings', groups: group }),
      dependencies(),
    );

    // Assess
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain('333333333333');
  });
});

describe('readDeploymentSettings', () => {
  it('reads a configured SMS budget and registered accounts', () => {
    // Act
    const settings = readDeploymentSettings({
      ...SETTINGS_ENVIRONMENT,
      ACCOUNT_SOURCE: 'registered',
      MEMBER_ACCOUNTS: '111111111111:payments-prod, 222222222222',
      MANAGEMENT_ACCOUNT_ID: '',
      SMS_MONTHLY_BUDGET_USD: '2.50',
      ALERT_QUIET_HOURS: '',
    });

    // Assess
    expect(settings.accounts).toMatchObject({
      source: 'registered',
      managementAccountId: null,
      memberAccounts: ['111111111111', '222222222222'],
    });
    expect(settings.alerts).toEqual({
      quietHours: null,
      smsMonthlyBudgetUsd: 2.5,
      smsBudgetIsDefault: false,
    });
  });

  it('names every missing variable', () => {
    // Prepare
    const { SCAN_RATE: _rate, DIGEST_TIME_ZONE: _zone, ...partial } = SETTINGS_ENVIRONMENT;

    // Act
    const read = () => readDeploymentSettings(partial);

    // Assess
    expect(read).toThrow('Missing environment variable(s): SCAN_RATE, DIGEST_TIME_ZONE');
  });

  it.each([
    ['SCAN_CONCURRENCY', 'many', /SCAN_CONCURRENCY="many" is not valid: expected a positive integer/],
    ['SMS_MONTHLY_BUDGET_USD', '-3', /SMS_MONTHLY_BUDGET_USD="-3" is not valid/],
  ])('refuses a malformed %s', (name, value, message) => {
    // Act
    const read = () => readDeploymentSettings({ ...SETTINGS_ENVIRONMENT, [name]: value });

    // Assess
    expect(read).toThrow(message);
  });
});
