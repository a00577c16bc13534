import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE, TABLE_INDEXES } from '../../functions/shared/contract/table';

export interface StorageProps {
  /**
   * Customer-managed key for the table. Pass one when policy demands key control; AWS-managed
   * encryption is otherwise free and needs no key grants.
   * @default - AWS-managed key (alias/aws/dynamodb)
   */
  readonly encryptionKey?: IKey;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The single HostMaster table (layout in functions/shared/contract/table.ts; each store documents its
 * own key prefixes). Access patterns it is shaped for:
 *
 * - resources of one (account, region) scope, the baseline each scan diffs against: one Query on `pk`;
 * - one resource, finding or scan run by id: GetItem on `pk` + `sk`;
 * - a resource by id, findings by category, newest scan runs: Query on `gsi1` (sparse: only
 *   items that set `gsi1pk`/`gsi1sk` appear; projection ALL so no read goes back to the table);
 * - the inventory by scope, account, region, type, state or none of them, in name order: Query on the
 *   `res*` listing indexes (functions/shared/contract/table.ts), never a Scan. A deployed table gains
 *   GSIs one per update (a DynamoDB rule), so a hub deployed before them gets them over successive
 *   deployments or a fresh table;
 * - short-lived items (scan progress, caches) carry `expiresAt` (epoch seconds) and expire by TTL.
 *
 * On-demand billing because scans write in bursts and idle between them; point-in-time recovery on,
 * and RETAIN by default so deleting the stack never deletes the inventory and its history.
 */
export class Storage extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: StorageProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      ...(props.encryptionKey
        ? { encryption: TableEncryption.CUSTOMER_MANAGED, encryptionKey: props.encryptionKey }
        : { encryption: TableEncryption.AWS_MANAGED }),
      deletionProtection: removalPolicy !== RemovalPolicy.DESTROY,
      removalPolicy,
    });
    for (const index of TABLE_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
