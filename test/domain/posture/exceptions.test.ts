import { describe, expect, it } from 'vitest';
import { type FindingDraft, reconcileFindings } from '../../../functions/domain/analyze';
import type { Finding } from '../../../functions/domain/model';
import {
  applyExceptions,
  type Exception,
  expiringSoon,
  type TagLookup,
} from '../../../functions/domain/posture/exceptions';

const NOW = new Date('2026-11-23T00:00:00.000Z');
const LATER = new Date('2026-12-02T00:00:00.000Z');
const VOL = 'arn:aws:ec2:eu-west-1:111111111111:volume/vol-1';
const VOL2 = 'arn:aws:ec2:eu-west-1:111111111111:volume/vol-2';

const draft = (resourceId: string, ruleId = 'ebs-volume-unencrypted'): FindingDraft => ({
  id: `${ruleId}|${resourceId}`,
  ruleId,
  resourceId,
  resourceType: 'ec2:volume',
  accountId: '111111111111',
  region: 'eu-west-1',
  category: 'security',
  severity: 'medium',
  title: 'EBS volume is not encrypted',
  evidence: { encrypted: false },
  references: [],
});
const open = (resourceId: string): Finding => ({
  ...draft(resourceId),
  status: 'open',
  firstSeen: '2026-11-01T00:00:00.000Z',
  lastSeen: '2026-11-01T00:00:00.000Z',
});
const exception = (over: Partial<Exception> = {}): Exception => ({
  id: 'ex-1',
  ruleId: 'ebs-volume-unencrypted',
  scope: { kind: 'resource', resourceId: VOL },
  reason: 'Legacy volume, migrating in Q1',
  expiresAt: '2026-12-01T00:00:00.000Z',
  createdBy: 'admin@example.com',
  createdAt: '2026-11-20T00:00:00.000Z',
  ...over,
});

describe('applyExceptions', () => {
  it('suppresses the covered finding with who, why and until when, and leaves others open', () => {
    // Act
    const [covered, other] = applyExceptions([open(VOL), open(VOL2)], [exception()], NOW);
    // Assess
    expect(covered).toMatchObject({
      status: 'suppressed',
      suppression: {
        reason: 'Legacy volume, migrating in Q1',
        expiresAt: '2026-12-01T00:00:00.000Z',
        by: 'admin@example.com',
      },
    });
    expect(other).toMatchObject({ status: 'open' });
    expect(other?.suppression).toBeUndefined();
  });

  it('returns the finding to open once the exception has expired', () => {
    const [suppressed] = applyExceptions([open(VOL)], [exception()], NOW);
    const [after] = applyExceptions([suppressed!], [exception()], LATER);
    expect(after).toMatchObject({ status: 'open' });
    expect(after?.suppression).toBeUndefined();
  });

  it('suppresses every finding of resources carrying the tag, and only of that rule', () => {
    const tags: TagLookup = (id) => (id === VOL2 ? { team: 'legacy' } : { team: 'core' });
    const byTag = exception({ scope: { kind: 'tag', key: 'team', value: 'legacy' } });
    const otherRule = { ...open(VOL2), ...draft(VOL2, 'ebs-snapshot-unencrypted') };
    const result = applyExceptions([open(VOL), open(VOL2), otherRule], [byTag], NOW, tags);
    expect(result.map((f) => f.status)).toEqual(['open', 'suppressed', 'open']);
  });

  it('respects an account limit and leaves resolved findings alone', () => {
    const elsewhere = exception({ accountId: '222222222222' });
    const resolved: Finding = { ...open(VOL), status: 'resolved', resolvedAt: NOW.toISOString() };
    expect(applyExceptions([open(VOL)], [elsewhere], NOW)[0]?.status).toBe('open');
    expect(applyExceptions([resolved], [exception()], NOW)[0]).toBe(resolved);
  });
});

describe('expiringSoon', () => {
  it('lists active exceptions expiring within the window, soonest first', () => {
    const soon = exception({ id: 'soon', expiresAt: '2026-11-25T00:00:00.000Z' });
    const sooner = exception({ id: 'sooner', expiresAt: '2026-11-24T00:00:00.000Z' });
    const far = exception({ id: 'far', expiresAt: '2027-06-01T00:00:00.000Z' });
    const expired = exception({ id: 'expired', expiresAt: '2026-11-01T00:00:00.000Z' });
    expect(expiringSoon([soon, far, expired, sooner], NOW, 7).map((e) => e.id)).toEqual(['sooner', 'soon']);
  });
});

describe('reconcileFindings with exceptions', () => {
  it('writes a new covered finding as suppressed and does not report it as opened', () => {
    const changes = reconcileFindings([], [draft(VOL), draft(VOL2)], NOW, () => true, {
      exceptions: [exception()],
    });
    expect(changes.upserts.find((f) => f.resourceId === VOL)).toMatchObject({ status: 'suppressed' });
    expect(changes.opened.map((f) => f.resourceId)).toEqual([VOL2]);
  });

  it('suppresses an open finding when an exception is created, and reopens it after the expiry', () => {
    // Prepare
    const stored = open(VOL);
    // Act
    const during = reconcileFindings([stored], [draft(VOL)], NOW, () => true, { exceptions: [exception()] });
    const suppressed = during.upserts[0]!;
    const steady = reconcileFindings([suppressed], [draft(VOL)], NOW, () => true, {
      exceptions: [exception()],
    });
    const after = reconcileFindings([suppressed], [draft(VOL)], LATER, () => true, {
      exceptions: [exception()],
    });
    // Assess
    expect(suppressed).toMatchObject({ status: 'suppressed', firstSeen: stored.firstSeen });
    expect(steady.upserts).toEqual([]);
    expect(after.upserts[0]).toMatchObject({ status: 'open', firstSeen: stored.firstSeen });
    expect(after.upserts[0]?.suppression).toBeUndefined();
  });

  it('reopens a suppressed finding whose exception was revoked', () => {
    const [suppressed] = applyExceptions([open(VOL)], [exception()], NOW);
    const changes = reconcileFindings([suppressed!], [draft(VOL)], NOW, () => true, { exceptions: [] });
    expect(changes.upserts[0]).toMatchObject({ status: 'open' });
  });
});
