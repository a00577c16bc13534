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
} as const;
