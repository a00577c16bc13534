import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbApprovalLinkNonces } from '../../../functions/adapters/dynamodb/approval-link-nonces';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/document-client';
import { DynamoDbRemediationStore } from '../../../functions/adapters/dynamodb/remediation-store';
import { MemoryApprovalLinkNonces } from '../../../functions/adapters/memory/approval-link-nonces';
import type { ApprovalLinkNonces } from '../../../functions/domain/remediation/approval-link';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../local/dynalite';

const EXPIRES = new Date('2026-12-04T00:00:00.000Z');

describe.each([
  ['DynamoDB', 'dynamo'],
  ['memory', 'memory'],
] as const)('%s approval link nonces', (_name, kind) => {
  let dynamo: LocalDynamoDb | undefined;
  let nonces: ApprovalLinkNonces;
  beforeAll(async () => {
    if (kind === 'memory') {
      nonces = new MemoryApprovalLinkNonces();
      return;
    }
    dynamo = await startLocalDynamoDb();
    const client = createDocumentClient(dynamo.clientConfig);
    nonces = new DynamoDbApprovalLinkNonces(client, dynamo.tableName);
  }, 60_000);

  afterAll(async () => dynamo?.stop());

  it('lets exactly one of two racing uses of a nonce win', async () => {
    // Act
    const outcomes = await Promise.all([
      nonces.consume('rem-1', 'nonce-aaaaaaaaaaaaaaaa', EXPIRES),
      nonces.consume('rem-1', 'nonce-aaaaaaaaaaaaaaaa', EXPIRES),
    ]);
    const later = await nonces.consume('rem-1', 'nonce-aaaaaaaaaaaaaaaa', EXPIRES);

    // Assess
    expect(outcomes.sort()).toEqual([false, true]);
    expect(later).toBe(false);
    await expect(nonces.used('rem-1', 'nonce-aaaaaaaaaaaaaaaa')).resolves.toBe(true);
  });

  it('keeps nonces per request, and a fresh nonce unused', async () => {
    // Prepare
    await nonces.consume('rem-2', 'nonce-bbbbbbbbbbbbbbbb', EXPIRES);

    // Act / Assess
    await expect(nonces.used('rem-3', 'nonce-bbbbbbbbbbbbbbbb')).resolves.toBe(false);
    await expect(nonces.consume('rem-3', 'nonce-bbbbbbbbbbbbbbbb', EXPIRES)).resolves.toBe(true);
    await expect(nonces.used('rem-2', 'nonce-cccccccccccccccc')).resolves.toBe(false);
  });
});

describe('DynamoDB approval link nonces beside the request', () => {
  let dynamo: LocalDynamoDb;
  let nonces: ApprovalLinkNonces;
  let store: DynamoDbRemediationStore;

  beforeAll(async () => {
    dynamo = await startLocalDynamoDb();
    const client = createDocumentClient(dynamo.clientConfig);
    nonces = new DynamoDbApprovalLinkNonces(client, dynamo.tableName);
    store = new DynamoDbRemediationStore(client, dynamo.tableName);
  }, 60_000);

  afterAll(async () => dynamo.stop());

  it("stays out of the request's items, in the request's partition", async () => {
    // Act
    await nonces.consume('rem-4', 'nonce-dddddddddddddddd', EXPIRES);

    // Assess
    await expect(store.items('rem-4')).resolves.toEqual([]);
  });
});
