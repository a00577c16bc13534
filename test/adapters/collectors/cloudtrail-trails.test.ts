import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { cloudTrailTrailsCollector } from '../../../functions/adapters/collectors/cloudtrail-trails';
import type { ClientFactory } from '../../../functions/adapters/collectors/collector';
import { ResourceDataSchema } from '../../../functions/domain/model';

const cloudTrail = mockClient(CloudTrailClient);
const clients: ClientFactory = {
  accountId: '111122223333',
  region: 'us-east-1',
  get: (ctor) => new ctor({ region: 'us-east-1' }),
};
const arn = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit';

afterEach(() => {
  cloudTrail.reset();
});

describe('cloudTrailTrailsCollector', () => {
  it('reports home-region trails with their logging status, stopped when not logging', async () => {
    // Prepare
    cloudTrail.on(DescribeTrailsCommand).resolves({
      trailList: [
        {
          Name: 'org-audit',
          TrailARN: arn,
          HomeRegion: 'us-east-1',
          IsMultiRegionTrail: true,
          S3BucketName: 'audit-logs',
          LogFileValidationEnabled: true,
        },
      ],
    });
    cloudTrail.on(GetTrailStatusCommand).resolves({ IsLogging: false });

    // Act
    const resources = await cloudTrailTrailsCollector.collect(clients);

    // Assess
    expect(resources).toEqual([
      {
        id: arn,
        accountId: '111122223333',
        region: 'us-east-1',
        type: 'cloudtrail:trail',
        name: 'org-audit',
        state: 'stopped',
        tags: {},
        attributes: {
          homeRegion: 'us-east-1',
          isMultiRegion: true,
          isLogging: false,
          s3BucketName: 'audit-logs',
          logFileValidationEnabled: true,
        },
      },
    ]);
    expect(ResourceDataSchema.safeParse(resources[0]).success).toBe(true);
    expect(cloudTrail).toHaveReceivedCommandWith(DescribeTrailsCommand, { includeShadowTrails: false });
    expect(cloudTrail).toHaveReceivedCommandWith(GetTrailStatusCommand, { Name: arn });
  });

  it('makes no status call when the region has no trail', async () => {
    // Prepare
    cloudTrail.on(DescribeTrailsCommand).resolves({ trailList: [] });

    // Act
    const resources = await cloudTrailTrailsCollector.collect(clients);

    // Assess
    expect(resources).toEqual([]);
    expect(cloudTrail).toHaveReceivedCommandTimes(GetTrailStatusCommand, 0);
  });
});
