import type { SavingsLedgerEntry } from '../../../functions/domain/remediation/savings-ledger';

export const ACTED_AT = '2026-11-01T12:00:00.000Z';

/** A holding entry of a stopped instance expected to save $73 a month (0.1 $/h × 730 h). */
export function ledgerEntry(overrides: Partial<SavingsLedgerEntry> = {}): SavingsLedgerEntry {
  return {
    remediationId: 'rem-20261101-aaaa1111',
    itemId: '0',
    actionId: 'ec2-stop-idle-instance',
    ruleId: 'ec2-idle-instance',
    resourceId: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-1',
    resourceType: 'ec2:instance',
    accountId: '111111111111',
    region: 'eu-west-1',
    actedAt: ACTED_AT,
    expectedMonthlyUsd: 73,
    holds: 'The instance is stopping or stopped.',
    costService: 'Amazon Elastic Compute Cloud - Compute',
    status: 'holding',
    lastConfirmedAt: '2026-11-01T12:00:05.000Z',
    updatedAt: '2026-11-01T12:00:05.000Z',
    ...overrides,
  };
}
