/**
 * "Last seen" moves on every successful collection although steady-state scans write nothing
 * (issue 10: it stayed at the first scan because only changed items are written). Runs the real scan
 * job twice over the same resources, then once with the collector failing, and reads the API, with
 * the in-memory and the DynamoDB (dynalite) scan-run stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenScope } from '../../functions/adapters/aws/client-pool';
import type { Collector } from '../../functions/adapters/collectors/collector';
import { createDocumentClient } from '../../functions/adapters/dynamodb/document-client';
import { DynamoDbScanRunStore } from '../../functions/adapters/dynamodb/scan-run-store';
import { MemoryScanRunStore } from '../../functions/adapters/memory/scan-run-store';
import { runScanJob } from '../../functions/app/scan/run-job';
import type { ResourceData } from '../../functions/domain/model';
import type { ScanRunStore } from '../../functions/domain/ports';
import { getResource } from '../../functions/handlers/api/get-resource';
import { listResources } from '../../functions/handlers/api/list-resources';
import type { ApiRequest } from '../../functions/handlers/api/operation';
import { dependencies } from '../handlers/api/fixtures';
import { type LocalDynamoDb, startLocalDynamoDb } from '../local/dynalite';

const ACCOUNT = '123456789012';
const VPC = `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/vpc-1`;
const T1 = '2026-11-23T08:00:00.000Z';
const T2 = '2026-11-23T08:15:00.000Z';
const T3 = '2026-11-23T08:30:00.000Z';

const vpc: ResourceData = {
  id: VPC,
  accountId: ACCOUNT,
  region: 'eu-west-1',
  type: 'ec2:vpc',
  name: 'main',
  state: 'available',
  tags: {},
  attributes: { cidrBlock: '10.0.0.0/16', isDefault: false },
};

const opened: OpenScope = {
  clients: { accountId: ACCOUNT, region: 'eu-west-1', get: () => ({}) as never },
  usage: () => ({ calls: 1, retries: 0 }),
};

function collectors(vpcsFail: boolean): Collector[] {
  return [
    {
      name: 'vpcs',
      resourceTypes: ['ec2:vpc'],
      scope: 'regional',
      collect: async () => {
        if (vpcsFail) throw Object.assign(new Error('denied'), { name: 'UnauthorizedOperation' });
        return [vpc];
      },
    },
    { name: 'subnets', resourceTypes: ['ec2:subnet'], scope: 'regional', collect: async () => [] },
  ];
}

const request = (overrides: Partial<ApiRequest> = {}): ApiRequest => ({
  caller: { subject: 's', username: 'viewer', groups: ['viewer'] },
  pathParameters: {},
  query: {},
  body: undefined,
  ...overrides,
});

let dynamo: LocalDynamoDb;
beforeAll(async () => {
  dynamo = await startLocalDynamoDb();
});
afterAll(async () => {
  await dynamo?.stop();
});

describe.each([
  ['in memory', (): ScanRunStore => new MemoryScanRunStore()],
  [
    'in DynamoDB',
    (): ScanRunStore => new DynamoDbScanRunStore(createDocumentClient(dynamo.clientConfig), dynamo.tableName),
  ],
])('last seen with scan runs %s', (_name, scanRunsOf) => {
  it('moves to every successful collection, costs no write, and stays when the collection fails', async () => {
    // Prepare
    const deps = { ...dependencies(), scanRuns: scanRunsOf() };
    const scan = (scanId: string, at: string, vpcsFail = false) =>
      runScanJob(
        { scanId, accountId: ACCOUNT, region: 'eu-west-1' },
        {
          collectors: collectors(vpcsFail),
          resources: deps.resources,
          scanRuns: deps.scanRuns,
          openScope: async () => opened,
          now: () => new Date(at),
        },
      );
    const seen = async () => {
      const { body } = await listResources(request(), deps);
      return body.items[0];
    };

    // Act
    await scan('scan-1', T1);
    const first = await seen();
    const writesAfterFirst = deps.resources.writes;
    const steady = await scan('scan-2', T2);
    const second = await seen();
    const detail = (await getResource(request({ pathParameters: { id: VPC } }), deps)).body;
    const failed = await scan('scan-3', T3, true);
    const third = await seen();

    // Assess
    expect(first).toMatchObject({ lastSeen: T1, lastChanged: T1, lastCollectedAt: T1 });
    expect(steady.changes).toMatchObject({ unchanged: 1, added: 0, updated: 0 });
    expect(deps.resources.writes).toBe(writesAfterFirst);
    expect(second).toMatchObject({ lastSeen: T2, lastChanged: T1, lastCollectedAt: T2 });
    expect(detail).toMatchObject({ lastSeen: T2, lastChanged: T1 });
    expect(failed.status).toBe('partial');
    expect(third).toMatchObject({ lastSeen: T2, lastCollectedAt: T2 });
  });
});
