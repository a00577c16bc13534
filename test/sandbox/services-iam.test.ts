import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListUsersCommand,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../functions/adapters/collectors/collector';
import { iamAccountSummaryCollector } from '../../functions/adapters/collectors/iam-account-summary';
import { createIamUsersCollector } from '../../functions/adapters/collectors/iam-users';
import type { ResourceData } from '../../functions/domain/model';
import { assumeMemberRole, type SandboxCredentials, sandboxClientConfig } from './clients';
import { type Fleet, type FleetResource, FleetSchema } from './fleet';
import { type Sandbox, startSandbox } from './server';
import { CREDENTIAL_REPORT_COLUMNS, iamUserArn } from './services/iam';

const MEMBER = '222233334444';
const BARE = '888899990000';

const users: FleetResource[] = [
  {
    id: 'alice',
    region: 'global',
    type: 'iam:user',
    name: 'alice',
    state: 'active',
    tags: {},
    attributes: {
      userId: 'AIDAALICEEXAMPLE0001',
      createDate: '2021-03-04T05:06:07.000Z',
      passwordEnabled: true,
      passwordLastUsed: '2026-11-20T09:00:00.000Z',
      mfaActive: true,
      accessKeys: [
        {
          id: '1',
          active: true,
          lastRotated: '2022-01-01T00:00:00.000Z',
          lastUsed: '2026-11-21T10:00:00.000Z',
        },
        { id: '2', active: false, lastRotated: '2023-06-01T00:00:00.000Z' },
      ],
    },
  },
  {
    id: 'ci-deployer',
    region: 'global',
    type: 'iam:user',
    name: 'ci-deployer',
    state: 'active',
    tags: {},
    attributes: {
      userId: 'AIDADEPLOYEREXAMPLE1',
      createDate: '2024-01-01T00:00:00.000Z',
      passwordEnabled: false,
      mfaActive: false,
      accessKeys: [{ id: '2', active: true, lastRotated: '2024-01-01T00:00:00.000Z' }],
    },
  },
];
const summary: FleetResource = {
  id: 'account-summary',
  region: 'global',
  type: 'iam:account-summary',
  name: 'account-summary',
  state: 'active',
  tags: {},
  attributes: { rootMfaEnabled: false, rootAccessKeysPresent: true },
};

const fleet: Fleet = FleetSchema.parse({
  organization: { managementAccountId: '111122223333', hubAccountId: '111122223333' },
  regions: ['us-east-1'],
  accounts: [
    { id: '111122223333', name: 'hub', regions: ['us-east-1'], externalId: 'hostmaster-local-external-id' },
    {
      id: MEMBER,
      name: 'member',
      regions: ['us-east-1'],
      externalId: 'hostmaster-local-external-id',
      resources: [...users, summary],
    },
    { id: BARE, name: 'bare', regions: ['us-east-1'], externalId: 'hostmaster-local-external-id' },
  ],
});

function expected(resource: FleetResource, arn: string): ResourceData {
  const { id: _id, usage: _usage, ...rest } = resource;
  return { ...rest, id: arn, accountId: MEMBER } as ResourceData;
}

describe('sandbox IAM with the iam collectors', () => {
  let sandbox: Sandbox;
  const made: { destroy(): void }[] = [];
  const clientsOf = (accountId: string, credentials: SandboxCredentials): ClientFactory => ({
    accountId,
    region: 'global',
    get: (ctor) => {
      const client = new ctor(sandboxClientConfig(sandbox.endpoint, 'us-east-1', credentials));
      made.push(client as unknown as { destroy(): void });
      return client;
    },
  });
  let member: ClientFactory;
  let memberIam: IAMClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ fleet });
    member = clientsOf(MEMBER, await assumeMemberRole(sandbox.endpoint, fleet, MEMBER));
    memberIam = member.get(IAMClient);
  });
  afterAll(async () => {
    for (const client of made) client.destroy();
    await sandbox.stop();
  });

  it('gives back exactly the fleet users from the credential report joined with ListUsers', async () => {
    // Prepare
    const collector = createIamUsersCollector({ pollIntervalMs: 1 });

    // Act
    const collected = await collector.collect(member);

    // Assess
    expect(collected).toEqual(users.map((u) => expected(u, iamUserArn(MEMBER, u.id))));
    const generations = sandbox.calls.records.filter(
      (c) => c.action === 'GenerateCredentialReport' && c.accountId === MEMBER,
    );
    expect(generations).toHaveLength(2);
  });

  it('gives back the account summary resource of the fleet', async () => {
    // Act
    const collected = await iamAccountSummaryCollector.collect(member);

    // Assess
    expect(collected).toEqual([expected(summary, `arn:aws:iam::${MEMBER}:root`)]);
  });

  it("renders IAM's report columns in order, with a root row from the account summary", async () => {
    // Act
    await memberIam.send(new GenerateCredentialReportCommand({}));
    const report = await memberIam.send(new GetCredentialReportCommand({}));

    // Assess
    const lines = new TextDecoder().decode(report.Content).split('\n');
    expect(lines[0]).toBe(CREDENTIAL_REPORT_COLUMNS.join(','));
    expect(lines[1]).toBe(
      `<root_account>,arn:aws:iam::${MEMBER}:root,2020-01-01T00:00:00+00:00,not_supported,no_information,not_supported,not_supported,false,true,2020-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    );
    expect(report.ReportFormat).toBe('text/csv');
  });

  it('pages ListUsers and rejects a page larger than 1000', async () => {
    // Act
    const pages: number[] = [];
    for await (const page of paginateListUsers({ client: memberIam, pageSize: 1 }, {})) {
      pages.push(page.Users?.length ?? 0);
    }
    const tooBig = memberIam.send(new ListUsersCommand({ MaxItems: 1001 }));

    // Assess
    expect(pages).toEqual([1, 1]);
    await expect(tooBig).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('refuses GetCredentialReport before a report was generated and while it is generating', async () => {
    // Prepare
    const bare = clientsOf(BARE, await assumeMemberRole(sandbox.endpoint, fleet, BARE)).get(IAMClient);

    // Act
    const beforeGenerating = bare.send(new GetCredentialReportCommand({}));
    await expect(beforeGenerating).rejects.toMatchObject({ name: 'CredentialReportNotPresentException' });
    const started = await bare.send(new GenerateCredentialReportCommand({}));
    const whileGenerating = bare.send(new GetCredentialReportCommand({}));

    // Assess
    expect(started.State).toBe('STARTED');
    await expect(whileGenerating).rejects.toMatchObject({ name: 'CredentialReportNotReadyException' });
  });
});
