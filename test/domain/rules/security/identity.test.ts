import { describe, expect, it } from 'vitest';
import { cloudtrailNotMultiRegionLogging } from '../../../../functions/domain/rules/security/cloudtrail-not-multi-region-logging';
import { iamAccessKeyNotRotated } from '../../../../functions/domain/rules/security/iam-access-key-not-rotated';
import { iamConsoleUserWithoutMfa } from '../../../../functions/domain/rules/security/iam-console-user-without-mfa';
import { iamCredentialsUnused } from '../../../../functions/domain/rules/security/iam-credentials-unused';
import { iamRootAccessKeysPresent } from '../../../../functions/domain/rules/security/iam-root-access-keys-present';
import { iamRootMfaDisabled } from '../../../../functions/domain/rules/security/iam-root-mfa-disabled';
import { accountSummary, contextWith, daysAgo, iamUser, judge, trail } from './builders';

describe('iam-access-key-not-rotated', () => {
  it('flags an active key 120 days old, with its age in the title and evidence', () => {
    const user = iamUser({
      accessKeys: [{ id: '1', active: true, lastRotated: daysAgo(120), lastUsed: daysAgo(1) }],
    });
    expect(judge(iamAccessKeyNotRotated, user)).toMatchObject({
      kind: 'non-compliant',
      title: 'IAM user has an active access key 120 days old',
      evidence: { keys: [{ key: '1', ageDays: 120 }], maxAgeDays: 90 },
    });
  });
  it('accepts a 90-day-old key and ignores an old inactive one', () => {
    const user = iamUser({
      accessKeys: [
        { id: '1', active: true, lastRotated: daysAgo(90), lastUsed: daysAgo(1) },
        { id: '2', active: false, lastRotated: daysAgo(900) },
      ],
    });
    expect(judge(iamAccessKeyNotRotated, user)).toEqual({ kind: 'compliant' });
  });
  it('does not apply to a user without active keys', () => {
    const user = iamUser({ accessKeys: [{ id: '1', active: false, lastRotated: daysAgo(900) }] });
    expect(judge(iamAccessKeyNotRotated, user)).toEqual({ kind: 'not-applicable' });
  });
});

describe('iam-credentials-unused', () => {
  it('flags a key unused for 60 days and a console password never used in a year', () => {
    const user = iamUser({
      createDate: daysAgo(365),
      passwordEnabled: true,
      passwordLastUsed: undefined,
      accessKeys: [{ id: '1', active: true, lastRotated: daysAgo(80), lastUsed: daysAgo(60) }],
    });
    expect(judge(iamCredentialsUnused, user)).toMatchObject({
      kind: 'non-compliant',
      evidence: {
        credentials: [
          { credential: 'console password', lastUsed: 'never', unusedDays: 365 },
          { credential: 'access key 1', unusedDays: 60 },
        ],
        maxUnusedDays: 45,
      },
    });
  });
  it('gives a new, never-used key its grace period', () => {
    const user = iamUser({
      passwordEnabled: false,
      accessKeys: [{ id: '1', active: true, lastRotated: daysAgo(10) }],
    });
    expect(judge(iamCredentialsUnused, user)).toEqual({ kind: 'compliant' });
  });
  it('does not apply to a user with neither a password nor an active key', () => {
    const user = iamUser({ passwordEnabled: false, accessKeys: [] });
    expect(judge(iamCredentialsUnused, user)).toEqual({ kind: 'not-applicable' });
  });
});

describe('iam-console-user-without-mfa', () => {
  it('flags a console user without MFA', () => {
    expect(judge(iamConsoleUserWithoutMfa, iamUser({ mfaActive: false }))).toMatchObject({
      kind: 'non-compliant',
      evidence: { passwordEnabled: true, mfaActive: false },
    });
  });
  it('accepts a console user with MFA', () => {
    expect(judge(iamConsoleUserWithoutMfa, iamUser())).toEqual({ kind: 'compliant' });
  });
  it('does not apply to programmatic-only users', () => {
    expect(judge(iamConsoleUserWithoutMfa, iamUser({ passwordEnabled: false, mfaActive: false }))).toEqual({
      kind: 'not-applicable',
    });
  });
});

describe('iam-root-access-keys-present', () => {
  it('flags root access keys', () => {
    expect(judge(iamRootAccessKeysPresent, accountSummary({ rootAccessKeysPresent: true }))).toMatchObject({
      kind: 'non-compliant',
      evidence: { accountAccessKeysPresent: 1 },
    });
  });
  it('accepts an account whose root has no keys', () => {
    expect(judge(iamRootAccessKeysPresent, accountSummary())).toEqual({ kind: 'compliant' });
  });
  it('does not apply to IAM users', () => {
    expect(judge(iamRootAccessKeysPresent, iamUser())).toEqual({ kind: 'not-applicable' });
  });
});

describe('iam-root-mfa-disabled', () => {
  it('flags a root user without MFA', () => {
    expect(judge(iamRootMfaDisabled, accountSummary({ rootMfaEnabled: false }))).toMatchObject({
      kind: 'non-compliant',
      evidence: { accountMFAEnabled: 0 },
    });
  });
  it('accepts a root user with MFA', () => {
    expect(judge(iamRootMfaDisabled, accountSummary())).toEqual({ kind: 'compliant' });
  });
  it('does not apply to IAM users', () => {
    expect(judge(iamRootMfaDisabled, iamUser({ mfaActive: false }))).toEqual({ kind: 'not-applicable' });
  });
});

describe('cloudtrail-not-multi-region-logging', () => {
  it('flags an account whose only multi-region trail stopped logging, listing the trails', () => {
    const summary = accountSummary();
    const stopped = trail({ isLogging: false });
    const regional = trail({ isMultiRegion: false }, { name: 'regional', id: 'arn:trail/regional' });
    expect(
      judge(cloudtrailNotMultiRegionLogging, summary, contextWith([summary, stopped, regional])),
    ).toMatchObject({
      kind: 'non-compliant',
      title: 'No multi-region CloudTrail trail is logging',
      evidence: {
        trails: [
          { name: 'trail/org-trail', isMultiRegion: true, isLogging: false },
          { name: 'regional', isMultiRegion: false, isLogging: true },
        ],
      },
    });
  });
  it('says so when the account has no trail at all, and ignores other accounts’ trails', () => {
    const summary = accountSummary();
    const elsewhere = trail({}, { accountId: '222222222222' });
    expect(judge(cloudtrailNotMultiRegionLogging, summary, contextWith([summary, elsewhere]))).toMatchObject({
      kind: 'non-compliant',
      title: 'No CloudTrail trail exists',
      evidence: { trails: [] },
    });
  });
  it('accepts an account with a logging multi-region trail in any region', () => {
    const summary = accountSummary();
    expect(judge(cloudtrailNotMultiRegionLogging, summary, contextWith([summary, trail()]))).toEqual({
      kind: 'compliant',
    });
  });
  it('does not apply to the trails themselves', () => {
    expect(judge(cloudtrailNotMultiRegionLogging, trail({ isLogging: false }))).toEqual({
      kind: 'not-applicable',
    });
  });
});
