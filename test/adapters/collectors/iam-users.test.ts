import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListUsersCommand,
  type ListUsersCommandInput,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../../functions/adapters/collectors/collector';
import {
  CredentialReportTimeoutError,
  createIamUsersCollector,
  parseCredentialReport,
} from '../../../functions/adapters/collectors/iam-users';
import { ResourceDataSchema } from '../../../functions/domain/model';

const iam = mockClient(IAMClient);
const clients: ClientFactory = {
  accountId: '111122223333',
  region: 'global',
  get: (ctor) => new ctor({ region: 'us-east-1' }),
};

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const ROOT =
  '<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,2026-11-01T08:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const ALICE =
  'alice,arn:aws:iam::111122223333:user/alice,2021-03-04T05:06:07+00:00,true,2026-11-20T09:00:00+00:00,2021-03-04T05:06:07+00:00,N/A,false,true,2022-01-01T00:00:00+00:00,2026-11-21T10:00:00+00:00,eu-west-1,s3,false,2023-06-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A';
const DEPLOYER =
  'deployer,arn:aws:iam::111122223333:user/ci/deployer,2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const REPORT = [HEADER, ROOT, ALICE, DEPLOYER].join('\n');

const noSleep = async () => {};

function listed(name: string, arn: string, userId: string) {
  return {
    UserName: name,
    Arn: arn,
    UserId: userId,
    Path: '/',
    CreateDate: new Date('2021-03-04T05:06:07Z'),
  };
}
const ALICE_LISTED = listed('alice', 'arn:aws:iam::111122223333:user/alice', 'AIDAALICE');
const DEPLOYER_LISTED = listed('deployer', 'arn:aws:iam::111122223333:user/ci/deployer', 'AIDADEPLOYER');

afterEach(() => {
  iam.reset();
});

describe('iamUsersCollector', () => {
  it('waits for the report, then reads every user from it and skips the root account row', async () => {
    // Prepare
    iam
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: 'STARTED' })
      .resolvesOnce({ State: 'INPROGRESS' })
      .resolves({ State: 'COMPLETE' });
    iam
      .on(GetCredentialReportCommand)
      .resolves({ Content: new TextEncoder().encode(REPORT), ReportFormat: 'text/csv' });
    iam.on(ListUsersCommand).resolves({ Users: [ALICE_LISTED, DEPLOYER_LISTED], IsTruncated: false });
    const collector = createIamUsersCollector({ sleep: noSleep });

    // Act
    const resources = await collector.collect(clients);

    // Assess
    expect(iam).toHaveReceivedCommandTimes(GenerateCredentialReportCommand, 3);
    expect(resources).toEqual([
      {
        id: 'arn:aws:iam::111122223333:user/alice',
        accountId: '111122223333',
        region: 'global',
        type: 'iam:user',
        name: 'alice',
        state: 'active',
        tags: {},
        attributes: {
          userId: 'AIDAALICE',
          createDate: '2021-03-04T05:06:07.000Z',
          passwordEnabled: true,
          passwordLastUsed: '2026-11-20T09:00:00.000Z',
          mfaActive: false,
          accessKeys: [
            {
              id: '1',
              active: true,
              lastRotated: '2022-01-01T00:00:00.000Z',
              lastUsed: '2026-11-21T10:00:00.000Z',
            },
            { id: '2', active: false, lastRotated: '2023-06-01T00:00:00.000Z', lastUsed: undefined },
          ],
        },
      },
      {
        id: 'arn:aws:iam::111122223333:user/ci/deployer',
        accountId: '111122223333',
        region: 'global',
        type: 'iam:user',
        name: 'deployer',
        state: 'active',
        tags: {},
        attributes: {
          userId: 'AIDADEPLOYER',
          createDate: '2024-01-01T00:00:00.000Z',
          passwordEnabled: false,
          passwordLastUsed: undefined,
          mfaActive: false,
          accessKeys: [],
        },
      },
    ]);
    for (const resource of resources) expect(ResourceDataSchema.safeParse(resource).success).toBe(true);
  });

  it('leaves out a user deleted since the report, reading ListUsers 1000 a page across pages', async () => {
    // Prepare
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(REPORT) });
    const markers: (string | undefined)[] = [];
    iam.on(ListUsersCommand).callsFake((input: ListUsersCommandInput) => {
      markers.push(input.Marker);
      return input.Marker === undefined
        ? { Users: [], IsTruncated: true, Marker: 'm2' }
        : { Users: [DEPLOYER_LISTED], IsTruncated: false };
    });
    const collector = createIamUsersCollector({ sleep: noSleep });

    // Act
    const resources = await collector.collect(clients);

    // Assess
    expect(resources.map((r) => r.name)).toEqual(['deployer']);
    expect(markers).toEqual([undefined, 'm2']);
    expect(iam).toHaveReceivedCommandWith(ListUsersCommand, { MaxItems: 1000 });
  });

  it('gives up on a report that never completes', async () => {
    // Prepare
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    iam.on(ListUsersCommand).resolves({ Users: [] });
    const collector = createIamUsersCollector({ sleep: noSleep, maxAttempts: 3 });

    // Act
    const collecting = collector.collect(clients);

    // Assess
    await expect(collecting).rejects.toBeInstanceOf(CredentialReportTimeoutError);
    expect(iam).toHaveReceivedCommandTimes(GetCredentialReportCommand, 0);
  });
});

describe('parseCredentialReport', () => {
  it('keeps quoted commas inside a field and accepts CRLF line ends', () => {
    // Prepare
    const csv = 'user,arn,user_creation_time\r\n"a,b",arn:aws:iam::1:user/a,2020-01-01T00:00:00+00:00\r\n';

    // Act
    const rows = parseCredentialReport(csv);

    // Assess
    expect(rows).toEqual([
      { user: 'a,b', arn: 'arn:aws:iam::1:user/a', user_creation_time: '2020-01-01T00:00:00+00:00' },
    ]);
  });

  it('refuses a report without the columns it needs', () => {
    // Act
    const parsing = () => parseCredentialReport('name,created\nx,y');

    // Assess
    expect(parsing).toThrow('a report without the user column');
  });
});
