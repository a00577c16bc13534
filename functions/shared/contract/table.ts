/**
 * The single HostMaster table, described once for the CDK table and the local dynalite table.
 * Every entity has its own key prefixes (documented in the store that owns it), so new concerns add
 * items, not tables. TTL is on `expiresAt` (epoch seconds).
 */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  /** Sparse general-purpose index: entities that need a second access path set gsi1pk/gsi1sk. */
  gsi1: { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /**
   * The inventory's listing indexes (sparse: resource items only), one per filter the dashboard
   * offers, all sorted by the shared `rsk` (lower-cased name, then id) so every filter is a Query in
   * name order. `byScope` reuses the table's partition key (account + region). See resource-store.ts.
   */
  resourceIndexes: {
    byScope: { indexName: 'resByScope', partitionKey: 'pk', sortKey: 'rsk' },
    byAccount: { indexName: 'resByAccount', partitionKey: 'rAcct', sortKey: 'rsk' },
    byRegion: { indexName: 'resByRegion', partitionKey: 'rReg', sortKey: 'rsk' },
    byType: { indexName: 'resByType', partitionKey: 'rType', sortKey: 'rsk' },
    byState: { indexName: 'resByState', partitionKey: 'rState', sortKey: 'rsk' },
    all: { indexName: 'resAll', partitionKey: 'rAll', sortKey: 'rsk' },
  },
} as const;

/** Every global secondary index of the table, for the CDK table and the local one. */
export const TABLE_INDEXES: readonly { indexName: string; partitionKey: string; sortKey: string }[] = [
  TABLE.gsi1,
  ...Object.values(TABLE.resourceIndexes),
];
