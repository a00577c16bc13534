/**
 * The user pool as the API's UserDirectory: AdminGetUser for whether the user exists, is enabled
 * and confirmed, and AdminListGroupsForUser (every page) for the groups they hold now. The two calls
 * run in parallel; a user deleted between them is still reported as missing.
 */
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  paginateAdminListGroupsForUser,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { DirectoryUser, UserDirectory } from '../../domain/identity/user-directory';

export class CognitoUserDirectory implements UserDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async find(username: string): Promise<DirectoryUser | undefined> {
    const [user, groups] = await Promise.all([
      missingAsUndefined(
        this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: username })),
      ),
      missingAsUndefined(this.groupsOf(username)),
    ]);
    if (!user || !groups) return undefined;
    return {
      username: user.Username ?? username,
      // AdminGetUser always sets Enabled; a response without it is not proof the user may act.
      enabled: user.Enabled === true,
      status: user.UserStatus ?? 'UNKNOWN',
      groups,
    };
  }

  private async groupsOf(username: string): Promise<string[]> {
    const groups: string[] = [];
    for await (const page of paginateAdminListGroupsForUser(
      { client: this.client },
      { UserPoolId: this.userPoolId, Username: username },
    )) {
      for (const group of page.Groups ?? []) if (group.GroupName) groups.push(group.GroupName);
    }
    return groups;
  }
}

/**
 * The directory with its own client, configured from the environment like every SDK client (locally
 * `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER` points it at cognito-local).
 */
export function createCognitoUserDirectory(userPoolId: string): CognitoUserDirectory {
  return new CognitoUserDirectory(new CognitoIdentityProviderClient({}), userPoolId);
}

async function missingAsUndefined<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof UserNotFoundException) return undefined;
    throw error;
  }
}
