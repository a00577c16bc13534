import type { ReportedFinding } from '../api/types';

/** What to do about a finding: its rule's remediation advice, shown with the evidence. */
export function FindingRemediation({ finding }: { finding: ReportedFinding }) {
  if (!finding.remediation) return null;
  return (
    <div className="remediation">
      <strong>What to do</strong>
      <p>{finding.remediation}</p>
    </div>
  );
}
