import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../../functions/adapters/collectors/collector';
import { iamAccountSummaryCollector } from '../../../functions/adapters/collectors/iam-account-summary';
import { ResourceDataSchema } from '../../../functions/domain/model';

const iam = mockClient(IAMClient);
const clients: ClientFactory = {
  accountId: '111122223333',
  region: 'global',
  get: (ctor) => new ctor({ region: 'us-east-1' }),
};

afterEach(() => {
  iam.reset();
});

describe('iamAccountSummaryCollector', () => {
  it("describes the root user's MFA and access keys as one resource per account", async () => {
    // Prepare
    iam.on(GetAccountSummaryCommand).resolves({
      SummaryMap: { Users: 12, AccountMFAEnabled: 0, AccountAccessKeysPresent: 1, MFADevices: 3 },
    });

    // Act
    const resources = await iamAccountSummaryCollector.collect(clients);

    // Assess
    expect(resources).toEqual([
      {
        id: 'arn:aws:iam::111122223333:root',
        accountId: '111122223333',
        region: 'global',
        type: 'iam:account-summary',
        name: 'account-summary',
        state: 'active',
        tags: {},
        attributes: { rootMfaEnabled: false, rootAccessKeysPresent: true },
      },
    ]);
    expect(ResourceDataSchema.safeParse(resources[0]).success).toBe(true);
  });

  it('throws when the summary lacks the root entries', async () => {
    // Prepare
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { Users: 1 } });

    // Act
    const collecting = iamAccountSummaryCollector.collect(clients);

    // Assess
    await expect(collecting).rejects.toThrow('AccountMFAEnabled');
  });
});
