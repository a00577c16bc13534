import { type FormEvent, useId, useState } from 'react';
import { createSubscription, deleteSubscription, listSubscriptions } from '../api/alerts';
import type { ApiClient } from '../api/client';
import { describeError } from '../api/errors';
import type { Subscription } from '../api/types';
import { useAsync } from '../app/use-async';
import { Badge } from '../components/badge';
import { ErrorMessage, Loading } from '../components/messages';
import { endpointProblem } from './alerts-data';

/** Alert recipients (SNS email and SMS subscriptions), for admins, who add and remove them. */
export function SubscriptionsPanel({ api }: { api: ApiClient }) {
  const subscriptions = useAsync((signal) => listSubscriptions(api, signal), [api]);
  const [removing, setRemoving] = useState<{ id: string; error?: string }>();

  async function remove(subscription: Subscription) {
    setRemoving({ id: subscription.id });
    try {
      await deleteSubscription(api, subscription.id);
      setRemoving(undefined);
      subscriptions.reload();
    } catch (error) {
      setRemoving({ id: subscription.id, error: describeError(error) });
    }
  }

  return (
    <section className="panel" aria-labelledby="subscriptions-heading">
      <h2 id="subscriptions-heading">Recipients</h2>
      <p className="muted panel-intro">SMS is for what must wake someone; everything else goes by email.</p>
      {subscriptions.status === 'error' && (
        <ErrorMessage error={subscriptions.error} onRetry={subscriptions.reload} />
      )}
      {!subscriptions.data && subscriptions.status === 'loading' && <Loading />}
      {subscriptions.data?.length === 0 && <p className="muted">Nobody receives alerts yet.</p>}
      {removing?.error && (
        <p className="message message-error" role="alert">
          The recipient could not be removed: {removing.error}
        </p>
      )}
      {subscriptions.data && subscriptions.data.length > 0 && (
        <ul className="subscriptions">
          {subscriptions.data.map((s) => (
            <li key={s.id}>
              <Badge tone="neutral">{s.protocol === 'sms' ? 'SMS' : 'email'}</Badge>
              <span className="subscription-endpoint">{s.endpoint}</span>
              {s.status === 'pending-confirmation' ? (
                <Badge
                  tone="warn"
                  title="SNS sent a confirmation link; alerts start once the recipient follows it."
                >
                  pending confirmation
                </Badge>
              ) : (
                <Badge tone="good">confirmed</Badge>
              )}
              <button
                type="button"
                className="button button-small"
                onClick={() => remove(s)}
                disabled={removing?.id === s.id && !removing.error}
                aria-label={`Remove ${s.endpoint}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <SubscriptionForm api={api} onAdded={subscriptions.reload} />
    </section>
  );
}

function SubscriptionForm({ api, onAdded }: { api: ApiClient; onAdded: () => void }) {
  const id = useId();
  const [protocol, setProtocol] = useState<'email' | 'sms'>('email');
  const [endpoint, setEndpoint] = useState('');
  const [status, setStatus] = useState<{ busy?: boolean; error?: string; done?: string }>({});
  const problem = endpointProblem(protocol, endpoint);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (problem || endpoint.trim() === '') return;
    setStatus({ busy: true });
    try {
      const created = await createSubscription(api, { protocol, endpoint: endpoint.trim() });
      setStatus({
        done:
          created.status === 'pending-confirmation'
            ? `${created.endpoint} added; SNS sent a confirmation link to follow.`
            : `${created.endpoint} added.`,
      });
      setEndpoint('');
      onAdded();
    } catch (error) {
      setStatus({ error: describeError(error) });
    }
  }

  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Add a recipient</h3>
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-protocol`}>Channel</label>
          <select
            id={`${id}-protocol`}
            value={protocol}
            onChange={(e) => setProtocol(e.target.value as 'email' | 'sms')}
          >
            <option value="email">Email</option>
            <option value="sms">SMS</option>
          </select>
        </div>
        <div className="field field-grow">
          <label htmlFor={`${id}-endpoint`}>
            {protocol === 'sms' ? 'Phone number (E.164)' : 'Email address'}
          </label>
          <input
            id={`${id}-endpoint`}
            type={protocol === 'sms' ? 'tel' : 'email'}
            placeholder={protocol === 'sms' ? '+14155550100' : 'ops@example.com'}
            value={endpoint}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
            onChange={(e) => {
              setEndpoint(e.target.value);
              setStatus({});
            }}
          />
          {problem && (
            <span id={`${id}-problem`} className="field-error">
              {problem}
            </span>
          )}
        </div>
        <button
          type="submit"
          className="button button-primary"
          disabled={status.busy || !!problem || endpoint.trim() === ''}
        >
          {status.busy ? 'Adding…' : 'Add'}
        </button>
      </div>
      {status.error && (
        <p className="field-error" role="alert">
          {status.error}
        </p>
      )}
      {status.done && (
        <p className="text-good" role="status">
          {status.done}
        </p>
      )}
    </form>
  );
}
