/**
 * CloudTrail (awsJson1_1, target `CloudTrail_20131101`): DescribeTrails and GetTrailStatus, for the
 * `cloudtrail-trails` collector. Trails are the fleet's `cloudtrail:trail` resources, with the trail
 * name as native id and their home region as region. A multi-region trail shows in every other region
 * of the account as a shadow trail unless `includeShadowTrails` is false, as in CloudTrail.
 *
 * Simplifications: no organization trails from other accounts; logging times are not reported.
 */
import type { FleetResourceOf } from '../fleet';
import { jsonResult, type SandboxContext, SandboxError, type SandboxService } from '../service';

type Trail = FleetResourceOf<'cloudtrail:trail'>;

/** `arn:aws:cloudtrail:<home region>:<account>:trail/<name>` */
export function trailArn(accountId: string, region: string, name: string): string {
  return `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;
}

function notFound(name: string, context: SandboxContext, region: string): SandboxError {
  return new SandboxError(
    400,
    'TrailNotFoundException',
    `Unknown trail: ${name} for the user: ${context.account.id} in region ${region}`,
  );
}

/** A trail named by name (home region = request region) or by ARN (any region of the account). */
function trailOf(nameOrArn: string, context: SandboxContext, requestRegion: string): Trail {
  const arn = /^arn:aws[\w-]*:cloudtrail:([\w-]+):(\d{12}):trail\/(.+)$/.exec(nameOrArn);
  const trail = arn
    ? arn[2] === context.account.id
      ? context.find('cloudtrail:trail', arn[3] ?? '', { region: arn[1] ?? '' })
      : undefined
    : context.find('cloudtrail:trail', nameOrArn);
  if (!trail) throw notFound(nameOrArn, context, requestRegion);
  return trail;
}

export const cloudTrailService: SandboxService = {
  name: 'cloudtrail',
  signingName: 'cloudtrail',
  protocol: 'awsJson1_1',
  // The current SDK sends `X-Amz-Target: CloudTrail_20131101.<Operation>` (older ones prefixed
  // `com.amazonaws.cloudtrail.v20131101.`).
  targetPrefix: 'CloudTrail_20131101',
  actions: {
    DescribeTrails: (request, context) => {
      const includeShadowTrails = request.json.includeShadowTrails !== false;
      const names = Array.isArray(request.json.trailNameList) ? request.json.trailNameList.map(String) : [];
      let trails: readonly Trail[] = context.resources('cloudtrail:trail');
      if (includeShadowTrails) {
        const shadows = context
          .resources('cloudtrail:trail', { region: 'all' })
          .filter((t) => t.attributes.isMultiRegion && t.region !== request.region);
        trails = [...trails, ...shadows];
      }
      if (names.length > 0) {
        trails = trails.filter(
          (t) => names.includes(t.id) || names.includes(trailArn(context.account.id, t.region, t.id)),
        );
      }
      return jsonResult({
        trailList: trails.map((t) => ({
          Name: t.id,
          S3BucketName: t.attributes.s3BucketName,
          IncludeGlobalServiceEvents: t.attributes.isMultiRegion,
          IsMultiRegionTrail: t.attributes.isMultiRegion,
          HomeRegion: t.attributes.homeRegion,
          TrailARN: trailArn(context.account.id, t.region, t.id),
          LogFileValidationEnabled: t.attributes.logFileValidationEnabled,
          HasCustomEventSelectors: false,
          HasInsightSelectors: false,
          IsOrganizationTrail: false,
        })),
      });
    },
    GetTrailStatus: (request, context) => {
      const name = typeof request.json.Name === 'string' ? request.json.Name : '';
      if (name === '')
        throw new SandboxError(400, 'InvalidTrailNameException', 'Trail name must not be empty');
      const trail = trailOf(name, context, request.region);
      return jsonResult({ IsLogging: trail.attributes.isLogging });
    },
  },
};
