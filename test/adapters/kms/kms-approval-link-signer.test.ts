import { GenerateMacCommand, KMSClient, KMSInvalidMacException, VerifyMacCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { KmsApprovalLinkSigner } from '../../../functions/adapters/kms/kms-approval-link-signer';

const KEY = 'arn:aws:kms:us-east-1:999999999999:key/0a1b2c3d';
const MAC = Buffer.alloc(32, 7);
const kms = mockClient(KMSClient);

describe('KmsApprovalLinkSigner', () => {
  beforeEach(() => kms.reset());

  it('signs with GenerateMac HMAC_SHA_256 on the key and answers the MAC as base64url', async () => {
    // Prepare
    kms.on(GenerateMacCommand).resolves({ Mac: MAC, KeyId: KEY, MacAlgorithm: 'HMAC_SHA_256' });

    // Act
    const mac = await new KmsApprovalLinkSigner(new KMSClient({}), KEY).sign('eyJ2IjoxfQ');

    // Assess
    expect(mac).toBe(MAC.toString('base64url'));
    expect(kms).toHaveReceivedCommandWith(GenerateMacCommand, {
      KeyId: KEY,
      MacAlgorithm: 'HMAC_SHA_256',
      Message: Buffer.from('eyJ2IjoxfQ'),
    });
  });

  it('verifies with VerifyMac, and calls a mismatch (KMSInvalidMacException) false', async () => {
    // Prepare
    kms
      .on(VerifyMacCommand, { Mac: MAC })
      .resolves({ MacValid: true })
      .on(VerifyMacCommand, { Mac: Buffer.alloc(32, 8) })
      .rejects(new KMSInvalidMacException({ message: 'invalid', $metadata: {} }));
    const signer = new KmsApprovalLinkSigner(new KMSClient({}), KEY);

    // Act
    const valid = await signer.verify('eyJ2IjoxfQ', MAC.toString('base64url'));
    const invalid = await signer.verify('eyJ2IjoxfQ', Buffer.alloc(32, 8).toString('base64url'));

    // Assess
    expect([valid, invalid]).toEqual([true, false]);
    expect(kms).toHaveReceivedCommandWith(VerifyMacCommand, {
      KeyId: KEY,
      MacAlgorithm: 'HMAC_SHA_256',
      Message: Buffer.from('eyJ2IjoxfQ'),
      Mac: MAC,
    });
  });

  it('refuses a MAC of the wrong length without asking KMS, and lets other errors through', async () => {
    // Prepare
    kms.on(VerifyMacCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const signer = new KmsApprovalLinkSigner(new KMSClient({}), KEY);

    // Act
    const short = await signer.verify('eyJ2IjoxfQ', 'bWFj');
    const denied = await signer.verify('eyJ2IjoxfQ', MAC.toString('base64url')).catch((e: Error) => e);

    // Assess
    expect(short).toBe(false);
    expect(kms).toHaveReceivedCommandTimes(VerifyMacCommand, 1);
    expect(denied).toMatchObject({ name: 'AccessDeniedException' });
  });
});
