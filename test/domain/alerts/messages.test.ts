import { describe, expect, it } from 'vitest';
import { decide } from '../../../functions/domain/alerts/decide';
import { EMPTY_LEDGER } from '../../../functions/domain/alerts/ledger';
import {
  emailSubject,
  emailText,
  renderMessage,
  resourceLink,
  SMS_MAX_LENGTH,
  smsText,
} from '../../../functions/domain/alerts/messages';
import { at, crash, INSTANCE_ARN, POLICY, T0 } from './fixtures';

const opened = decide({ ledger: EMPTY_LEDGER }, crash(), T0, POLICY).alert!;
const LINK =
  'https://hostmaster.example.com/#/resources/arn:aws:ec2:eu-west-1:111111111111:instance%2Fi-0abc123def4567890';

describe('alert messages', () => {
  it('links to the resource page of the hash-routed dashboard, the id encoded but readable', () => {
    // Act
    const link = resourceLink('https://hostmaster.example.com/', INSTANCE_ARN);
    // Assess
    expect(link).toBe(LINK);
    expect(decodeURIComponent(link.split('#/resources/')[1]!)).toBe(INSTANCE_ARN);
  });

  it('says what, where, since when and links to the resource in the email', () => {
    // Act
    const text = emailText(opened, 'opened', POLICY.dashboardUrl);
    // Assess
    expect(text).toContain('CRITICAL: Instance stopped unexpectedly (Server.InternalError) (web-1)');
    expect(text).toContain('Where:    account 111111111111, region eu-west-1');
    expect(text).toContain(`Resource: web-1 (${INSTANCE_ARN})`);
    expect(text).toContain('Since:    2026-11-23 12:00 UTC');
    expect(text).toContain(`Link:     ${LINK}`);
    expect(emailSubject(opened, 'opened')).toBe(
      '[HostMaster] CRITICAL: Instance stopped unexpectedly (Server.InternalError) - web-1',
    );
  });

  it('fits an SMS in one 160-character ASCII segment, linking the resource when it fits', () => {
    // Prepare
    const local = 'http://localhost:3000';
    const shortArn = {
      ...opened,
      resourceId: 'arn:aws:rds:eu-west-1:111111111111:db:a',
      title: 'Instance stopped',
    };
    // Act
    const long = smsText(opened, 'opened', POLICY.dashboardUrl);
    const short = smsText(shortArn, 'opened', local);
    // Assess
    for (const sms of [long, short]) {
      expect(sms.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
      expect(sms).toMatch(/^[\x20-\x7e]+$/);
      expect(sms).toContain('HostMaster CRITICAL: Instance stopped');
      expect(sms).toContain('| web-1 | 111111111111/eu-west-1 since 12:00Z');
    }
    expect(short.endsWith(resourceLink(local, shortArn.resourceId))).toBe(true);
    expect(long.endsWith('https://hostmaster.example.com/#/alerts')).toBe(true);
  });

  it('shortens a long title and name rather than dropping the place or the link', () => {
    // Prepare
    const long = {
      ...opened,
      title:
        'Instance stopped unexpectedly because the underlying host suffered an unrecoverable hardware failure',
      resourceName: 'payments-api-production-blue-green-canary-worker-7 – eu',
    };
    // Act
    const sms = smsText(long, 'opened', POLICY.dashboardUrl);
    // Assess
    expect(sms.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
    expect(sms).toContain('...');
    expect(sms).toContain('111111111111/eu-west-1');
    expect(sms).toMatch(/^[\x20-\x7e]+$/);
  });

  it('tells how long it lasted in the resolution', () => {
    // Prepare
    const resolved = { ...opened, status: 'resolved' as const, resolvedAt: at(65).toISOString() };
    // Act
    const sms = renderMessage(resolved, 'resolved', 'sms', POLICY.dashboardUrl);
    const email = renderMessage(resolved, 'resolved', 'email', POLICY.dashboardUrl);
    // Assess
    expect(sms.text).toContain('HostMaster RESOLVED:');
    expect(sms.text).toContain('after 1h 5m');
    expect(email.subject).toMatch(/^\[HostMaster\] RESOLVED: /);
    expect(email.text).toContain('Resolved: 2026-11-23 13:05 UTC');
  });
});
