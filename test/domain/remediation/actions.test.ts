import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../../functions/domain/inventory';
import type { Resource, ResourceOf } from '../../../functions/domain/model';
import { ebsDeleteOrphanedSnapshot } from '../../../functions/domain/remediation/actions/ebs-delete-orphaned-snapshot';
import { ebsDeleteUnattachedVolume } from '../../../functions/domain/remediation/actions/ebs-delete-unattached-volume';
import { sgRevokeOpenIngress } from '../../../functions/domain/remediation/actions/sg-revoke-open-ingress';
import { countItems, finalStatus } from '../../../functions/domain/remediation/lifecycle';
import { runPreflight } from '../../../functions/domain/remediation/preflight';
import type { RemediationItem } from '../../../functions/domain/remediation/remediation';

const META = {
  firstSeen: '2026-01-01T00:00:00.000Z',
  lastSeen: '2026-01-01T00:00:00.000Z',
  contentHash: 'x',
};
const OPT_IN = { 'hostmaster:remediation': 'allow' };

function volume(tags: Record<string, string> = OPT_IN, state = 'available'): ResourceOf<'ec2:volume'> {
  return {
    ...META,
    id: 'arn:aws:ec2:eu-west-1:111111111111:volume/vol-1',
    accountId: '111111111111',
    region: 'eu-west-1',
    type: 'ec2:volume',
    name: 'data',
    state,
    tags,
    attributes: {
      volumeType: 'io1',
      sizeGiB: 50,
      iops: 1000,
      encrypted: true,
      availabilityZone: 'eu-west-1b',
      createTime: '2026-01-01T00:00:00.000Z',
      attachments: [],
    },
  };
}

describe('snapshot-then-delete an unattached volume', () => {
  it('plans a tagged snapshot first, then the deletion, and an undo that restores type, size, IOPS and tags', () => {
    // Prepare
    const resource = volume({ ...OPT_IN, owner: 'data-team', 'aws:createdBy': 'x' });

    // Act
    const plan = ebsDeleteUnattachedVolume.plan(resource as never, {
      remediationId: 'rem-1',
      ruleId: 'ebs-unattached-volume',
    });
    const undo = ebsDeleteUnattachedVolume.undo.undoable
      ? ebsDeleteUnattachedVolume.undo.plan(resource as never, { snapshotId: 'snap-9' })
      : [];

    // Assess
    expect(plan.backup).toEqual([
      expect.objectContaining({
        action: 'CreateSnapshot',
        input: expect.objectContaining({
          VolumeId: 'vol-1',
          TagSpecifications: [
            expect.objectContaining({
              ResourceType: 'snapshot',
              Tags: expect.arrayContaining([
                { Key: 'hostmaster:remediation', Value: 'allow' },
                { Key: 'hostmaster:remediation-id', Value: 'rem-1' },
              ]),
            }),
          ],
        }),
        capture: { snapshotId: 'SnapshotId' },
      }),
    ]);
    expect(plan.act).toEqual([
      { service: 'ec2', action: 'DeleteVolume', dryRunnable: true, input: { VolumeId: 'vol-1' } },
    ]);
    expect(undo[0]?.input).toMatchObject({
      SnapshotId: 'snap-9',
      AvailabilityZone: 'eu-west-1b',
      VolumeType: 'io1',
      Size: 50,
      Iops: 1000,
    });
    const tags = (undo[0]!.input.TagSpecifications as { Tags: { Key: string }[] }[])[0]!.Tags.map(
      (t) => t.Key,
    );
    expect(tags).toEqual(
      expect.arrayContaining(['hostmaster:remediation', 'owner', 'hostmaster:restored-from']),
    );
    expect(tags).not.toContain('aws:createdBy');
  });

  it('pre-flight refuses an untagged volume, an attached one and one a CloudFormation stack owns', () => {
    // Prepare
    const inventory = buildInventory([]);

    // Act
    const untagged = runPreflight(ebsDeleteUnattachedVolume, volume({}), { inventory });
    const attached = runPreflight(ebsDeleteUnattachedVolume, volume(OPT_IN, 'in-use'), { inventory });
    const stack = runPreflight(
      ebsDeleteUnattachedVolume,
      volume({ ...OPT_IN, 'aws:cloudformation:stack-name': 'app' }),
      { inventory },
    );
    const fine = runPreflight(ebsDeleteUnattachedVolume, volume(), { inventory });
    const gone = runPreflight(ebsDeleteUnattachedVolume, undefined, { inventory });

    // Assess
    expect(untagged.passed).toBe(false);
    expect(untagged.checks.find((c) => c.id === 'opted-in')?.passed).toBe(false);
    expect(attached.checks.find((c) => c.id === 'volume-unattached')?.passed).toBe(false);
    expect(stack.checks.find((c) => c.id === 'not-owned-by-cloudformation')?.detail).toMatch(/stack app/);
    expect(fine.passed).toBe(true);
    expect(gone).toEqual({
      passed: false,
      checks: [{ id: 'resource-exists', passed: false, detail: 'the resource no longer exists' }],
    });
  });
});

describe('revoke an open security-group rule', () => {
  const group = (
    ingress: ResourceOf<'ec2:security-group'>['attributes']['ingress'],
  ): ResourceOf<'ec2:security-group'> => ({
    ...META,
    id: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-1',
    accountId: '111111111111',
    region: 'eu-west-1',
    type: 'ec2:security-group',
    name: 'web',
    state: 'active',
    tags: OPT_IN,
    attributes: { groupId: 'sg-1', description: 'web', isDefault: false, ingress, egress: [] },
  });
  const rule = (from: number, to: number, v4: string[], v6: string[] = []) => ({
    protocol: 'tcp',
    fromPort: from,
    toPort: to,
    ipv4Ranges: v4,
    ipv6Ranges: v6,
    sourceGroupIds: [],
    prefixListIds: [],
  });

  it('revokes only the world-open source of the flagged rule, keeping it exactly for undo', () => {
    // Prepare
    const resource = group([
      rule(22, 22, ['0.0.0.0/0', '10.0.0.0/8'], ['::/0']),
      rule(443, 443, ['0.0.0.0/0']),
    ]);

    // Act
    const plan = sgRevokeOpenIngress.plan(resource as never, {
      remediationId: 'rem-1',
      ruleId: 'sg-admin-port-open-ipv4',
    });
    const undo = sgRevokeOpenIngress.undo.undoable
      ? sgRevokeOpenIngress.undo.plan(resource as never, { ...plan.record })
      : [];

    // Assess: the IPv6 source and 443 are another rule's business; 10.0.0.0/8 stays.
    expect(plan.act).toEqual([
      {
        service: 'ec2',
        action: 'RevokeSecurityGroupIngress',
        dryRunnable: true,
        input: {
          GroupId: 'sg-1',
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          ],
        },
      },
    ]);
    expect(undo).toEqual([{ ...plan.act[0], action: 'AuthorizeSecurityGroupIngress' }]);
  });

  it('verifies against the rule that was fixed: still open fails, closed passes', () => {
    // Prepare
    const request = { remediationId: 'rem-1', ruleId: 'sg-admin-port-open-ipv4' };

    // Act / Assess
    expect(sgRevokeOpenIngress.verify(group([rule(22, 22, ['0.0.0.0/0'])]) as never, request)).toMatch(
      /still open: tcp 22 from 0\.0\.0\.0\/0/,
    );
    expect(sgRevokeOpenIngress.verify(group([rule(22, 22, ['10.0.0.0/8'])]) as never, request)).toBe(true);
    expect(sgRevokeOpenIngress.verify(undefined, request)).toMatch(/no longer exists/);
  });
});

describe('delete an orphaned snapshot', () => {
  it('refuses a snapshot an AMI still uses (read live, not from the inventory), and says undo is impossible', () => {
    // Prepare
    const snapshot: Resource = {
      ...META,
      id: 'arn:aws:ec2:eu-west-1:111111111111:snapshot/snap-1',
      accountId: '111111111111',
      region: 'eu-west-1',
      type: 'ec2:snapshot',
      name: 'old',
      state: 'completed',
      tags: OPT_IN,
      attributes: {
        volumeSizeGiB: 8,
        encrypted: false,
        startTime: '2025-01-01T00:00:00.000Z',
        public: false,
      },
    };

    // Act
    const result = runPreflight(ebsDeleteOrphanedSnapshot, snapshot, {
      inventory: buildInventory([]),
      facts: { snapshotReferences: { images: ['ami-1 (golden)'], launchTemplateVersions: [] } },
    });

    // Assess
    expect(result.passed).toBe(false);
    expect(result.checks.find((c) => c.id === 'snapshot-not-used-by-ami')?.detail).toMatch(
      /^used by ami-1 \(golden\)/,
    );
    expect(ebsDeleteOrphanedSnapshot.undo.undoable).toBe(false);
  });
});

describe('request status from its items', () => {
  const item = (status: RemediationItem['status']) => ({ status }) as RemediationItem;

  it('succeeds only when nothing failed; all refused is refused; a failed verification is a failure', () => {
    // Act / Assess
    expect(finalStatus([item('succeeded'), item('refused')])).toBe('succeeded');
    expect(finalStatus([item('succeeded'), item('failed')])).toBe('failed');
    expect(finalStatus([item('refused'), item('refused')])).toBe('refused');
    expect(countItems([item('succeeded'), item('failed'), item('skipped')])).toEqual({
      items: 3,
      succeeded: 1,
      failed: 1,
      refused: 0,
      skipped: 1,
    });
  });
});
