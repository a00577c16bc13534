import { Fragment } from 'react';
import type { Finding } from '../api/types';
import { FullTime } from '../components/time-text';
import { type EvidenceEntry, type EvidenceValue, formatEvidence } from './evidence-format';

/** A finding's evidence (method, thresholds, observed values, prices and their date), labelled with units. */
export function FindingEvidence({ finding, now }: { finding: Finding; now: number }) {
  const entries = formatEvidence(finding.evidence);
  if (entries.length === 0) return <p className="muted">The rule recorded no evidence.</p>;
  return <EvidenceList entries={entries} now={now} />;
}

function EvidenceList({
  entries,
  now,
  nested = false,
}: {
  entries: readonly EvidenceEntry[];
  now: number;
  nested?: boolean;
}) {
  return (
    <dl className={nested ? 'attributes attributes-nested' : 'attributes'}>
      {entries.map((entry) => (
        <Fragment key={entry.key}>
          <dt>{entry.label}</dt>
          <dd>
            <EvidenceValueView value={entry.value} now={now} />
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}

function EvidenceValueView({ value, now }: { value: EvidenceValue; now: number }) {
  switch (value.kind) {
    case 'empty':
      return <span className="muted">{value.text}</span>;
    case 'boolean':
      return <span className={value.value ? 'bool-yes' : 'bool-no'}>{value.value ? 'Yes' : 'No'}</span>;
    case 'date-time':
      return <FullTime iso={value.iso} now={now} />;
    case 'text':
      if (value.code) return <code>{value.text}</code>;
      return <span className={value.numeric ? 'num' : undefined}>{value.text}</span>;
    case 'list':
      return (
        <ul className="value-list">
          {value.items.map((item, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity beyond their position.
            <li key={index}>{item}</li>
          ))}
        </ul>
      );
    case 'table':
      return (
        <div className="nested-table-wrap">
          <table className="data-table nested-table">
            <thead>
              <tr>
                {value.columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {value.rows.map((row, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional (volume 1, volume 2, …).
                <tr key={index}>
                  {row.map((cell, column) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells follow the columns.
                    <td key={column}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'record':
      return <EvidenceList entries={value.entries} now={now} nested />;
  }
}
