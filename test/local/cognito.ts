/**
 * cognito-local as the hub's user pool: started as its own process (it keeps its data in `.cognito`
 * under its working directory), then provisioned idempotently with the pool, the dashboard's app
 * client, the three groups and a demo user in each, so a restart reuses everything it made before.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { GROUPS, type Group } from '../../functions/shared/contract/routes';
import { freePort, waitForHttp } from './ports';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const COGNITO_LOCAL_BIN = path.join(REPO_ROOT, 'node_modules/cognito-local/lib/bin/start.js');

export const USER_POOL_NAME = 'hostmaster-users';
export const APP_CLIENT_NAME = 'hostmaster-dashboard';

export interface DemoUser {
  readonly email: string;
  readonly password: string;
  readonly group: Group;
}

/** The demo users `npm start` creates; their credentials are printed at start-up. */
export const DEMO_USERS: readonly DemoUser[] = [
  { email: 'admin@hostmaster.local', password: 'HostMaster-admin-1', group: 'admin' },
  // Requests remediations; another person (the admin) approves the destructive ones.
  { email: 'operator@hostmaster.local', password: 'HostMaster-operator-1', group: 'operator' },
  { email: 'viewer@hostmaster.local', password: 'HostMaster-viewer-1', group: 'viewer' },
];

export interface LocalCognito {
  /** `http://127.0.0.1:<port>`: the Cognito API endpoint (and the issuer's origin). */
  readonly endpoint: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  /** The `iss` claim of its tokens. */
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly users: readonly DemoUser[];
  stop(): Promise<void>;
}

export interface LocalCognitoOptions {
  /** Working directory; cognito-local keeps its pools in `<dir>/.cognito`. */
  readonly dataDir: string;
  /** @default a free port */
  readonly port?: number;
  /** @default DEMO_USERS */
  readonly users?: readonly DemoUser[];
}

export async function startCognito(options: LocalCognitoOptions): Promise<LocalCognito> {
  mkdirSync(options.dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [COGNITO_LOCAL_BIN], {
    cwd: options.dataDir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DEBUG: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`cognito-local exited with code ${code}: ${stderr.trim()}`)),
    ),
  );
  exited.catch(() => undefined);
  try {
    await Promise.race([waitForHttp(`${endpoint}/health`), exited]);
    const users = options.users ?? DEMO_USERS;
    const ids = await provision(endpoint, users);
    return {
      endpoint,
      ...ids,
      issuer: `${endpoint}/${ids.userPoolId}`,
      jwksUrl: `${endpoint}/${ids.userPoolId}/.well-known/jwks.json`,
      users,
      stop: () => stopChild(child),
    };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Creates what is missing and reuses what exists: pool by name, client by name, groups, users. */
async function provision(
  endpoint: string,
  users: readonly DemoUser[],
): Promise<{ userPoolId: string; userPoolClientId: string }> {
  const client = new CognitoIdentityProviderClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    const existingPool = pools.UserPools?.find((pool) => pool.Name === USER_POOL_NAME);
    const userPoolId =
      existingPool?.Id ??
      (
        await client.send(
          new CreateUserPoolCommand({
            PoolName: USER_POOL_NAME,
            UsernameAttributes: ['email'],
            AutoVerifiedAttributes: ['email'],
          }),
        )
      ).UserPool?.Id;
    if (!userPoolId) throw new Error('cognito-local returned no user pool id');

    const clients = await client.send(
      new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
    );
    const userPoolClientId =
      clients.UserPoolClients?.find((c) => c.ClientName === APP_CLIENT_NAME)?.ClientId ??
      (
        await client.send(
          new CreateUserPoolClientCommand({
            UserPoolId: userPoolId,
            ClientName: APP_CLIENT_NAME,
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          }),
        )
      ).UserPoolClient?.ClientId;
    if (!userPoolClientId) throw new Error('cognito-local returned no app client id');

    const groups = await client.send(new ListGroupsCommand({ UserPoolId: userPoolId }));
    for (const group of GROUPS) {
      if (groups.Groups?.some((g) => g.GroupName === group)) continue;
      await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
    }

    for (const user of users) {
      if (await userExists(client, userPoolId, user.email)) continue;
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: user.email,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: user.email },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
      await client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: userPoolId,
          Username: user.email,
          Password: user.password,
          Permanent: true,
        }),
      );
      await client.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: userPoolId,
          Username: user.email,
          GroupName: user.group,
        }),
      );
    }
    return { userPoolId, userPoolClientId };
  } finally {
    client.destroy();
  }
}

async function userExists(client: CognitoIdentityProviderClient, userPoolId: string, username: string) {
  try {
    await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
    return true;
  } catch (error) {
    if (error instanceof UserNotFoundException) return false;
    throw error;
  }
}
