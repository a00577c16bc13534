import { type FormEvent, useEffect, useId, useState } from 'react';
import type { ApiClient } from '../api/client';
import { describeError } from '../api/errors';
import {
  createException,
  type ListedException,
  listAudit,
  listExceptions,
  revokeException,
} from '../api/security';
import { useAsync } from '../app/use-async';
import { ActorName } from '../components/actor-name';
import { Badge } from '../components/badge';
import { ErrorMessage, Loading } from '../components/messages';
import { TimeText } from '../components/time-text';
import { AccountLabel } from '../findings/account-label';
import { ResourceLink } from '../findings/resource-link';
import { dateAfter, effectText, expiryOf } from './security-data';

/** What the form starts from when an admin excepts a finding from the table. */
export interface ExceptionDraft {
  readonly ruleId: string;
  readonly resourceId: string;
  readonly accountId: string;
}

export function ExceptionsPanel({
  api,
  isAdmin,
  now,
  accountNames,
  draft,
  onChanged,
}: {
  api: ApiClient;
  isAdmin: boolean;
  now: number;
  accountNames: ReadonlyMap<string, string>;
  draft: ExceptionDraft | undefined;
  onChanged: () => void;
}) {
  const exceptions = useAsync((signal) => listExceptions(api, signal), [api]);
  const [revoking, setRevoking] = useState<{ id: string; error?: string }>();
  const [revokedNote, setRevokedNote] = useState<string>();

  async function revoke(exception: ListedException) {
    setRevoking({ id: exception.id });
    try {
      const revoked = await revokeException(api, exception.id);
      setRevoking(undefined);
      setRevokedNote(`Exception for ${exception.ruleId} revoked. ${effectText(revoked.effect, 'revoked')}`);
      exceptions.reload();
      onChanged();
    } catch (error) {
      setRevoking({ id: exception.id, error: describeError(error) });
    }
  }

  return (
    <section className="panel" aria-labelledby="exceptions-heading" id="exceptions">
      <h2 id="exceptions-heading">Exceptions</h2>
      <p className="muted panel-intro">
        An exception accepts a check's finding for one resource, or for every resource with a tag, until it
        expires. Excepted findings do not count against the scores.
      </p>
      {exceptions.status === 'error' && <ErrorMessage error={exceptions.error} onRetry={exceptions.reload} />}
      {!exceptions.data && exceptions.status === 'loading' && <Loading />}
      {exceptions.data?.length === 0 && <p className="muted">No exceptions.</p>}
      {revokedNote && (
        <p className="message message-success" role="status">
          {revokedNote}
        </p>
      )}
      {revoking?.error && (
        <p className="message message-error" role="alert">
          The exception could not be revoked: {revoking.error}
        </p>
      )}
      {exceptions.data && exceptions.data.length > 0 && (
        <table className="data-table exceptions-table">
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">Applies to</th>
              <th scope="col">Account</th>
              <th scope="col">Reason</th>
              <th scope="col">Expires</th>
              <th scope="col">By</th>
              {isAdmin && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {exceptions.data.map((exception) => (
              <tr key={exception.id} className={exception.active ? undefined : 'inactive'}>
                <td>
                  <code>{exception.ruleId}</code>
                </td>
                <td>
                  {exception.scope.kind === 'resource' ? (
                    <ResourceLink id={exception.scope.resourceId} />
                  ) : (
                    <span className="tag">
                      <span className="tag-key">{exception.scope.key}</span>
                      {exception.scope.value}
                    </span>
                  )}
                </td>
                <td>
                  {exception.accountId ? (
                    <AccountLabel id={exception.accountId} names={accountNames} />
                  ) : (
                    <span className="muted">Every account</span>
                  )}
                </td>
                <td className="wrap">{exception.reason}</td>
                <td>
                  {exception.active ? (
                    <TimeText iso={exception.expiresAt} now={now} />
                  ) : (
                    <Badge tone="neutral">expired</Badge>
                  )}
                </td>
                <td>
                  <ActorName name={exception.createdBy} identity={exception.createdByIdentity} />
                </td>
                {isAdmin && (
                  <td>
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => revoke(exception)}
                      disabled={revoking?.id === exception.id && !revoking.error}
                    >
                      Revoke
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isAdmin && (
        <ExceptionForm
          api={api}
          now={now}
          draft={draft}
          onCreated={() => {
            exceptions.reload();
            onChanged();
          }}
        />
      )}
    </section>
  );
}

interface FormState {
  ruleId: string;
  scope: 'resource' | 'tag';
  resourceId: string;
  tag: string;
  accountId: string;
  reason: string;
  expires: string;
}

function ExceptionForm({
  api,
  now,
  draft,
  onCreated,
}: {
  api: ApiClient;
  now: number;
  draft: ExceptionDraft | undefined;
  onCreated: () => void;
}) {
  const id = useId();
  const blank = (): FormState => ({
    ruleId: draft?.ruleId ?? '',
    scope: 'resource',
    resourceId: draft?.resourceId ?? '',
    tag: '',
    accountId: draft?.accountId ?? '',
    reason: '',
    expires: dateAfter(now, 90),
  });
  const [form, setForm] = useState<FormState>(blank);
  const [status, setStatus] = useState<{ busy?: boolean; error?: string; done?: string }>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new draft (another finding) restarts the form.
  useEffect(() => {
    if (draft) setForm(blank());
  }, [draft]);

  const tagInvalid = form.scope === 'tag' && form.tag !== '' && !/^[^=]+=.*$/.test(form.tag);
  const update = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (tagInvalid) return;
    setStatus({ busy: true });
    try {
      const created = await createException(api, {
        ruleId: form.ruleId.trim(),
        ...(form.accountId.trim() ? { accountId: form.accountId.trim() } : {}),
        ...(form.scope === 'resource' ? { resourceId: form.resourceId.trim() } : { tag: form.tag.trim() }),
        reason: form.reason.trim(),
        expiresAt: expiryOf(form.expires),
      });
      setStatus({
        done: `Exception for ${created.ruleId} created. ${effectText(created.effect, 'created')}`,
      });
      setForm({ ...blank(), ruleId: '', resourceId: '', accountId: '' });
      onCreated();
    } catch (error) {
      setStatus({ error: describeError(error) });
    }
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Add an exception</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-rule`}>Check id</label>
          <input
            id={`${id}-rule`}
            required
            value={form.ruleId}
            onChange={(e) => update({ ruleId: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-scope`}>Applies to</label>
          <select
            id={`${id}-scope`}
            value={form.scope}
            onChange={(e) => update({ scope: e.target.value as FormState['scope'] })}
          >
            <option value="resource">One resource</option>
            <option value="tag">Resources with a tag</option>
          </select>
        </div>
        {form.scope === 'resource' ? (
          <div className="field field-wide">
            <label htmlFor={`${id}-resource`}>Resource ARN</label>
            <input
              id={`${id}-resource`}
              required
              value={form.resourceId}
              onChange={(e) => update({ resourceId: e.target.value })}
            />
          </div>
        ) : (
          <div className="field field-wide">
            <label htmlFor={`${id}-tag`}>Tag (key=value)</label>
            <input
              id={`${id}-tag`}
              required
              placeholder="env=sandbox"
              value={form.tag}
              aria-invalid={tagInvalid || undefined}
              aria-describedby={tagInvalid ? `${id}-tag-error` : undefined}
              onChange={(e) => update({ tag: e.target.value })}
            />
            {tagInvalid && (
              <span id={`${id}-tag-error`} className="field-error">
                Write the tag as key=value.
              </span>
            )}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-account`}>Account (optional)</label>
          <input
            id={`${id}-account`}
            inputMode="numeric"
            pattern="\d{12}"
            title="12 digits"
            value={form.accountId}
            onChange={(e) => update({ accountId: e.target.value })}
          />
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-reason`}>Reason</label>
          <input
            id={`${id}-reason`}
            required
            value={form.reason}
            onChange={(e) => update({ reason: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-expires`}>Expires</label>
          <input
            id={`${id}-expires`}
            type="date"
            required
            min={dateAfter(now, 1)}
            max={dateAfter(now, 365)}
            value={form.expires}
            onChange={(e) => update({ expires: e.target.value })}
          />
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={status.busy}>
          {status.busy ? 'Saving…' : 'Add exception'}
        </button>
        {status.error && (
          <span className="field-error" role="alert">
            {status.error}
          </span>
        )}
        {status.done && (
          <span className="text-good" role="status">
            {status.done}
          </span>
        )}
      </div>
    </form>
  );
}

/** The latest administrative actions (exceptions created and revoked, ...). */
export function AuditPanel({
  api,
  now,
  revision,
}: {
  api: ApiClient;
  now: number;
  /** Bumped by the page after an audited change (an exception added or revoked): the log re-reads. */
  revision: number;
}) {
  const audit = useAsync((signal) => listAudit(api, { limit: 20 }, signal), [api, revision]);
  return (
    <section className="panel" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      {audit.status === 'error' && <ErrorMessage error={audit.error} onRetry={audit.reload} />}
      {!audit.data && audit.status === 'loading' && <Loading />}
      {audit.data?.items.length === 0 && <p className="muted">Nothing has been audited yet.</p>}
      {audit.data && audit.data.items.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.items.map((event, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: events have no id; the page is newest first and fixed.
              <tr key={index}>
                <td>
                  <TimeText iso={event.at} now={now} />
                </td>
                <td>
                  <ActorName name={event.actor} identity={event.actorIdentity} />
                </td>
                <td>
                  <code>{event.action}</code>
                </td>
                <td>
                  <code className="break">{event.target}</code>
                </td>
                <td className="wrap">{event.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
