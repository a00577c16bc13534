import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/client';
import { remediationActions } from '../api/remediation';
import { routeHref } from '../app/routes';

/** "Fix…" on a finding an action can fix: opens the preview on the Remediation page. */
export function FixLink({ api, findingId, ruleId }: { api: ApiClient; findingId: string; ruleId: string }) {
  const [fixable, setFixable] = useState(false);
  useEffect(() => {
    let live = true;
    remediationActions(api).then(
      (actions) =>
        live && setFixable(actions.some((action) => action.allowed && action.fixes.includes(ruleId))),
      () => live && setFixable(false),
    );
    return () => {
      live = false;
    };
  }, [api, ruleId]);
  if (!fixable) return null;
  return (
    <a className="button fix-link" href={routeHref({ name: 'remediation', fix: findingId })}>
      Fix…
    </a>
  );
}
