/**
 * AWS Organizations (awsJson1_1, `AWSOrganizationsV20161128`): ListAccounts, callable only by the
 * management account. Accounts are the fleet's accounts in file order.
 */
import { createHash } from 'node:crypto';
import type { FleetAccount } from '../fleet';
import { jsonResult, SandboxError, type SandboxService } from '../service';

function organizationId(managementAccountId: string): string {
  const digest = createHash('sha256').update(managementAccountId).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `o-${[...digest.subarray(0, 10)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

/** A stable join date per account, so repeated runs agree (2019-2024). */
function joinedTimestamp(accountId: string): number {
  const start = Date.UTC(2019, 0, 1) / 1000;
  return start + (Number(accountId.slice(-6)) % 1800) * 86_400;
}

export const organizationsService: SandboxService = {
  name: 'organizations',
  signingName: 'organizations',
  protocol: 'awsJson1_1',
  targetPrefix: 'AWSOrganizationsV20161128',
  global: true,
  actions: {
    ListAccounts: (request, context) => {
      const { managementAccountId } = context.organization;
      if (request.accountId !== managementAccountId) {
        throw new SandboxError(
          400,
          'AccessDeniedException',
          "You don't have permissions to access this resource.",
        );
      }
      const maxResults = request.json.MaxResults;
      const nextToken = request.json.NextToken;
      const page = context.page<FleetAccount>(context.accounts, {
        action: 'ListAccounts',
        maxResults:
          maxResults === undefined ? undefined : typeof maxResults === 'number' ? maxResults : Number.NaN,
        nextToken: typeof nextToken === 'string' ? nextToken : undefined,
        min: 1,
        max: 20,
        rangeError: (value) =>
          new SandboxError(
            400,
            'InvalidInputException',
            `1 validation error detected: Value '${value}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 20`,
          ),
        tokenError: () =>
          new SandboxError(
            400,
            'InvalidInputException',
            'You provided an invalid value for the NextToken parameter.',
          ),
      });
      const orgId = organizationId(managementAccountId);
      return jsonResult({
        Accounts: page.items.map((account) => ({
          Id: account.id,
          Arn: `arn:aws:organizations::${managementAccountId}:account/${orgId}/${account.id}`,
          Email: account.email ?? `aws+${account.id}@example.com`,
          Name: account.name,
          Status: 'ACTIVE',
          State: 'ACTIVE',
          JoinedMethod: account.id === managementAccountId ? 'INVITED' : 'CREATED',
          JoinedTimestamp: joinedTimestamp(account.id),
        })),
        ...(page.nextToken ? { NextToken: page.nextToken } : {}),
      });
    },
  },
};
