import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import type { ResourceData } from '../../domain/model';
import type { Collector } from './collector';
import { required } from './sdk-shared';

const OPERATION = 'DescribeTrails';

type TrailResource = Extract<ResourceData, { type: 'cloudtrail:trail' }>;

/**
 * CloudTrail trails whose home is the job's region. DescribeTrails is not paged and, with
 * `includeShadowTrails: false`, leaves out the copies a multi-region trail shows in other regions, so
 * each trail is reported once, by its home region's job. Whether it is logging needs GetTrailStatus,
 * one call per trail (there are a handful per account).
 *
 * Tags are not read (`tags` is `{}`): CloudTrail keeps them behind ListTags, which no rule needs.
 */
export const cloudTrailTrailsCollector: Collector = {
  name: 'cloudtrail-trails',
  resourceTypes: ['cloudtrail:trail'],
  scope: 'regional',
  async collect(clients) {
    const cloudTrail = clients.get(CloudTrailClient);
    const response = await cloudTrail.send(new DescribeTrailsCommand({ includeShadowTrails: false }));
    return Promise.all(
      (response.trailList ?? []).map(async (trail) => {
        const arn = required(trail.TrailARN, OPERATION, 'TrailARN');
        const status = await cloudTrail.send(new GetTrailStatusCommand({ Name: arn }));
        return toResource(trail, arn, status.IsLogging ?? false, clients.accountId, clients.region);
      }),
    );
  },
};

function toResource(
  trail: Trail,
  arn: string,
  isLogging: boolean,
  accountId: string,
  region: string,
): TrailResource {
  return {
    id: arn,
    accountId,
    region,
    type: 'cloudtrail:trail',
    name: required(trail.Name, OPERATION, 'Name'),
    // CloudTrail has no lifecycle state; a trail that does not log is `stopped` (StopLogging).
    state: isLogging ? 'active' : 'stopped',
    tags: {},
    attributes: {
      homeRegion: trail.HomeRegion ?? region,
      isMultiRegion: trail.IsMultiRegionTrail ?? false,
      isLogging,
      s3BucketName: trail.S3BucketName,
      logFileValidationEnabled: trail.LogFileValidationEnabled ?? false,
    },
  };
}
