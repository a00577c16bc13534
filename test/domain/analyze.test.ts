import { describe, expect, it } from 'vitest';
import { reconcileFindings } from '../../functions/domain/analyze';
import type { Finding } from '../../functions/domain/model';

const now = new Date('2026-11-23T00:00:00Z');
const finding = (id: string, over: Partial<Finding> = {}): Finding => ({
  id,
  ruleId: id.split('|')[0]!,
  resourceId: id.split('|')[1]!,
  resourceType: 'ec2:volume',
  accountId: '111111111111',
  region: 'eu-west-1',
  category: 'security',
  severity: 'high',
  title: 'Volume unencrypted',
  evidence: { encrypted: false },
  references: [],
  status: 'open',
  firstSeen: '2026-11-01T00:00:00.000Z',
  lastSeen: '2026-11-01T00:00:00.000Z',
  ...over,
});
const draftOf = ({
  status: _s,
  firstSeen: _f,
  lastSeen: _l,
  suppression: _x,
  resolvedAt: _r,
  ...draft
}: Finding) => draft;

describe('reconcileFindings', () => {
  it('keeps an unchanged open finding without writing it', () => {
    const old = finding('ebs-unencrypted|vol-1');
    const changes = reconcileFindings([old], [draftOf(old)], now, () => true);
    expect(changes.upserts).toEqual([]);
    expect(changes.unchanged).toBe(1);
  });

  it('resolves a finding in scope that the rules no longer raise, and leaves out-of-scope ones alone', () => {
    const inScope = finding('ebs-unencrypted|vol-1');
    const outOfScope = finding('ebs-unencrypted|vol-2', { accountId: '222222222222' });
    const changes = reconcileFindings([inScope, outOfScope], [], now, (f) => f.accountId === '111111111111');
    expect(changes.resolved.map((f) => f.id)).toEqual(['ebs-unencrypted|vol-1']);
    expect(changes.resolved[0]).toMatchObject({ status: 'resolved', resolvedAt: now.toISOString() });
  });

  it('keeps a suppression until it expires, then reopens the finding', () => {
    const suppressed = finding('ebs-unencrypted|vol-1', {
      status: 'suppressed',
      suppression: { reason: 'migration', expiresAt: '2026-12-01T00:00:00.000Z', by: 'admin@example.com' },
    });
    const before = reconcileFindings([suppressed], [draftOf(suppressed)], now, () => true);
    expect(before.upserts).toEqual([]);
    const after = reconcileFindings(
      [suppressed],
      [draftOf(suppressed)],
      new Date('2026-12-02T00:00:00Z'),
      () => true,
    );
    expect(after.upserts[0]).toMatchObject({ status: 'open', firstSeen: '2026-11-01T00:00:00.000Z' });
    expect(after.upserts[0]?.suppression).toBeUndefined();
  });
});
