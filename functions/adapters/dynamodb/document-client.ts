import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The document client type, for composition code that passes it along without importing the SDK. */
export type DocumentClient = DynamoDBDocumentClient;

/**
 * The document client every store uses: optional members are left out rather than rejected, so
 * domain objects with absent optional fields can be written as they are.
 */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
