import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assumeMemberRole, rejectionOf, sandboxClientConfig } from './clients';
import type { Fleet } from './fleet';
import { loadFleet } from './load-fleet';
import { type Sandbox, startSandbox } from './server';

const PROD = '345678901234';
const HUB = '123456789012';

describe('sandbox STS', () => {
  let sandbox: Sandbox;
  let fleet: Fleet;
  let sts: STSClient;

  beforeAll(async () => {
    fleet = await loadFleet(new URL('./fleets/wrong-external-id.json', import.meta.url).pathname);
    sandbox = await startSandbox({ fleet });
    sts = new STSClient(sandboxClientConfig(sandbox.endpoint, 'us-east-1'));
  });
  afterAll(async () => {
    sts.destroy();
    await sandbox.stop();
  });

  it('identifies the static local credentials as the hub account', async () => {
    // Act
    const identity = await sts.send(new GetCallerIdentityCommand({}));

    // Assess
    expect(identity.Account).toBe(HUB);
    expect(identity.Arn).toBe(`arn:aws:iam::${HUB}:user/hostmaster-local`);
  });

  it('issues temporary credentials that map back to the member account', async () => {
    // Prepare
    const before = Date.now();

    // Act
    const result = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::123456789012:role/HostMasterScanRole',
        RoleSessionName: 'scan',
        ExternalId: 'hostmaster-local-external-id',
      }),
    );

    // Assess
    expect(result.Credentials?.AccessKeyId).toMatch(/^ASIA123456789012[0-9A-Z]{4}$/);
    expect(result.Credentials?.SessionToken).toBeTruthy();
    const expiresIn = (result.Credentials?.Expiration?.getTime() ?? 0) - before;
    expect(expiresIn).toBeGreaterThan(3590_000);
    expect(expiresIn).toBeLessThan(3610_000);
    expect(result.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::123456789012:assumed-role/HostMasterScanRole/scan',
    );
  });

  it('answers GetCallerIdentity with the assumed role after AssumeRole', async () => {
    // Prepare
    const credentials = await assumeMemberRole(sandbox.endpoint, fleet, '210987654321');
    const member = new STSClient(sandboxClientConfig(sandbox.endpoint, 'eu-west-1', credentials));

    // Act
    const identity = await member.send(new GetCallerIdentityCommand({}));
    member.destroy();

    // Assess
    expect(identity.Account).toBe('210987654321');
    expect(identity.Arn).toBe('arn:aws:sts::210987654321:assumed-role/HostMasterScanRole/hostmaster-scan');
    expect(identity.UserId).toMatch(/^AROA[0-9A-F]+:hostmaster-scan$/);
  });

  it('denies AssumeRole when the ExternalId does not match the role trust policy', async () => {
    // Act
    const attempt = assumeMemberRole(sandbox.endpoint, fleet, PROD);

    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
      message: `User: arn:aws:iam::${HUB}:user/hostmaster-local is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${PROD}:role/HostMasterScanRole`,
    });
  });

  it('accepts the ExternalId the role actually requires', async () => {
    // Act
    const credentials = await assumeMemberRole(sandbox.endpoint, fleet, PROD, 'prod-only-secret-external-id');

    // Assess
    expect(credentials.accessKeyId.startsWith(`ASIA${PROD}`)).toBe(true);
  });

  it('denies a role the account does not have and an account outside the fleet', async () => {
    // Act
    const wrongRole = rejectionOf(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${HUB}:role/OrganizationAccountAccessRole`,
          RoleSessionName: 'scan',
          ExternalId: 'hostmaster-local-external-id',
        }),
      ),
    );
    const unknownAccount = rejectionOf(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::999999999999:role/HostMasterScanRole',
          RoleSessionName: 'scan',
          ExternalId: 'hostmaster-local-external-id',
        }),
      ),
    );

    // Assess
    expect(await wrongRole).toMatchObject({ name: 'AccessDenied' });
    expect(await unknownAccount).toMatchObject({ name: 'AccessDenied' });
  });

  it('refuses AssumeRole from a member session, which is not the hub', async () => {
    // Prepare
    const credentials = await assumeMemberRole(sandbox.endpoint, fleet, '210987654321');
    const member = new STSClient(sandboxClientConfig(sandbox.endpoint, 'us-east-1', credentials));

    // Act
    const attempt = member.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${HUB}:role/HostMasterScanRole`,
        RoleSessionName: 'chain',
        ExternalId: 'hostmaster-local-external-id',
      }),
    );

    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining(
        'arn:aws:sts::210987654321:assumed-role/HostMasterScanRole/hostmaster-scan',
      ),
    });
    member.destroy();
  });

  it('rejects credentials shaped like sandbox keys that it never issued', async () => {
    // Prepare
    const forged = new STSClient(
      sandboxClientConfig(sandbox.endpoint, 'us-east-1', {
        accessKeyId: `ASIA${PROD}ZZZZ`,
        secretAccessKey: 'x',
        sessionToken: 'y',
      }),
    );

    // Act
    const attempt = forged.send(new GetCallerIdentityCommand({}));

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    forged.destroy();
  });
});
