/**
 * Crafted cursors and paging parameters against every list route, through the router, with the
 * DynamoDB stores on dynalite (where a bad ExclusiveStartKey used to become a 500) and with the
 * in-memory stores: no response may be a 5xx (issue 10: `GET /scans?cursor=e30` answered 500).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDbAuditLog } from '../../../functions/adapters/dynamodb/audit-log';
import { DynamoDbCostStore } from '../../../functions/adapters/dynamodb/cost-store';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/document-client';
import { DynamoDbExceptionStore } from '../../../functions/adapters/dynamodb/exception-store';
import { DynamoDbFindingStore } from '../../../functions/adapters/dynamodb/finding-store';
import { DynamoDbPostureStore } from '../../../functions/adapters/dynamodb/posture-store';
import { DynamoDbRemediationStore } from '../../../functions/adapters/dynamodb/remediation-store';
import { DynamoDbResourceStore } from '../../../functions/adapters/dynamodb/resource-store';
import { DynamoDbSavingsLedgerStore } from '../../../functions/adapters/dynamodb/savings-ledger-store';
import { DynamoDbScanRecordStore } from '../../../functions/adapters/dynamodb/scan-record-store';
import { DynamoDbScanRunStore } from '../../../functions/adapters/dynamodb/scan-run-store';
import {
  DynamoDbScheduleRecordStore,
  DynamoDbScheduleStore,
} from '../../../functions/adapters/dynamodb/schedule-store';
import { MemoryUserDirectory } from '../../../functions/adapters/memory/user-directory';
import type { ApiDependencies } from '../../../functions/handlers/api/operation';
import { routeRequest } from '../../../functions/handlers/api/router';
import { ROUTES } from '../../../functions/shared/contract/routes';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../local/dynalite';
import {
  apiEvent,
  CALLER_IN_DIRECTORY,
  dependencies,
  instance,
  RecordingScanStarter,
  scanRun,
} from './fixtures';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const raw = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Cursors no store issued: every shape a careless or hostile client could send. */
const CRAFTED_CURSORS: readonly string[] = [
  'e30', // {}
  b64([]),
  b64([1, 2, 3]),
  b64([{ pk: 'RES#1', sk: 'x' }]),
  b64(0),
  b64(42),
  b64(-1),
  b64(1.5),
  b64(1e308),
  b64('a string'),
  b64(''),
  b64(null),
  b64(true),
  b64({ o: -1 }),
  b64({ o: 1.5 }),
  b64({ o: '3' }),
  b64({ o: 1e300 }),
  b64({ o: 999_999 }),
  b64({ o: 1, extra: 1 }),
  b64({ id: '' }),
  b64({ id: 7 }),
  b64({ pk: 1, sk: 2 }),
  b64({ pk: '', sk: '' }),
  b64({ pk: { S: 'RES#x' }, sk: { S: 'y' } }),
  b64({ pk: 'RES#111111111111#eu-west-1', sk: 'x', extra: 'y' }),
  b64({ PK: 'a', SK: 'b' }),
  b64({ pk: 'a' }),
  b64({ pk: 'RESOURCE#x', sk: 'y', gsi1pk: 'AUDIT', gsi1sk: 'z' }),
  b64({ pk: 'SCANRUN#111111111111', sk: 'x', gsi1pk: 'NOT-SCANRUNS', gsi1sk: 'y' }),
  b64({ pk: 'x'.repeat(1500), sk: 'y'.repeat(1500) }),
  b64({ a: { b: { c: { d: { e: [1, { f: null }] } } } } }),
  raw('{"__proto__":{"pk":"RES#1","sk":"x"}}'),
  raw('{"__proto__":{"o":1}}'),
  raw('{"constructor":{"prototype":{"polluted":true}}}'),
  raw('{"pk":"a","sk":"b","__proto__":{"gsi1pk":"SCANRUNS"}}'),
  raw('{"o":1,"__proto__":null}'),
  raw('{"pk":"a",'),
  raw('not json at all'),
  raw('\u0000\u0001\u0002'),
  'A'.repeat(2048),
  'A'.repeat(5000),
  b64({ blob: 'z'.repeat(3000) }),
  '!!!',
  '%7B%7D',
  '....',
  '==',
  '-',
  '🙂',
  '__proto__',
  'constructor',
  '0',
  '-1',
  '1e3',
];

/** Limits and other paging parameters, crafted the same way. */
const CRAFTED_LIMITS = ['0', '-1', '1.5', '1e3', '99999999999999999999', 'NaN', '__proto__', ' 5'];

const LIST_ROUTES = ROUTES.filter((route) => route.method === 'GET');

function pathParametersOf(path: string): Record<string, string> {
  return Object.fromEntries([...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, 'x']));
}

async function statuses(deps: ApiDependencies, query: Record<string, string>) {
  const failures: string[] = [];
  for (const route of LIST_ROUTES) {
    const response = await routeRequest(
      apiEvent({
        method: 'GET',
        resource: `/api${route.path}`,
        pathParameters: pathParametersOf(route.path),
        query,
        groups: 'admin',
      }),
      deps,
    );
    if (response.statusCode >= 500) failures.push(`${route.operationId} ${JSON.stringify(query)}`);
  }
  return failures;
}

let dynamo: LocalDynamoDb;
let dynamoDeps: ApiDependencies;

beforeAll(async () => {
  dynamo = await startLocalDynamoDb();
  const client = createDocumentClient(dynamo.clientConfig);
  const table = dynamo.tableName;
  dynamoDeps = {
    resources: new DynamoDbResourceStore(client, table),
    scanRuns: new DynamoDbScanRunStore(client, table),
    scans: new RecordingScanStarter(),
    scanRecords: new DynamoDbScanRecordStore(client, table),
    findings: new DynamoDbFindingStore(client, table),
    exceptions: new DynamoDbExceptionStore(client, table),
    posture: new DynamoDbPostureStore(client, table),
    audit: new DynamoDbAuditLog(client, table),
    costs: new DynamoDbCostStore(client, table),
    directory: new MemoryUserDirectory([CALLER_IN_DIRECTORY]),
    settings: dependencies().settings,
    schedules: {
      store: new DynamoDbScheduleStore(client, table),
      records: new DynamoDbScheduleRecordStore(client, table),
    },
    remediation: {
      ...dependencies().remediation,
      store: new DynamoDbRemediationStore(client, table),
      ledger: new DynamoDbSavingsLedgerStore(client, table),
    },
  };
  await dynamoDeps.resources.putMany(
    Array.from({ length: 5 }, (_, i) => instance('111111111111', `i-${String(i).padStart(17, '0')}`)),
  );
  for (const region of ['eu-west-1', 'us-east-1', 'global'])
    await dynamoDeps.scanRuns.put(scanRun('111111111111', region));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await dynamo?.stop();
});

describe('crafted cursors on every list route', () => {
  it('never answer 5xx with the DynamoDB stores', async () => {
    // Act
    const failures: string[] = [];
    for (const cursor of CRAFTED_CURSORS) {
      failures.push(...(await statuses(dynamoDeps, { cursor })));
      failures.push(...(await statuses(dynamoDeps, { cursor, accountId: '111111111111', limit: '2' })));
      failures.push(
        ...(await statuses(dynamoDeps, { cursor, accountId: '111111111111', region: 'eu-west-1' })),
      );
    }

    // Assess
    expect(failures).toEqual([]);
  }, 120_000);

  it('never answer 5xx with the in-memory stores', async () => {
    // Prepare
    const deps = dependencies();
    await deps.resources.putMany([instance('111111111111', 'i-1'), instance('111111111111', 'i-2')]);
    await deps.scanRuns.put(scanRun('111111111111', 'eu-west-1'));

    // Act
    const failures: string[] = [];
    for (const cursor of CRAFTED_CURSORS) failures.push(...(await statuses(deps, { cursor, limit: '1' })));

    // Assess
    expect(failures).toEqual([]);
  }, 60_000);

  it('answer 400 naming the cursor on every route that pages', async () => {
    // Prepare
    const paging = LIST_ROUTES.filter((route) =>
      (route as { query?: readonly { name: string }[] }).query?.some((q) => q.name === 'cursor'),
    );

    // Act
    const answers = [];
    for (const route of paging)
      for (const cursor of ['e30', b64([]), b64({ o: -1 }), raw('{"__proto__":{"o":1}}'), b64({ PK: 'a' })]) {
        const response = await routeRequest(
          apiEvent({ resource: `/api${route.path}`, query: { cursor }, groups: 'admin' }),
          dynamoDeps,
        );
        answers.push({ route: route.operationId, cursor, status: response.statusCode, body: response.body });
      }

    // Assess
    expect(paging.map((r) => r.operationId).sort()).toEqual(
      [
        'listAuditEvents',
        'listFindings',
        'getSavingsLedger',
        'listRemediations',
        'listResources',
        'listScans',
        'listSecurityFindings',
      ].sort(),
    );
    for (const answer of answers) {
      expect(answer, JSON.stringify(answer)).toMatchObject({ status: 400 });
      expect(JSON.parse(answer.body).issues[0].parameter).toBe('cursor');
    }
  }, 60_000);

  it('reject a cursor issued for another account’s partition', async () => {
    // Prepare
    const scope = { accountId: '111111111111', region: 'eu-west-1' };
    const first = await routeRequest(
      apiEvent({ resource: '/api/resources', query: { ...scope, limit: '2' } }),
      dynamoDeps,
    );
    const { nextCursor } = JSON.parse(first.body) as { nextCursor: string };

    // Act
    const same = await routeRequest(
      apiEvent({ resource: '/api/resources', query: { ...scope, limit: '2', cursor: nextCursor } }),
      dynamoDeps,
    );
    const other = await routeRequest(
      apiEvent({
        resource: '/api/resources',
        query: { accountId: '222222222222', region: 'eu-west-1', cursor: nextCursor },
      }),
      dynamoDeps,
    );

    // Assess
    expect(same.statusCode).toBe(200);
    expect(JSON.parse(same.body).items).toHaveLength(2);
    expect(other.statusCode).toBe(400);
  });

  it('never answer 5xx to crafted limits', async () => {
    // Act
    const failures: string[] = [];
    for (const limit of CRAFTED_LIMITS) failures.push(...(await statuses(dynamoDeps, { limit })));

    // Assess
    expect(failures).toEqual([]);
  }, 60_000);
});
