/**
 * Test and demo helpers: real SDK clients pointed at a running sandbox, with the static local (hub)
 * credentials or with credentials assumed into a member account through the sandbox's STS.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { MEMBER_REMEDIATION_ROLE_NAME } from '../../functions/shared/contract/remediation';
import type { Fleet } from './fleet';

/** Credentials as the SDK clients take them. */
export interface SandboxCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** The static credentials of the local hub identity (any key the sandbox did not issue works). */
export const LOCAL_CREDENTIALS: SandboxCredentials = {
  accessKeyId: 'AKIAHOSTMASTERLOCAL0',
  secretAccessKey: 'hostmaster-local-secret',
};

/** Client config for a sandbox endpoint: endpoint, region, credentials, path-style S3. */
export function sandboxClientConfig(endpoint: string, region: string, credentials = LOCAL_CREDENTIALS) {
  return { endpoint, region, credentials, forcePathStyle: true };
}

/** Assumes the member role of `accountId` (as the hub does) and returns the session's credentials. */
export async function assumeMemberRole(
  endpoint: string,
  fleet: Fleet,
  accountId: string,
  externalId = 'hostmaster-local-external-id',
): Promise<SandboxCredentials> {
  const account = fleet.accounts.find((a) => a.id === accountId);
  const sts = new STSClient(sandboxClientConfig(endpoint, 'us-east-1'));
  try {
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${accountId}:role/${account?.roleName ?? 'HostMasterScanRole'}`,
        RoleSessionName: 'hostmaster-scan',
        ExternalId: externalId,
      }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey)
      throw new Error('AssumeRole gave no credentials');
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
      expiration: Credentials.Expiration,
    };
  } finally {
    sts.destroy();
  }
}

/**
 * Assumes the member remediation role of `accountId` with the account's `remediationExternalId`: the
 * only member role the sandbox lets write (the scan role may only read, as IAM would have it).
 */
export async function assumeRemediationRole(
  endpoint: string,
  fleet: Fleet,
  accountId: string,
): Promise<SandboxCredentials> {
  const account = fleet.accounts.find((a) => a.id === accountId);
  const sts = new STSClient(sandboxClientConfig(endpoint, 'us-east-1'));
  try {
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${accountId}:role/${MEMBER_REMEDIATION_ROLE_NAME}`,
        RoleSessionName: 'hostmaster-remediation',
        ExternalId: account?.remediationExternalId,
      }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey)
      throw new Error('AssumeRole gave no credentials');
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
      expiration: Credentials.Expiration,
    };
  } finally {
    sts.destroy();
  }
}

/**
 * The error a promise rejects with (fails when it resolves). Handles the rejection at once, so a
 * test can start several failing calls before asserting on them.
 */
export function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail, but it succeeded');
    },
    (error: unknown) => error,
  );
}
