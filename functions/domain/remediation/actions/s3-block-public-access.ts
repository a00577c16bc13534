import type { ResourceOf } from '../../model';
import { defineAction } from '../action';
import { nativeId } from '../native-id';
import type { ApiCall } from '../remediation';

type Block = NonNullable<ResourceOf<'s3:bucket'>['attributes']['publicAccessBlock']>;

const ALL_ON: Block = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

/** The SDK's shape of a block (PutPublicAccessBlock's `PublicAccessBlockConfiguration`). */
const configuration = (block: Block) => ({
  BlockPublicAcls: block.blockPublicAcls,
  IgnorePublicAcls: block.ignorePublicAcls,
  BlockPublicPolicy: block.blockPublicPolicy,
  RestrictPublicBuckets: block.restrictPublicBuckets,
});

const settingsOff = (block: Block | null) =>
  block === null ? Object.keys(ALL_ON) : Object.entries(block).flatMap(([key, on]) => (on ? [] : [key]));

// ExpectedBucketOwner: a bucket name is global, so a bucket re-created by another account under the same
// name between pre-flight and the change is refused by S3 rather than changed.
const put = (bucket: ResourceOf<'s3:bucket'>, block: Block): ApiCall => ({
  service: 's3',
  action: 'PutPublicAccessBlock',
  dryRunnable: false,
  input: {
    Bucket: nativeId(bucket),
    ExpectedBucketOwner: bucket.accountId,
    PublicAccessBlockConfiguration: configuration(block),
  },
});

/**
 * Turns on all four Block Public Access settings of a bucket, keeping the exact previous
 * configuration (or that there was none) so undo restores it.
 *
 * Destructive, so a person approves it: the change stops whatever relied on public access (a static
 * website served straight from the bucket, a public or cross-account bucket policy cut off by
 * RestrictPublicBuckets, public-read ACLs ignored), and that cannot be seen from the bucket alone.
 *
 * The member role reaches buckets only in accounts opted in as a whole: general purpose buckets honour
 * `aws:ResourceTag` in IAM policies only once ABAC is enabled on each bucket (off by default), so a
 * tag condition would refuse nearly every bucket (see ACCOUNT_WRITE_ACTIONS).
 */
export const s3BlockPublicAccess = defineAction<'s3:bucket'>({
  id: 's3-block-public-access',
  title: 'Turn on S3 Block Public Access for a bucket',
  fixes: ['s3-public-access-block-incomplete'],
  resourceType: 's3:bucket',
  destructive: true,
  backupDescription:
    'None needed: the exact previous public access block (its four settings, or that there was none) is kept with the item.',
  verifyDescription: 'The re-described bucket has all four Block Public Access settings on.',
  undo: {
    undoable: true,
    description:
      'Puts back the exact previous public access block, or deletes the block when the bucket had none.',
    plan(before) {
      const previous = before.attributes.publicAccessBlock;
      if (previous) return [put(before, previous)];
      return [
        {
          service: 's3',
          action: 'DeletePublicAccessBlock',
          dryRunnable: false,
          input: { Bucket: nativeId(before), ExpectedBucketOwner: before.accountId },
        },
      ];
    },
  },
  plan(bucket) {
    const previous = bucket.attributes.publicAccessBlock;
    const off = settingsOff(previous);
    return {
      summary: `Turn on ${off.join(', ')} for bucket ${nativeId(bucket)} (all four Block Public Access settings).`,
      backup: [],
      act: [put(bucket, ALL_ON)],
      record: { previousPublicAccessBlock: previous ? JSON.stringify(previous) : 'none' },
    };
  },
  preflight(bucket) {
    const off = settingsOff(bucket.attributes.publicAccessBlock);
    const publicPolicy = bucket.attributes.policyIsPublic === true;
    return [
      {
        id: 'block-incomplete',
        passed: off.length > 0,
        detail: off.length > 0 ? `off: ${off.join(', ')}` : 'all four settings are already on',
      },
      // Told, not refused: cutting public access is the point, and the approver decides with it in view.
      {
        id: 'public-policy-impact',
        passed: true,
        detail: publicPolicy
          ? 'the bucket policy is public: RestrictPublicBuckets cuts off every anonymous and cross-account reader it admits'
          : 'the bucket policy is not public',
      },
    ];
  },
  verify(after) {
    if (!after) return 'the bucket no longer exists';
    const off = settingsOff(after.attributes.publicAccessBlock);
    return off.length === 0 ? true : `still off: ${off.join(', ')}`;
  },
});
