/**
 * The realized savings ledger in the single HostMaster table.
 *
 * Key layout:
 * | item  | pk                            | sk                                 | gsi1pk           | gsi1sk                                 |
 * |-------|-------------------------------|------------------------------------|------------------|----------------------------------------|
 * | entry | `SAVINGS_LEDGER#<accountId>`  | `ENTRY#<remediationId>#<00042>`    | `SAVINGS_LEDGER` | `<actedAt>#<remediationId>#<00042>`    |
 *
 * One partition per account, so the analysis of an account is one Query, and an undo finds its entry
 * by key from the item it undoes. The index lists entries newest act first for the API; entries are
 * one per remediated item, so the index partition grows with remediations, not with the fleet.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Page } from '../../domain/ports';
import type { SavingsLedgerStore } from '../../domain/remediation/ports';
import { type SavingsLedgerEntry, SavingsLedgerEntrySchema } from '../../domain/remediation/savings-ledger';
import { TABLE } from '../../shared/contract/table';
import { keyCursor } from '../../shared/cursor';

export const ledgerPk = (accountId: string) => `SAVINGS_LEDGER#${accountId}`;
export const LEDGER_GSI1PK = 'SAVINGS_LEDGER';
const entrySk = (remediationId: string, itemId: string) =>
  `ENTRY#${remediationId}#${itemId.padStart(5, '0')}`;

/** A stored entry that does not parse back: the table holds something this code did not write. */
export class CorruptLedgerEntryError extends Error {
  override readonly name = 'CorruptLedgerEntryError';
  constructor(pk: unknown, sk: unknown, cause: unknown) {
    super(`Item ${String(pk)} / ${String(sk)} is not a valid savings ledger entry`, { cause });
  }
}

export class DynamoDbSavingsLedgerStore implements SavingsLedgerStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(entry: SavingsLedgerEntry): Promise<void> {
    const parsed = SavingsLedgerEntrySchema.parse(entry);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...parsed,
          ...this.key(parsed.accountId, parsed.remediationId, parsed.itemId),
          [TABLE.gsi1.partitionKey]: LEDGER_GSI1PK,
          [TABLE.gsi1.sortKey]: `${parsed.actedAt}#${parsed.remediationId}#${parsed.itemId.padStart(5, '0')}`,
        },
      }),
    );
  }

  async get(
    accountId: string,
    remediationId: string,
    itemId: string,
  ): Promise<SavingsLedgerEntry | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.key(accountId, remediationId, itemId),
        ConsistentRead: true,
      }),
    );
    return Item ? parse(Item) : undefined;
  }

  async byAccount(accountId: string): Promise<readonly SavingsLedgerEntry[]> {
    const entries: SavingsLedgerEntry[] = [];
    for await (const page of paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :entry)',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#sk': TABLE.sortKey },
        ExpressionAttributeValues: { ':pk': ledgerPk(accountId), ':entry': 'ENTRY#' },
      },
    )) {
      for (const record of page.Items ?? []) entries.push(parse(record));
    }
    return entries;
  }

  async list(query: { readonly limit: number; readonly cursor?: string }): Promise<Page<SavingsLedgerEntry>> {
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TABLE.gsi1.indexName,
        KeyConditionExpression: '#g = :g',
        ExpressionAttributeNames: { '#g': TABLE.gsi1.partitionKey },
        ExpressionAttributeValues: { ':g': LEDGER_GSI1PK },
        ScanIndexForward: false,
        Limit: Math.max(1, Math.min(query.limit, 200)),
        ...(query.cursor === undefined
          ? {}
          : {
              ExclusiveStartKey: LEDGER_CURSOR.decode(query.cursor, {
                [TABLE.gsi1.partitionKey]: LEDGER_GSI1PK,
              }),
            }),
      }),
    );
    const items = (output.Items ?? []).map(parse);
    return output.LastEvaluatedKey
      ? { items, nextCursor: LEDGER_CURSOR.encode(output.LastEvaluatedKey) }
      : { items };
  }

  async all(): Promise<readonly SavingsLedgerEntry[]> {
    const entries: SavingsLedgerEntry[] = [];
    for await (const page of paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        IndexName: TABLE.gsi1.indexName,
        KeyConditionExpression: '#g = :g',
        ExpressionAttributeNames: { '#g': TABLE.gsi1.partitionKey },
        ExpressionAttributeValues: { ':g': LEDGER_GSI1PK },
        ScanIndexForward: false,
      },
    )) {
      for (const record of page.Items ?? []) entries.push(parse(record));
    }
    return entries;
  }

  private key(accountId: string, remediationId: string, itemId: string): Record<string, string> {
    return { [TABLE.partitionKey]: ledgerPk(accountId), [TABLE.sortKey]: entrySk(remediationId, itemId) };
  }
}

/** Pages of the ledger resume from a gsi1 key of the ledger partition. */
const LEDGER_CURSOR = keyCursor([
  TABLE.partitionKey,
  TABLE.sortKey,
  TABLE.gsi1.partitionKey,
  TABLE.gsi1.sortKey,
]);

function parse(record: Record<string, unknown>): SavingsLedgerEntry {
  const result = SavingsLedgerEntrySchema.safeParse(record);
  if (!result.success)
    throw new CorruptLedgerEntryError(record[TABLE.partitionKey], record[TABLE.sortKey], result.error);
  return result.data;
}
