import { describe, expect, it } from 'vitest';
import {
  InvalidAlertSettingError,
  readAlertEnvironment,
} from '../../../functions/handlers/wiring/alert-environment';

const BASE = {
  TABLE_NAME: 'hostmaster',
  EMAIL_TOPIC_ARN: 'arn:aws:sns:us-east-1:111111111111:email',
  SMS_TOPIC_ARN: 'arn:aws:sns:us-east-1:111111111111:sms',
};

describe('readAlertEnvironment', () => {
  it('accepts an absolute dashboard address, since links in emails and SMS must lead somewhere', () => {
    // Act
    const environment = readAlertEnvironment({ ...BASE, DASHBOARD_URL: 'https://d1234.cloudfront.net' });

    // Assess
    expect(environment.DASHBOARD_URL).toBe('https://d1234.cloudfront.net');
  });

  it.each(['', '/dashboard', 'd1234.cloudfront.net', 'ftp://example.com'])(
    'refuses DASHBOARD_URL=%j in the functions that send',
    (value) => {
      // Act
      const read = () => readAlertEnvironment({ ...BASE, DASHBOARD_URL: value });

      // Assess
      expect(read).toThrow(InvalidAlertSettingError);
      expect(read).toThrow('an absolute http(s) URL of the dashboard');
    },
  );

  it('lets the API, which sends nothing, run before the dashboard address is known', () => {
    // Act
    const environment = readAlertEnvironment({ ...BASE, DASHBOARD_URL: '' }, { dashboardUrlRequired: false });

    // Assess
    expect(environment.DASHBOARD_URL).toBe('');
  });
});
