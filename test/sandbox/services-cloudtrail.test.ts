import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudTrailTrailsCollector } from '../../functions/adapters/collectors/cloudtrail-trails';
import type { ClientFactory } from '../../functions/adapters/collectors/collector';
import type { ResourceData } from '../../functions/domain/model';
import { assumeMemberRole, type SandboxCredentials, sandboxClientConfig } from './clients';
import { type Fleet, type FleetResource, FleetSchema } from './fleet';
import { type Sandbox, startSandbox } from './server';
import { trailArn } from './services/cloudtrail';

const MEMBER = '222233334444';

function trail(id: string, region: string, isMultiRegion: boolean, isLogging: boolean): FleetResource {
  return {
    id,
    region,
    type: 'cloudtrail:trail',
    name: id,
    state: isLogging ? 'active' : 'stopped',
    tags: {},
    attributes: {
      homeRegion: region,
      isMultiRegion,
      isLogging,
      s3BucketName: `${id}-logs`,
      logFileValidationEnabled: isMultiRegion,
    },
  };
}

const everywhere = trail('org-audit', 'us-east-1', true, true);
const local = trail('eu-debug', 'eu-west-1', false, false);

const fleet: Fleet = FleetSchema.parse({
  organization: { managementAccountId: '111122223333', hubAccountId: '111122223333' },
  regions: ['us-east-1', 'eu-west-1'],
  accounts: [
    { id: '111122223333', name: 'hub', regions: ['us-east-1'], externalId: 'hostmaster-local-external-id' },
    {
      id: MEMBER,
      name: 'member',
      regions: ['us-east-1', 'eu-west-1'],
      externalId: 'hostmaster-local-external-id',
      resources: [everywhere, local],
    },
  ],
});

function expected(resource: FleetResource): ResourceData {
  const { id, usage: _usage, ...rest } = resource;
  return { ...rest, id: trailArn(MEMBER, resource.region, id), accountId: MEMBER } as ResourceData;
}

describe('sandbox CloudTrail with the cloudtrail-trails collector', () => {
  let sandbox: Sandbox;
  let credentials: SandboxCredentials;
  const made: { destroy(): void }[] = [];
  const clientsIn = (region: string): ClientFactory => ({
    accountId: MEMBER,
    region,
    get: (ctor) => {
      const client = new ctor(sandboxClientConfig(sandbox.endpoint, region, credentials));
      made.push(client as unknown as { destroy(): void });
      return client;
    },
  });

  beforeAll(async () => {
    sandbox = await startSandbox({ fleet });
    credentials = await assumeMemberRole(sandbox.endpoint, fleet, MEMBER);
  });
  afterAll(async () => {
    for (const client of made) client.destroy();
    await sandbox.stop();
  });

  it('reports each trail once, from its home region, with its logging status', async () => {
    // Act
    const us = await cloudTrailTrailsCollector.collect(clientsIn('us-east-1'));
    const eu = await cloudTrailTrailsCollector.collect(clientsIn('eu-west-1'));

    // Assess
    expect(us).toEqual([expected(everywhere)]);
    expect(eu).toEqual([expected(local)]);
  });

  it('shows a multi-region trail as a shadow trail elsewhere unless asked not to', async () => {
    // Prepare
    const cloudTrail = clientsIn('eu-west-1').get(CloudTrailClient);

    // Act
    const withShadows = await cloudTrail.send(new DescribeTrailsCommand({}));
    const status = await cloudTrail.send(
      new GetTrailStatusCommand({ Name: trailArn(MEMBER, 'us-east-1', 'org-audit') }),
    );

    // Assess
    expect(withShadows.trailList?.map((t) => [t.Name, t.HomeRegion])).toEqual([
      ['eu-debug', 'eu-west-1'],
      ['org-audit', 'us-east-1'],
    ]);
    expect(status.IsLogging).toBe(true);
  });

  it('answers TrailNotFoundException for an unknown trail', async () => {
    // Act
    const asking = clientsIn('us-east-1')
      .get(CloudTrailClient)
      .send(new GetTrailStatusCommand({ Name: 'ghost' }));

    // Assess
    await expect(asking).rejects.toMatchObject({ name: 'TrailNotFoundException' });
  });
});
