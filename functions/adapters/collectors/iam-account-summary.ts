import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { UnexpectedResponseError } from './sdk-shared';

/**
 * The account's root-user posture, from one GetAccountSummary call: whether the root user has MFA
 * and whether it has access keys. One `iam:account-summary` resource per account, named
 * `account-summary`, with the root user's ARN as its id.
 */
export const iamAccountSummaryCollector: Collector = {
  name: 'iam-account-summary',
  resourceTypes: ['iam:account-summary'],
  scope: 'global',
  async collect(clients) {
    const iam = clients.get(IAMClient);
    const response = await iam.send(new GetAccountSummaryCommand({}));
    const summary = response.SummaryMap;
    const mfa = summary?.AccountMFAEnabled;
    const keys = summary?.AccountAccessKeysPresent;
    if (mfa === undefined || keys === undefined) {
      throw new UnexpectedResponseError(
        'GetAccountSummary',
        'no AccountMFAEnabled or AccountAccessKeysPresent',
      );
    }
    const resource: ResourceData = {
      id: `arn:aws:iam::${clients.accountId}:root`,
      accountId: clients.accountId,
      region: 'global',
      type: 'iam:account-summary',
      name: 'account-summary',
      state: 'active',
      tags: {},
      attributes: { rootMfaEnabled: mfa > 0, rootAccessKeysPresent: keys > 0 },
    };
    return [resource];
  },
};
