import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CognitoUserDirectory } from '../../../functions/adapters/cognito/user-directory';

const POOL = 'eu-west-1_AbCdEf123';
const cognito = mockClient(CognitoIdentityProviderClient);

function directory() {
  return new CognitoUserDirectory(new CognitoIdentityProviderClient({ region: 'eu-west-1' }), POOL);
}

const notFound = () => new UserNotFoundException({ message: 'User does not exist.', $metadata: {} });

describe('CognitoUserDirectory', () => {
  beforeEach(() => {
    cognito.reset();
  });

  it('asks AdminGetUser and every page of AdminListGroupsForUser for the username', async () => {
    // Prepare
    cognito.on(AdminGetUserCommand).resolves({ Username: 'ada', Enabled: true, UserStatus: 'CONFIRMED' });
    const pageTokens: (string | undefined)[] = [];
    cognito.on(AdminListGroupsForUserCommand).callsFake((input: { NextToken?: string }) => {
      pageTokens.push(input.NextToken);
      return input.NextToken === undefined
        ? { Groups: [{ GroupName: 'viewer' }], NextToken: 'page-2' }
        : { Groups: [{ GroupName: 'admin' }] };
    });

    // Act
    const user = await directory().find('ada');

    // Assess
    expect(user).toEqual({
      username: 'ada',
      enabled: true,
      status: 'CONFIRMED',
      groups: ['viewer', 'admin'],
    });
    expect(cognito).toHaveReceivedCommandTimes(AdminGetUserCommand, 1);
    expect(cognito).toHaveReceivedCommandWith(AdminGetUserCommand, { UserPoolId: POOL, Username: 'ada' });
    expect(cognito).toHaveReceivedCommandWith(AdminListGroupsForUserCommand, {
      UserPoolId: POOL,
      Username: 'ada',
    });
    expect(pageTokens).toEqual([undefined, 'page-2']);
  });

  it('reports a disabled user as not enabled, with their status and groups', async () => {
    // Prepare
    cognito.on(AdminGetUserCommand).resolves({ Username: 'ada', Enabled: false, UserStatus: 'CONFIRMED' });
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'admin' }] });

    // Act
    const user = await directory().find('ada');

    // Assess
    expect(user).toMatchObject({ enabled: false, status: 'CONFIRMED', groups: ['admin'] });
  });

  it('treats a response without Enabled as not enabled', async () => {
    // Prepare
    cognito.on(AdminGetUserCommand).resolves({ Username: 'ada', UserStatus: 'CONFIRMED' });
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [] });

    // Act
    const user = await directory().find('ada');

    // Assess
    expect(user?.enabled).toBe(false);
  });

  it.each(['AdminGetUser', 'AdminListGroupsForUser'] as const)(
    'answers undefined for a deleted user, whichever call (%s) notices first',
    async (failing) => {
      // Prepare
      const getUser = cognito.on(AdminGetUserCommand);
      const listGroups = cognito.on(AdminListGroupsForUserCommand);
      if (failing === 'AdminGetUser') getUser.rejects(notFound());
      else getUser.resolves({ Username: 'ada', Enabled: true, UserStatus: 'CONFIRMED' });
      if (failing === 'AdminListGroupsForUser') listGroups.rejects(notFound());
      else listGroups.resolves({ Groups: [{ GroupName: 'admin' }] });

      // Act
      const user = await directory().find('ada');

      // Assess
      expect(user).toBeUndefined();
    },
  );

  it('lets any other failure through, so the API answers 500 rather than allowing the change', async () => {
    // Prepare
    cognito.on(AdminGetUserCommand).rejects(new Error('AccessDeniedException'));
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [] });

    // Act
    const result = directory().find('ada');

    // Assess
    await expect(result).rejects.toThrow('AccessDeniedException');
  });
});
