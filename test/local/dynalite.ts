/**
 * DynamoDB for local runs and integration tests: dynalite in-process, with the HostMaster table
 * created from the shared TABLE contract. dynalite has no transactions and never expires TTL items,
 * so tests assert that `expiresAt` is written, not that items vanish.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { TABLE, TABLE_INDEXES } from '../../functions/shared/contract/table';

type DynaliteFactory = (options: { createTableMs?: number; deleteTableMs?: number; path?: string }) => Server;
const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as DynaliteFactory;

export interface LocalDynamoDbOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Folder for LevelDB data, kept across runs; in memory when absent. @default undefined */
  readonly path?: string;
  /** Table to create. @default 'hostmaster' */
  readonly tableName?: string;
  /**
   * Run dynalite in a child process (its own CPU, as DynamoDB is remote), not in this one.
   * @default false
   */
  readonly separateProcess?: boolean;
}

export interface LocalDynamoDb {
  readonly endpoint: string;
  readonly tableName: string;
  /** Credentials and region to sign requests with (dynalite accepts any). */
  readonly clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  stop(): Promise<void>;
}

/** Starts dynalite and creates the table (if a persisted one does not exist yet). */
export async function startLocalDynamoDb(options: LocalDynamoDbOptions = {}): Promise<LocalDynamoDb> {
  const { port, close } = options.separateProcess
    ? await listenInChild(options)
    : await listenInProcess(options);
  const endpoint = `http://127.0.0.1:${port}`;
  const tableName = options.tableName ?? 'hostmaster';
  const clientConfig = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const client = new DynamoDBClient(clientConfig);
  try {
    await createTable(client, tableName);
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    tableName,
    clientConfig,
    stop: close,
  };
}

async function listenInProcess(
  options: LocalDynamoDbOptions,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    ...(options.path ? { path: options.path } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function listenInChild(
  options: LocalDynamoDbOptions,
): Promise<{ port: number; close(): Promise<void> }> {
  const port = options.port || (await freePort());
  const cli = require.resolve('dynalite/cli.js');
  const args = [
    cli,
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
    '--createTableMs',
    '0',
    '--deleteTableMs',
    '0',
  ];
  const child = spawn(process.execPath, options.path ? [...args, '--path', options.path] : args, {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; ; attempt++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      break;
    } catch (error) {
      if (attempt > 100 || child.exitCode !== null)
        throw new Error('dynalite did not start', { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const { partitionKey, sortKey } = TABLE;
  const indexAttributes = TABLE_INDEXES.flatMap((index) => [index.partitionKey, index.sortKey]);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...new Set([partitionKey, sortKey, ...indexAttributes])].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: TABLE_INDEXES.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const table = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (table.Table?.TableStatus !== 'ACTIVE')
    throw new Error(`Table ${tableName} is ${table.Table?.TableStatus}`);
  // A data folder from before an index existed: the store would query an index that is not there.
  const present = new Set((table.Table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = TABLE_INDEXES.filter((index) => !present.has(index.indexName));
  if (missing.length > 0) {
    throw new Error(
      `Table ${tableName} lacks the indexes ${missing.map((i) => i.indexName).join(', ')}: delete its data folder (.hostmaster/dynalite) to recreate it`,
    );
  }
}
