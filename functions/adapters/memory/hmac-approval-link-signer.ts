/**
 * Approval link MACs with node:crypto and a random key that lives as long as the object: the same port
 * as the KMS signer, for tests and the CLI. A link made by one instance does not verify on another.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApprovalLinkSigner } from '../../domain/remediation/approval-link';

export class HmacApprovalLinkSigner implements ApprovalLinkSigner {
  constructor(private readonly key: Buffer = randomBytes(32)) {}

  async sign(message: string): Promise<string> {
    return createHmac('sha256', this.key).update(message, 'utf8').digest('base64url');
  }

  async verify(message: string, mac: string): Promise<boolean> {
    const expected = createHmac('sha256', this.key).update(message, 'utf8').digest();
    const given = Buffer.from(mac, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
