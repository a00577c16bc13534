import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import {
  InvalidAccountListError,
  listOrganizationAccounts,
  registeredAccounts,
} from '../../../functions/adapters/discovery/accounts';
import { listEnabledRegions } from '../../../functions/adapters/discovery/regions';

describe('listOrganizationAccounts', () => {
  it('follows NextToken through an empty page and keeps ACTIVE accounts only', async () => {
    // Prepare
    const mock = mockClient(OrganizationsClient);
    const tokens: (string | undefined)[] = [];
    mock.on(ListAccountsCommand).callsFake((input: { NextToken?: string }) => {
      tokens.push(input.NextToken);
      if (!input.NextToken)
        return {
          Accounts: [{ Id: '111111111111', Name: 'payments-prod', State: 'ACTIVE' }],
          NextToken: 't1',
        };
      if (input.NextToken === 't1') return { Accounts: [], NextToken: 't2' };
      return {
        Accounts: [
          { Id: '222222222222', Status: 'ACTIVE' },
          { Id: '333333333333', State: 'SUSPENDED' },
        ],
      };
    });

    // Act
    const accounts = await listOrganizationAccounts(new OrganizationsClient({ region: 'us-east-1' }));

    // Assess
    expect(tokens).toEqual([undefined, 't1', 't2']);
    expect(mock).toHaveReceivedCommandWith(ListAccountsCommand, { MaxResults: 20 });
    expect(accounts).toEqual([
      { accountId: '111111111111', name: 'payments-prod' },
      { accountId: '222222222222' },
    ]);
  });
});

describe('registeredAccounts', () => {
  it('parses the registered list and rejects what is not an account id', () => {
    // Assess
    expect(registeredAccounts(' 111111111111, 222222222222,111111111111 ').map((a) => a.accountId)).toEqual([
      '111111111111',
      '222222222222',
    ]);
    expect(() => registeredAccounts('111111111111,abc')).toThrow(InvalidAccountListError);
  });

  it('reads a name from `id:name` entries, keeping the first name of a repeated id', () => {
    // Act
    const accounts = registeredAccounts('111111111111: Payments prod ,222222222222,111111111111:other');

    // Assess
    expect(accounts).toEqual([
      { accountId: '111111111111', name: 'Payments prod' },
      { accountId: '222222222222' },
    ]);
    expect(() => registeredAccounts('abc:prod')).toThrow("'id:name': abc:prod");
  });
});

describe('listEnabledRegions', () => {
  it('returns enabled regions and drops not-opted-in ones', async () => {
    // Prepare
    mockClient(EC2Client)
      .on(DescribeRegionsCommand)
      .resolves({
        Regions: [
          { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
          { RegionName: 'af-south-1', OptInStatus: 'not-opted-in' },
          { RegionName: 'ap-east-1', OptInStatus: 'opted-in' },
        ],
      });

    // Act
    const regions = await listEnabledRegions(new EC2Client({ region: 'us-east-1' }));

    // Assess
    expect(regions).toEqual(['us-east-1', 'ap-east-1']);
  });
});
