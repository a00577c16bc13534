import {
  ListAccountsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { afterEach, describe, expect, it } from 'vitest';
import { assumeMemberRole, rejectionOf, sandboxClientConfig } from './clients';
import type { Faults } from './faults';
import type { Fleet } from './fleet';
import { generateFleet } from './generator';
import { type Sandbox, startSandbox } from './server';

describe('sandbox Organizations', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  async function managementClient(fleet: Fleet) {
    sandbox = await startSandbox({ fleet });
    const credentials = await assumeMemberRole(
      sandbox.endpoint,
      fleet,
      fleet.organization.managementAccountId,
    );
    return new OrganizationsClient(sandboxClientConfig(sandbox.endpoint, 'us-east-1', credentials));
  }

  it('pages ListAccounts at MaxResults and lists every account once', async () => {
    // Prepare
    const fleet = generateFleet({ seed: 3, accounts: 12, regions: 1, resources: 100 });
    const organizations = await managementClient(fleet);

    // Act
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: organizations, pageSize: 5 }, {})) {
      pages.push(page.Accounts?.length ?? 0);
      for (const account of page.Accounts ?? []) ids.push(account.Id ?? '');
    }
    const first = await organizations.send(new ListAccountsCommand({ MaxResults: 1 }));
    organizations.destroy();

    // Assess
    expect(pages).toEqual([5, 5, 2]);
    expect(ids).toEqual(fleet.accounts.map((a) => a.id));
    expect(first.Accounts?.[0]).toMatchObject({
      Id: fleet.organization.managementAccountId,
      Name: 'management',
      Status: 'ACTIVE',
      JoinedMethod: 'INVITED',
    });
    expect(first.Accounts?.[0]?.Arn).toMatch(
      /^arn:aws:organizations::\d{12}:account\/o-[a-z0-9]{10}\/\d{12}$/,
    );
    expect(first.Accounts?.[0]?.JoinedTimestamp).toBeInstanceOf(Date);
  });

  it('rejects MaxResults above 20 and a malformed NextToken', async () => {
    // Prepare
    const organizations = await managementClient(
      generateFleet({ seed: 3, accounts: 3, regions: 1, resources: 10 }),
    );

    // Act
    const tooLarge = rejectionOf(organizations.send(new ListAccountsCommand({ MaxResults: 21 })));
    const badToken = rejectionOf(organizations.send(new ListAccountsCommand({ NextToken: 'garbage!' })));

    // Assess
    expect(await tooLarge).toMatchObject({ name: 'InvalidInputException' });
    expect(await badToken).toMatchObject({ name: 'InvalidInputException' });
    organizations.destroy();
  });

  it('serves empty pages that still carry a NextToken, and the paginator still gets every account', async () => {
    // Prepare
    const fleet: Fleet = {
      ...generateFleet({ seed: 4, accounts: 6, regions: 1, resources: 10 }),
      faults: { emptyPages: [{ service: 'organizations', action: 'ListAccounts', everyNth: 2 }] } as Faults,
    };
    const organizations = await managementClient(fleet);

    // Act
    const pages: { count: number; token: boolean }[] = [];
    for await (const page of paginateListAccounts({ client: organizations, pageSize: 4 }, {})) {
      pages.push({ count: page.Accounts?.length ?? 0, token: page.NextToken !== undefined });
    }
    organizations.destroy();

    // Assess
    expect(pages).toEqual([
      { count: 4, token: true },
      { count: 0, token: true },
      { count: 2, token: false },
    ]);
  });

  it('refuses callers other than the management account', async () => {
    // Prepare
    const fleet = generateFleet({ seed: 5, accounts: 3, regions: 1, resources: 10 });
    sandbox = await startSandbox({ fleet });
    const hub = new OrganizationsClient(sandboxClientConfig(sandbox.endpoint, 'us-east-1'));

    // Act
    const attempt = hub.send(new ListAccountsCommand({}));

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'AccessDeniedException' });
    hub.destroy();
  });
});
