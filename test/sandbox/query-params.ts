/**
 * The flattened parameters of a query-protocol request (`Filter.1.Name=...&Filter.1.Value.1=...`),
 * with helpers for the list and structure encodings the SDK serializers produce.
 */
export class QueryParams {
  private readonly values: ReadonlyMap<string, string>;

  constructor(values: Iterable<readonly [string, string]>) {
    this.values = new Map(values);
  }

  static parse(form: string): QueryParams {
    return new QueryParams(new URLSearchParams(form).entries());
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** Every parameter, for debugging and services with unusual encodings. */
  entries(): IterableIterator<[string, string]> {
    return this.values.entries();
  }

  /** Integer value; `undefined` when absent; `NaN` when not a number (let the handler reject it). */
  int(name: string): number | undefined {
    const raw = this.values.get(name);
    return raw === undefined ? undefined : /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  }

  /** `true`/`false`; `undefined` when absent. */
  bool(name: string): boolean | undefined {
    const raw = this.values.get(name);
    return raw === undefined ? undefined : raw.toLowerCase() === 'true';
  }

  /**
   * A list of scalars: `Prefix.1`, `Prefix.2`, ... (EC2, e.g. `InstanceId.1`) or `Prefix.member.1`
   * (awsQuery). For awsQuery lists with a named item pass it: `list('Filters.Filter')`.
   */
  list(prefix: string): string[] {
    const out: string[] = [];
    for (const base of [prefix, `${prefix}.member`]) {
      for (let i = 1; ; i++) {
        const value = this.values.get(`${base}.${i}`);
        if (value === undefined) break;
        out.push(value);
      }
      if (out.length > 0) return out;
    }
    return out;
  }

  /** A list of structures (`Prefix.N.Field` or `Prefix.member.N.Field`), each as its own `QueryParams`. */
  structs(prefix: string): QueryParams[] {
    for (const base of [prefix, `${prefix}.member`]) {
      const out: QueryParams[] = [];
      for (let i = 1; ; i++) {
        const head = `${base}.${i}.`;
        const fields: [string, string][] = [];
        for (const [key, value] of this.values)
          if (key.startsWith(head)) fields.push([key.slice(head.length), value]);
        if (fields.length === 0) break;
        out.push(new QueryParams(fields));
      }
      if (out.length > 0) return out;
    }
    return [];
  }

  /**
   * Filters as the SDK sends them: EC2 `Filter.N.Name` / `Filter.N.Value.M`; pass
   * `('Filters.Filter', 'Values.Value')` for RDS-style `Filters.Filter.N.Values.Value.M`.
   */
  filters(prefix = 'Filter', valuesPrefix = 'Value'): { name: string; values: string[] }[] {
    return this.structs(prefix).map((s) => ({ name: s.get('Name') ?? '', values: s.list(valuesPrefix) }));
  }
}
