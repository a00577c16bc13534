/**
 * Approval link MACs made by a KMS HMAC_256 key (GenerateMac/VerifyMac): the key never leaves KMS, so
 * there is no signing secret to store, rotate or leak, and CloudTrail records every use. The workflow's
 * step function may only generate, the API function may only verify (lib/constructs/approval-link-key.ts).
 */
import { GenerateMacCommand, KMSClient, VerifyMacCommand } from '@aws-sdk/client-kms';
import type { ApprovalLinkSigner } from '../../domain/remediation/approval-link';

const ALGORITHM = 'HMAC_SHA_256';
/** An HMAC-SHA-256 is 32 bytes: anything else cannot verify, so KMS is not asked. */
const MAC_BYTES = 32;

export class KmsApprovalLinkSigner implements ApprovalLinkSigner {
  constructor(
    private readonly client: KMSClient,
    private readonly keyId: string,
  ) {}

  async sign(message: string): Promise<string> {
    const { Mac } = await this.client.send(
      new GenerateMacCommand({
        KeyId: this.keyId,
        MacAlgorithm: ALGORITHM,
        Message: Buffer.from(message, 'utf8'),
      }),
    );
    if (!Mac) throw new Error('KMS GenerateMac returned no Mac');
    return Buffer.from(Mac).toString('base64url');
  }

  async verify(message: string, mac: string): Promise<boolean> {
    const bytes = Buffer.from(mac, 'base64url');
    if (bytes.length !== MAC_BYTES) return false;
    try {
      const { MacValid } = await this.client.send(
        new VerifyMacCommand({
          KeyId: this.keyId,
          MacAlgorithm: ALGORITHM,
          Message: Buffer.from(message, 'utf8'),
          Mac: bytes,
        }),
      );
      return MacValid === true;
    } catch (error) {
      // KMS answers a MAC that does not match with an error, not with MacValid false.
      if ((error as { name?: string }).name === 'KMSInvalidMacException') return false;
      throw error;
    }
  }
}

/** The signer with its own client, configured from the environment like every SDK client. */
export function createKmsApprovalLinkSigner(keyId: string): KmsApprovalLinkSigner {
  return new KmsApprovalLinkSigner(new KMSClient({}), keyId);
}
