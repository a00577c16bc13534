import {
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  type DescribeDBSnapshotsCommandInput,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../../functions/adapters/collectors/collector';
import { rdsSnapshotsCollector } from '../../../functions/adapters/collectors/rds-snapshots';
import { ResourceDataSchema } from '../../../functions/domain/model';

const rds = mockClient(RDSClient);
const clients: ClientFactory = {
  accountId: '111122223333',
  region: 'eu-west-1',
  get: (ctor) => new ctor({ region: 'eu-west-1' }),
};

function snapshot(id: string, type: 'manual' | 'automated') {
  return {
    DBSnapshotIdentifier: id,
    DBSnapshotArn: `arn:aws:rds:eu-west-1:111122223333:snapshot:${id}`,
    DBInstanceIdentifier: 'orders-db',
    SnapshotCreateTime: new Date('2026-10-01T00:00:00Z'),
    Engine: 'postgres',
    AllocatedStorage: 200,
    Status: 'available',
    SnapshotType: type,
    Encrypted: false,
    TagList: [{ Key: 'env', Value: 'prod' }],
  };
}

afterEach(() => {
  rds.reset();
});

describe('rdsSnapshotsCollector', () => {
  it('marks a manual snapshot restorable by all as public', async () => {
    // Prepare
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot('before-upgrade', 'manual')] });
    rds.on(DescribeDBSnapshotAttributesCommand).resolves({
      DBSnapshotAttributesResult: {
        DBSnapshotIdentifier: 'before-upgrade',
        DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: ['all'] }],
      },
    });

    // Act
    const resources = await rdsSnapshotsCollector.collect(clients);

    // Assess
    expect(resources).toEqual([
      {
        id: 'arn:aws:rds:eu-west-1:111122223333:snapshot:before-upgrade',
        accountId: '111122223333',
        region: 'eu-west-1',
        type: 'rds:db-snapshot',
        name: 'before-upgrade',
        state: 'available',
        tags: { env: 'prod' },
        attributes: {
          dbInstanceIdentifier: 'orders-db',
          snapshotType: 'manual',
          engine: 'postgres',
          encrypted: false,
          public: true,
          allocatedStorageGiB: 200,
          createTime: '2026-10-01T00:00:00.000Z',
        },
      },
    ]);
    expect(ResourceDataSchema.safeParse(resources[0]).success).toBe(true);
  });

  it('keeps a manual snapshot shared with one account private', async () => {
    // Prepare
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot('shared', 'manual')] });
    rds.on(DescribeDBSnapshotAttributesCommand).resolves({
      DBSnapshotAttributesResult: {
        DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: ['444455556666'] }],
      },
    });

    // Act
    const [resource] = await rdsSnapshotsCollector.collect(clients);

    // Assess
    expect(resource?.type === 'rds:db-snapshot' && resource.attributes.public).toBe(false);
  });

  it('asks for attributes of manual snapshots only', async () => {
    // Prepare
    rds.on(DescribeDBSnapshotsCommand).resolves({
      DBSnapshots: [snapshot('rds:orders-db-2026-10-01-00-00', 'automated'), snapshot('mine', 'manual')],
    });
    rds
      .on(DescribeDBSnapshotAttributesCommand)
      .resolves({ DBSnapshotAttributesResult: { DBSnapshotAttributes: [] } });

    // Act
    const resources = await rdsSnapshotsCollector.collect(clients);

    // Assess
    expect(resources).toHaveLength(2);
    expect(rds).toHaveReceivedCommandTimes(DescribeDBSnapshotAttributesCommand, 1);
    expect(rds).toHaveReceivedCommandWith(DescribeDBSnapshotAttributesCommand, {
      DBSnapshotIdentifier: 'mine',
    });
  });

  it('follows the Marker to the second page with 100 records a page', async () => {
    // Prepare
    const markers: (string | undefined)[] = [];
    rds.on(DescribeDBSnapshotsCommand).callsFake((input: DescribeDBSnapshotsCommandInput) => {
      markers.push(input.Marker);
      return input.Marker === undefined
        ? { DBSnapshots: [snapshot('rds:a', 'automated')], Marker: 'next' }
        : { DBSnapshots: [snapshot('rds:b', 'automated')] };
    });

    // Act
    const resources = await rdsSnapshotsCollector.collect(clients);

    // Assess
    expect(markers).toEqual([undefined, 'next']);
    expect(rds).toHaveReceivedCommandWith(DescribeDBSnapshotsCommand, { MaxRecords: 100 });
    expect(resources.map((r) => r.name)).toEqual(['rds:a', 'rds:b']);
  });
});
