import type { ResourceData } from '../model';

/**
 * Serializes a value with object keys sorted at every level, so two equal documents always give the
 * same text whatever order a collector or a store produced their keys in. `undefined` members are
 * dropped (DynamoDB cannot store them, so they must not count as content either).
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

/**
 * 64-bit FNV-1a (as two independent 32-bit lanes) of a string. Pure TypeScript on purpose: the domain
 * layer stays free of platform modules, and collisions only cost a skipped write of a changed item,
 * which 64 bits make vanishingly rare at inventory sizes.
 */
function fnv1a64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/** Hash of what a collector returned (never of HostMaster's bookkeeping such as firstSeen or goneAt). */
export function contentHash(resource: ResourceData): string {
  const { id, accountId, region, type, name, state, tags, attributes } = resource;
  return fnv1a64(stableStringify({ id, accountId, region, type, name, state, tags, attributes }));
}
