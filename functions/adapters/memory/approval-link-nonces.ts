import type { ApprovalLinkNonces } from '../../domain/remediation/approval-link';

/** Used approval link nonces in memory (tests and the CLI), first use wins as with DynamoDB's. */
export class MemoryApprovalLinkNonces implements ApprovalLinkNonces {
  private readonly spent = new Set<string>();

  async consume(remediationId: string, nonce: string): Promise<boolean> {
    const key = `${remediationId}/${nonce}`;
    if (this.spent.has(key)) return false;
    this.spent.add(key);
    return true;
  }

  async used(remediationId: string, nonce: string): Promise<boolean> {
    return this.spent.has(`${remediationId}/${nonce}`);
  }
}
