/**
 * Used approval link nonces in the single table, beside the request they decided:
 *
 * | item  | pk                 | sk              | expiresAt (TTL)           |
 * |-------|--------------------|-----------------|---------------------------|
 * | nonce | `REMEDIATION#<id>` | `LINK#<nonce>`  | the link's expiry, epoch s |
 *
 * Consuming is a conditional put (`attribute_not_exists`), so of two clicks racing exactly one wins.
 * The record may go once the link has expired: an expired link is refused by its claims alone.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ApprovalLinkNonces } from '../../domain/remediation/approval-link';
import { TABLE } from '../../shared/contract/table';
import { remediationPk } from './remediation-store';

const key = (remediationId: string, nonce: string) => ({
  [TABLE.partitionKey]: remediationPk(remediationId),
  [TABLE.sortKey]: `LINK#${nonce}`,
});

export class DynamoDbApprovalLinkNonces implements ApprovalLinkNonces {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async consume(remediationId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key(remediationId, nonce),
            usedAt: new Date().toISOString(),
            [TABLE.ttlAttribute]: Math.ceil(expiresAt.getTime() / 1000),
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async used(remediationId: string, nonce: string): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key(remediationId, nonce), ConsistentRead: true }),
    );
    return Item !== undefined;
  }
}
