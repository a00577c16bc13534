import { GenerateMacCommand, KMSClient, VerifyMacCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsApprovalLinkSigner } from '../../functions/adapters/kms/kms-approval-link-signer';
import { assumeMemberRole, sandboxClientConfig } from './clients';
import { type Fleet, FleetSchema } from './fleet';
import { type Sandbox, startSandbox } from './server';

const HUB = '123456789012';
const MEMBER = '222233334444';
const REGION = 'us-east-1';
const KEY = `arn:aws:kms:${REGION}:${HUB}:key/approval-links`;

const fleet: Fleet = FleetSchema.parse({
  organization: { managementAccountId: HUB, hubAccountId: HUB },
  regions: [REGION],
  accounts: [
    { id: HUB, name: 'hub', regions: [REGION], externalId: 'hostmaster-local-external-id' },
    { id: MEMBER, name: 'member', regions: [REGION], externalId: 'hostmaster-local-external-id' },
  ],
});

describe('sandbox KMS GenerateMac / VerifyMac', () => {
  let sandbox: Sandbox;
  let kms: KMSClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ fleet });
    sandbox.kms.createMacKey(KEY);
    kms = new KMSClient(sandboxClientConfig(sandbox.endpoint, REGION));
  });

  afterAll(async () => sandbox.stop());

  it('makes a MAC the same key verifies, and refuses another message with KMSInvalidMacException', async () => {
    // Prepare
    const signer = new KmsApprovalLinkSigner(kms, KEY);

    // Act
    const mac = await signer.sign('message');
    const refused = await kms
      .send(
        new VerifyMacCommand({
          KeyId: KEY,
          MacAlgorithm: 'HMAC_SHA_256',
          Message: Buffer.from('other'),
          Mac: Buffer.from(mac, 'base64url'),
        }),
      )
      .catch((e: Error) => e);

    // Assess
    expect(Buffer.from(mac, 'base64url')).toHaveLength(32);
    await expect(signer.verify('message', mac)).resolves.toBe(true);
    await expect(signer.verify('other', mac)).resolves.toBe(false);
    expect(refused).toMatchObject({ name: 'KMSInvalidMacException' });
  });

  it("refuses an unknown key, another account's key and another algorithm", async () => {
    // Prepare
    const member = new KMSClient(
      sandboxClientConfig(sandbox.endpoint, REGION, await assumeMemberRole(sandbox.endpoint, fleet, MEMBER)),
    );
    const generate = (client: KMSClient, KeyId: string, MacAlgorithm = 'HMAC_SHA_256') =>
      client
        .send(
          new GenerateMacCommand({ KeyId, MacAlgorithm: MacAlgorithm as never, Message: Buffer.from('m') }),
        )
        .catch((e: Error) => e);

    // Act
    const unknown = await generate(kms, `arn:aws:kms:${REGION}:${HUB}:key/nope`);
    const foreign = await generate(member, KEY);
    const algorithm = await generate(kms, KEY, 'HMAC_SHA_512');

    // Assess
    expect(unknown).toMatchObject({ name: 'NotFoundException' });
    // The member's read-only scan role may not make MACs at all: IAM refuses before KMS looks for the key.
    expect(foreign).toMatchObject({ name: 'AccessDeniedException' });
    expect(algorithm).toMatchObject({ name: 'InvalidKeyUsageException' });
  });
});
