import { findVolume, nativeId, snapshotBacksImage, WELL_ARCHITECTED } from '../../cost/savings';
import { compliant, defineRule, insufficientData, notApplicable, threshold } from '../rule';

const RULE_ID = 'ebs-orphaned-snapshot';
const MS_PER_DAY = 86_400_000;

/**
 * A snapshot older than `ageDays` (default 90) whose source volume is no longer in the inventory and
 * that no AMI uses. Saving: the snapshot's volume size × snapshot GB-month, an upper bound: snapshots
 * are incremental, so deleting one frees only the blocks no other snapshot references.
 */
export const ebsOrphanedSnapshot = defineRule({
  id: RULE_ID,
  title: 'EBS snapshot outlived its volume',
  category: 'cost',
  severity: 'low',
  rationale: 'Old snapshots of deleted volumes are often forgotten backups that keep costing every month.',
  remediation: 'Confirm no restore needs it (or move it to the archive tier), then delete the snapshot.',
  references: [WELL_ARCHITECTED.decommission],
  appliesTo: ['ec2:snapshot'],
  evaluate(snapshot, context) {
    if (snapshot.state !== 'completed') return notApplicable;
    const ageDays = (context.now.getTime() - Date.parse(snapshot.attributes.startTime)) / MS_PER_DAY;
    const minimumAge = threshold(context, RULE_ID, 'ageDays', 90);
    if (ageDays < minimumAge) return compliant;
    const volumeId = snapshot.attributes.volumeId;
    if (volumeId && findVolume(context.inventory, snapshot.accountId, snapshot.region, volumeId))
      return compliant;
    if (snapshotBacksImage(context.inventory, snapshot.accountId, snapshot.region, nativeId(snapshot.id))) {
      return compliant;
    }
    if (snapshot.attributes.storageTier === 'archive') return insufficientData('archive tier is not priced');
    const gbMonth = context.prices.ebsSnapshotGbMonth(snapshot.region);
    if (gbMonth === undefined) return insufficientData(`no snapshot price in ${snapshot.region}`);
    return {
      kind: 'non-compliant',
      monthlySavingsUsd: snapshot.attributes.volumeSizeGiB * gbMonth,
      evidence: {
        ageDays: Math.floor(ageDays),
        thresholdDays: minimumAge,
        sourceVolumeId: volumeId ?? null,
        volumeSizeGiB: snapshot.attributes.volumeSizeGiB,
        snapshotGbMonthUsd: gbMonth,
        savingIsUpperBound: true,
        savingNote: 'Snapshots are incremental: deleting one frees only blocks no other snapshot references.',
        startTime: snapshot.attributes.startTime,
        pricesAsOf: context.prices.asOf,
      },
    };
  },
});
