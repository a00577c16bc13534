import type { Finding } from '../api/types';
import { AttributeList } from '../resource/attribute-view';

/** Evidence keys shown first: how the verdict was reached before what was observed and priced. */
const LEADING = ['method', 'basis', 'thresholds', 'threshold'];

/** A finding's evidence (method, thresholds, observed values, prices and their date) as a list. */
export function FindingEvidence({ finding, now }: { finding: Finding; now: number }) {
  const entries = Object.entries(finding.evidence).sort(([a], [b]) => rank(a) - rank(b));
  if (entries.length === 0) return <p className="muted">The rule recorded no evidence.</p>;
  return <AttributeList entries={entries} now={now} />;
}

function rank(key: string): number {
  const index = LEADING.indexOf(key);
  return index === -1 ? LEADING.length : index;
}
