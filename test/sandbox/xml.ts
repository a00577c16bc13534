/** Minimal XML building for query and restXml responses. */

/** Escapes text and attribute values. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

/** A list rendered as repeated `<itemName>` children of its key: `xmlList('item', [...])`. */
export class XmlList {
  constructor(
    readonly itemName: string,
    readonly items: readonly XmlValue[],
  ) {}
}

/**
 * A value `toXml` can render: scalars become text (dates as ISO 8601), objects become child
 * elements in key order, `XmlList` becomes repeated items; `undefined` and `null` are omitted.
 */
export type XmlValue = string | number | boolean | Date | null | undefined | XmlList | XmlObject;
export interface XmlObject {
  readonly [name: string]: XmlValue;
}

/** `xmlList('item', values)`: EC2 uses `item`, awsQuery services `member` or a named element. */
export function xmlList(itemName: string, items: readonly XmlValue[]): XmlList {
  return new XmlList(itemName, items);
}

function renderValue(value: XmlValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return escapeXml(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof XmlList) {
    let out = '';
    for (const item of value.items) out += `<${value.itemName}>${renderValue(item)}</${value.itemName}>`;
    return out;
  }
  return toXml(value);
}

/** Renders the children of `object` (no enclosing element). */
export function toXml(object: XmlObject): string {
  let out = '';
  for (const name of Object.keys(object)) {
    const value = object[name];
    if (value === undefined || value === null) continue;
    out += `<${name}>${renderValue(value)}</${name}>`;
  }
  return out;
}
