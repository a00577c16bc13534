import type { PostureControl, PostureFramework } from '../api/security';
import { Badge } from '../components/badge';
import { severityTone } from '../components/tone';
import { AccountLabel } from '../findings/account-label';
import { ResourceLink } from '../findings/resource-link';
import { plural } from '../format';
import { frameworkShortName, scoreText, scoreTone, sortControls } from './security-data';

/** A horizontal score bar with the percentage. */
export function ScoreBar({ score, label }: { score: number | null; label: string }) {
  const tone = scoreTone(score);
  return (
    <span className="score">
      <span className="score-bar" aria-hidden="true">
        <span className={`score-fill score-${tone}`} style={{ width: `${(score ?? 0) * 100}%` }} />
      </span>
      <span className="visually-hidden">{label}: </span>
      <strong className={`score-text text-${tone}`}>{scoreText(score)}</strong>
    </span>
  );
}

/** One framework: its score, passed/applicable, and every control, expandable to failing resources. */
export function FrameworkPanel({
  framework,
  accountNames,
  expandAll = false,
}: {
  framework: PostureFramework;
  accountNames: ReadonlyMap<string, string>;
  /** Print: every control open. */
  expandAll?: boolean;
}) {
  const headingId = `framework-${framework.framework}`;
  return (
    <section className="panel framework" aria-labelledby={headingId}>
      <div className="framework-header">
        <div>
          <h2 id={headingId}>{framework.name}</h2>
          <span className="muted">
            {framework.passed} of {plural(framework.applicable, 'applicable control')} passed
            {framework.failed > 0 && <> · {framework.failed} failed</>}
          </span>
        </div>
        <ScoreBar score={framework.score} label={`${frameworkShortName(framework)} score`} />
      </div>
      <ul className="controls">
        {sortControls(framework.controls).map((control) => (
          <ControlItem key={control.control} control={control} accountNames={accountNames} open={expandAll} />
        ))}
      </ul>
    </section>
  );
}

const STATUS_TONE = { passed: 'good', failed: 'bad', 'not-applicable': 'neutral' } as const;

function ControlItem({
  control,
  accountNames,
  open,
}: {
  control: PostureControl;
  accountNames: ReadonlyMap<string, string>;
  open: boolean;
}) {
  const summary = (
    <>
      <code className="control-id">{control.control}</code>
      <span className="control-title">{control.title}</span>
      <span className="control-meta">
        {control.status === 'failed' && (
          <span className="muted">{plural(control.failingCount, 'failing resource')}</span>
        )}
        {control.status === 'passed' && control.evaluated > 0 && (
          <span className="muted">{plural(control.evaluated, 'resource')} checked</span>
        )}
        {control.suppressed > 0 && <span className="muted">{control.suppressed} excepted</span>}
        <Badge tone={STATUS_TONE[control.status]}>
          {control.status === 'not-applicable' ? 'n/a' : control.status}
        </Badge>
      </span>
    </>
  );
  if (control.failing.length === 0) {
    return (
      <li className="control">
        <div className="control-summary">{summary}</div>
      </li>
    );
  }
  return (
    <li className="control">
      <details open={open || undefined}>
        <summary className="control-summary">{summary}</summary>
        <table className="data-table nested-table failing-table">
          <thead>
            <tr>
              <th scope="col">Resource</th>
              <th scope="col">Account</th>
              <th scope="col">Region</th>
              <th scope="col">Check</th>
              <th scope="col">Severity</th>
            </tr>
          </thead>
          <tbody>
            {control.failing.map((resource) => (
              <tr key={resource.findingId}>
                <td>
                  <ResourceLink
                    id={resource.resourceId}
                    name={resource.resourceName}
                    type={resource.resourceType}
                  />
                </td>
                <td>
                  <AccountLabel id={resource.accountId} names={accountNames} />
                </td>
                <td>{resource.region}</td>
                <td>
                  <code>{resource.ruleId}</code>
                </td>
                <td>
                  <Badge tone={severityTone(resource.severity)}>{resource.severity}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {control.failingCount > control.failing.length && (
          <p className="muted">{control.failingCount - control.failing.length} more in the export.</p>
        )}
      </details>
    </li>
  );
}
