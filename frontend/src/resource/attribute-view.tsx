import { Fragment } from 'react';
import { FullTime } from '../components/time-text';
import { humanizeKey } from '../format';
import { classifyValue, inlineText } from './attribute-value';

/** One value of any shape, rendered by what it is rather than by the resource type it came from. */
export function AttributeValueView({
  value,
  now,
  depth = 0,
}: {
  value: unknown;
  now: number;
  depth?: number;
}) {
  const classified = classifyValue(value);
  switch (classified.kind) {
    case 'empty':
      return <span className="muted">{classified.text}</span>;
    case 'boolean':
      return (
        <span className={classified.value ? 'bool-yes' : 'bool-no'}>{classified.value ? 'Yes' : 'No'}</span>
      );
    case 'number':
      return <span className="num">{classified.text}</span>;
    case 'date':
      return <FullTime iso={classified.iso} now={now} />;
    case 'code':
      return <code>{classified.text}</code>;
    case 'text':
      return <span>{classified.text}</span>;
    case 'list':
      return (
        <ul className="value-list">
          {classified.items.map((item, index) => (
            // Lists of scalars have no identity beyond their position.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={index}>
              <AttributeValueView value={item} now={now} depth={depth + 1} />
            </li>
          ))}
        </ul>
      );
    case 'table':
      return (
        <div className="nested-table-wrap">
          <table className="data-table nested-table">
            <thead>
              <tr>
                {classified.columns.map((column) => (
                  <th key={column} scope="col">
                    {humanizeKey(column)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {classified.rows.map((row, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional (rule 1, rule 2, …).
                <tr key={index}>
                  {classified.columns.map((column) => (
                    <td key={column}>{inlineText(column, row[column])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'record':
      return <AttributeList entries={classified.entries} now={now} depth={depth + 1} />;
  }
}

/** A definition list of named values. */
export function AttributeList({
  entries,
  now,
  depth = 0,
}: {
  entries: readonly (readonly [string, unknown])[];
  now: number;
  depth?: number;
}) {
  return (
    <dl className={depth > 0 ? 'attributes attributes-nested' : 'attributes'}>
      {entries.map(([key, value]) => (
        <Fragment key={key}>
          <dt>{humanizeKey(key)}</dt>
          <dd>
            <AttributeValueView value={value} now={now} depth={depth} />
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}
