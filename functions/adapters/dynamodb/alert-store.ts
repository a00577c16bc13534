/**
 * Alerts, their delivery ledger, HostMaster's expected state changes and digest marks, in the single
 * HostMaster table.
 *
 * Key layout:
 * | item            | pk                    | sk                            | gsi1pk   | gsi1sk              |
 * |-----------------|-----------------------|-------------------------------|----------|---------------------|
 * | alert           | `ALERT#<id>`          | `ALERT`                       | `ALERTS` | `<updatedAt>#<id>`  |
 * | delivery        | `ALERTDELIVERIES`     | `<at>#<alertId>#<channel>`    |          |                     |
 * | SMS month count | `SMSCOUNT#<yyyy-mm>`  | `COUNT`                       |          |                     |
 * | expected change | `EXPECTED#<resource>` | `EXPECTED`                    |          |                     |
 * | digest mark     | `DIGEST#<kind>`       | `MARK`                        |          |                     |
 *
 * An alert's id derives from its dedupe key, so "the alert for this condition" is one GetItem. Writes
 * are conditional on the version read (optimistic locking): two Lambdas handling the same event at
 * once cannot both open the alert and both notify. Alerts are few by construction (one per
 * condition, resolved ones expire after `resolvedRetentionDays`), so listing reads one gsi1
 * partition newest first and filters. Deliveries live two hours (rate limits look back one); the
 * SMS count per month is an atomic counter.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Alert, AlertSchema, ChannelSchema } from '../../domain/alerts/alert';
import { type ExpectedChange, ExpectedChangeSchema } from '../../domain/alerts/expected-change';
import { type Delivery, type DeliveryLedger, HOUR_MS, monthOf } from '../../domain/alerts/ledger';
import {
  AlertConflictError,
  type AlertQuery,
  type AlertStore,
  type DeliveryLedgerStore,
  type DigestKind,
  type DigestMarkStore,
  type ExpectedChangeStore,
} from '../../domain/alerts/ports';
import { TABLE } from '../../shared/contract/table';
import { type BatchWriteOptions, batchPutAll } from './batch-write';

export const alertPk = (id: string) => `ALERT#${id}`;
export const ALERT_SK = 'ALERT';
export const ALERTS_GSI1PK = 'ALERTS';
export const DELIVERIES_PK = 'ALERTDELIVERIES';
export const smsCountPk = (month: string) => `SMSCOUNT#${month}`;
export const expectedPk = (resourceId: string) => `EXPECTED#${resourceId}`;
export const digestPk = (kind: DigestKind) => `DIGEST#${kind}`;

/** A stored item that does not parse: the table holds something this code did not write. */
export class CorruptAlertItemError extends Error {
  override readonly name = 'CorruptAlertItemError';
  constructor(pk: unknown, cause: unknown) {
    super(`Item ${String(pk)} is not a valid alert item`, { cause });
  }
}

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const stripKeys = (item: Record<string, unknown>) => {
  const {
    [TABLE.partitionKey]: _pk,
    [TABLE.sortKey]: _sk,
    [TABLE.gsi1.partitionKey]: _g1,
    [TABLE.gsi1.sortKey]: _g2,
    [TABLE.ttlAttribute]: _ttl,
    ...rest
  } = item;
  return rest;
};

export interface DynamoDbAlertStoreOptions {
  /** Days a resolved alert is kept before TTL removes it. @default 90 */
  readonly resolvedRetentionDays?: number;
}

export class DynamoDbAlertStore implements AlertStore {
  private readonly retentionSeconds: number;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoDbAlertStoreOptions = {},
  ) {
    this.retentionSeconds = (options.resolvedRetentionDays ?? 90) * 86_400;
  }

  async get(id: string): Promise<Alert | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [TABLE.partitionKey]: alertPk(id), [TABLE.sortKey]: ALERT_SK },
        ConsistentRead: true,
      }),
    );
    return Item ? parseAlert(Item) : undefined;
  }

  async put(alert: Alert): Promise<void> {
    const item = {
      ...AlertSchema.parse(alert),
      [TABLE.partitionKey]: alertPk(alert.id),
      [TABLE.sortKey]: ALERT_SK,
      [TABLE.gsi1.partitionKey]: ALERTS_GSI1PK,
      [TABLE.gsi1.sortKey]: `${alert.updatedAt}#${alert.id}`,
      ...(alert.status === 'resolved' && alert.resolvedAt
        ? { [TABLE.ttlAttribute]: epochSeconds(alert.resolvedAt) + this.retentionSeconds }
        : {}),
    };
    const isNew = alert.version === 1;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: isNew ? 'attribute_not_exists(#pk)' : '#version = :previous',
          ExpressionAttributeNames: isNew ? { '#pk': TABLE.partitionKey } : { '#version': 'version' },
          ...(isNew ? {} : { ExpressionAttributeValues: { ':previous': alert.version - 1 } }),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new AlertConflictError(alert.id);
      throw error;
    }
  }

  async recordRepeat(id: string, seenAt: string, updatedAt: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [TABLE.partitionKey]: alertPk(id), [TABLE.sortKey]: ALERT_SK },
          // lastSeen only moves forward: events may arrive out of order.
          UpdateExpression:
            'ADD #occurrences :one, #version :one SET #updatedAt = :updated, #gsi1sk = :gsi1sk',
          ConditionExpression: 'attribute_exists(#pk) AND #status <> :resolved',
          ExpressionAttributeNames: {
            '#pk': TABLE.partitionKey,
            '#occurrences': 'occurrences',
            '#version': 'version',
            '#updatedAt': 'updatedAt',
            '#gsi1sk': TABLE.gsi1.sortKey,
            '#status': 'status',
          },
          ExpressionAttributeValues: {
            ':one': 1,
            ':updated': updatedAt,
            ':gsi1sk': `${updatedAt}#${id}`,
            ':resolved': 'resolved',
          },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    // Move lastSeen forward when this repeat is the newest; an older one leaves it as it is.
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [TABLE.partitionKey]: alertPk(id), [TABLE.sortKey]: ALERT_SK },
          UpdateExpression: 'SET #lastSeen = :seen',
          ConditionExpression: '#lastSeen < :seen',
          ExpressionAttributeNames: { '#lastSeen': 'lastSeen' },
          ExpressionAttributeValues: { ':seen': seenAt },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    return true;
  }

  async list(query: AlertQuery): Promise<readonly Alert[]> {
    const filters: string[] = [];
    const names: Record<string, string> = { '#pk': TABLE.gsi1.partitionKey };
    const values: Record<string, unknown> = { ':pk': ALERTS_GSI1PK };
    for (const field of ['status', 'severity', 'accountId', 'resourceId'] as const) {
      const value = query[field];
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      filters.push(`#${field} = :${field}`);
    }
    let keyCondition = '#pk = :pk';
    if (query.changedSince) {
      names['#sk'] = TABLE.gsi1.sortKey;
      values[':since'] = query.changedSince;
      keyCondition += ' AND #sk >= :since';
    }
    const alerts: Alert[] = [];
    const pages = paginateQuery(
      { client: this.client, pageSize: 500 },
      {
        TableName: this.tableName,
        IndexName: TABLE.gsi1.indexName,
        KeyConditionExpression: keyCondition,
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) alerts.push(parseAlert(item));
    return alerts;
  }
}

export class DynamoDbDeliveryLedgerStore implements DeliveryLedgerStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly batch: BatchWriteOptions = {},
  ) {}

  async load(now: Date): Promise<DeliveryLedger> {
    const from = new Date(now.getTime() - HOUR_MS).toISOString();
    const readRecent = async () => {
      const deliveries: Delivery[] = [];
      const pages = paginateQuery(
        { client: this.client, pageSize: 1000 },
        {
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND #sk >= :from',
          ProjectionExpression: '#at, #channel, #resourceId, #alertId',
          ExpressionAttributeNames: {
            '#pk': TABLE.partitionKey,
            '#sk': TABLE.sortKey,
            '#at': 'at',
            '#channel': 'channel',
            '#resourceId': 'resourceId',
            '#alertId': 'alertId',
          },
          ExpressionAttributeValues: { ':pk': DELIVERIES_PK, ':from': from },
          ConsistentRead: true,
        },
      );
      for await (const page of pages)
        for (const item of page.Items ?? []) deliveries.push(parseDelivery(item));
      return deliveries;
    };
    const [deliveries, count] = await Promise.all([
      readRecent(),
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [TABLE.partitionKey]: smsCountPk(monthOf(now)), [TABLE.sortKey]: 'COUNT' },
          ConsistentRead: true,
        }),
      ),
    ]);
    const smsThisMonth = typeof count.Item?.count === 'number' ? count.Item.count : 0;
    return { recent: deliveries, smsThisMonth };
  }

  async record(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await batchPutAll(
      this.client,
      this.tableName,
      deliveries.map((d) => ({
        ...d,
        [TABLE.partitionKey]: DELIVERIES_PK,
        [TABLE.sortKey]: `${d.at}#${d.alertId}#${d.channel}`,
        [TABLE.ttlAttribute]: epochSeconds(d.at) + 2 * 3600,
      })),
      this.batch,
    );
    const smsByMonth = new Map<string, number>();
    for (const d of deliveries) {
      if (d.channel === 'sms') smsByMonth.set(monthOf(d.at), (smsByMonth.get(monthOf(d.at)) ?? 0) + 1);
    }
    for (const [month, added] of smsByMonth) {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [TABLE.partitionKey]: smsCountPk(month), [TABLE.sortKey]: 'COUNT' },
          UpdateExpression: 'ADD #count :added SET #ttl = :ttl',
          ExpressionAttributeNames: { '#count': 'count', '#ttl': TABLE.ttlAttribute },
          ExpressionAttributeValues: {
            ':added': added,
            ':ttl': epochSeconds(`${month}-01T00:00:00.000Z`) + 62 * 86_400,
          },
        }),
      );
    }
  }
}

export class DynamoDbExpectedChangeStore implements ExpectedChangeStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(change: ExpectedChange): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...ExpectedChangeSchema.parse(change),
          [TABLE.partitionKey]: expectedPk(change.resourceId),
          [TABLE.sortKey]: 'EXPECTED',
          [TABLE.ttlAttribute]: epochSeconds(change.until) + 86_400,
        },
      }),
    );
  }

  async find(resourceId: string): Promise<ExpectedChange | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [TABLE.partitionKey]: expectedPk(resourceId), [TABLE.sortKey]: 'EXPECTED' },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const parsed = ExpectedChangeSchema.safeParse(stripKeys(Item));
    if (!parsed.success) throw new CorruptAlertItemError(Item[TABLE.partitionKey], parsed.error);
    return parsed.data;
  }
}

export class DynamoDbDigestMarkStore implements DigestMarkStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async lastSent(kind: DigestKind): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [TABLE.partitionKey]: digestPk(kind), [TABLE.sortKey]: 'MARK' },
        ConsistentRead: true,
      }),
    );
    return typeof Item?.sentAt === 'string' ? Item.sentAt : undefined;
  }

  async markSent(kind: DigestKind, at: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { [TABLE.partitionKey]: digestPk(kind), [TABLE.sortKey]: 'MARK', sentAt: at },
      }),
    );
  }
}

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as Error | undefined)?.name === 'ConditionalCheckFailedException'
  );
}

function parseAlert(item: Record<string, unknown>): Alert {
  const parsed = AlertSchema.safeParse(stripKeys(item));
  if (!parsed.success) throw new CorruptAlertItemError(item[TABLE.partitionKey], parsed.error);
  return parsed.data;
}

function parseDelivery(item: Record<string, unknown>): Delivery {
  const channel = ChannelSchema.safeParse(item.channel);
  if (
    !channel.success ||
    typeof item.at !== 'string' ||
    typeof item.resourceId !== 'string' ||
    typeof item.alertId !== 'string'
  ) {
    throw new CorruptAlertItemError(item[TABLE.sortKey], channel.success ? 'missing fields' : channel.error);
  }
  return { at: item.at, channel: channel.data, resourceId: item.resourceId, alertId: item.alertId };
}
