/**
 * Classifies attribute values for display, so any resource type (including ones this build has
 * never seen) renders readably: scalars inline, lists of records as small tables, records as nested
 * definition lists.
 */
import { isIsoDate } from '../format';

export type AttributeValue =
  | { readonly kind: 'empty'; readonly text: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'date'; readonly iso: string }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly unknown[] }
  | {
      readonly kind: 'table';
      readonly columns: readonly string[];
      readonly rows: readonly Record<string, unknown>[];
    }
  | { readonly kind: 'record'; readonly entries: readonly (readonly [string, unknown])[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Identifiers read better in a monospace face: ARNs, AWS ids (`i-0abc…`, `sg-…`), CIDRs, IPs. */
const CODE_LIKE =
  /^(arn:|[a-z]{1,10}-[0-9a-f]{3,}$|\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$|[0-9a-f:]+::?[0-9a-f:]*\/\d{1,3}$)/;

export function classifyValue(value: unknown): AttributeValue {
  if (value === null || value === undefined) return { kind: 'empty', text: 'None' };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (typeof value === 'number') return { kind: 'number', text: value.toLocaleString('en-US') };
  if (typeof value === 'string') {
    if (value === '') return { kind: 'empty', text: 'Empty' };
    if (isIsoDate(value)) return { kind: 'date', iso: value };
    return CODE_LIKE.test(value) ? { kind: 'code', text: value } : { kind: 'text', text: value };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return { kind: 'empty', text: 'None' };
    if (value.every(isRecord)) {
      const columns: string[] = [];
      for (const row of value)
        for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
      return { kind: 'table', columns, rows: value };
    }
    return { kind: 'list', items: value };
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    return entries.length === 0 ? { kind: 'empty', text: 'None' } : { kind: 'record', entries };
  }
  return { kind: 'text', text: String(value) };
}

/** A short text for a value inside a table cell, where nesting would not fit. */
export function inlineText(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  // In security group rules, protocol -1 means every protocol.
  if (key === 'protocol' && value === '-1') return 'All';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value))
    return value.length === 0 ? '—' : value.map((item) => inlineText('', item)).join(', ');
  if (isRecord(value)) {
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${inlineText(k, v)}`)
      .join('; ');
  }
  return String(value);
}
