import type { Resource, ScanRun } from '../../functions/domain/model';

/** `{ resources, scans }`, pretty-printed. */
export function formatJson(resources: readonly Resource[], scans: readonly ScanRun[]): string {
  return `${JSON.stringify({ resources, scans }, null, 2)}\n`;
}

const COLUMNS = ['ACCOUNT', 'REGION', 'TYPE', 'ID', 'NAME', 'STATE'] as const;

/** One line per resource in aligned columns; the id is the native id (the ARN's last part). */
export function formatTable(resources: readonly Resource[]): string {
  const rows = resources.map((r) => [
    r.accountId,
    r.region,
    r.type,
    r.id.split(/[/:]/).at(-1) ?? r.id,
    r.name,
    r.state,
  ]);
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[line(COLUMNS), ...rows.map(line)].join('\n')}\n${resources.length} resource(s)\n`;
}
