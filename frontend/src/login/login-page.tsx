import { type FormEvent, useId, useState } from 'react';
import type { CognitoClient, SignInResult } from '../api/cognito';
import { describeError } from '../api/errors';
import type { SessionManager } from '../auth/session';
import { Field } from '../components/field';

type Step =
  | { readonly kind: 'password' }
  | { readonly kind: 'new-password'; readonly username: string; readonly session: string };

export interface LoginPageProps {
  readonly cognito: CognitoClient;
  readonly session: SessionManager;
  /** Why the person is here again (an expired session), shown above the form. */
  readonly notice?: string;
}

export function LoginPage({ cognito, session, notice }: LoginPageProps) {
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const headingId = useId();

  async function run(action: () => Promise<SignInResult>) {
    setBusy(true);
    setError(undefined);
    try {
      const result = await action();
      if (result.kind === 'signed-in') {
        session.signIn(result.tokens);
        return;
      }
      setStep({ kind: 'new-password', username: result.username, session: result.session });
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  }

  function onSignIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    void run(() => cognito.signIn(email, password));
  }

  function onNewPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (step.kind !== 'new-password') return;
    const form = new FormData(event.currentTarget);
    const password = String(form.get('new-password') ?? '');
    if (password !== String(form.get('confirm-password') ?? '')) {
      setError('The two passwords do not match.');
      return;
    }
    void run(() => cognito.completeNewPassword(step.username, password, step.session));
  }

  return (
    <main className="login">
      <section className="login-card" aria-labelledby={headingId}>
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          HostMaster
        </div>
        {step.kind === 'password' ? (
          <form onSubmit={onSignIn} noValidate={false}>
            <h1 id={headingId}>Sign in</h1>
            {notice && (
              <p className="message message-info" role="status">
                {notice}
              </p>
            )}
            <Field label="Email">
              <input name="email" type="email" autoComplete="username" required />
            </Field>
            <Field label="Password">
              <input name="password" type="password" autoComplete="current-password" required />
            </Field>
            {error && (
              <p className="message message-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        ) : (
          <form onSubmit={onNewPassword}>
            <h1 id={headingId}>Choose a new password</h1>
            <p className="muted">
              Your account was created with a temporary password. Choose your own to continue.
            </p>
            <Field label="New password">
              <input name="new-password" type="password" autoComplete="new-password" required />
            </Field>
            <Field label="Confirm new password">
              <input name="confirm-password" type="password" autoComplete="new-password" required />
            </Field>
            {error && (
              <p className="message message-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Saving…' : 'Set password and sign in'}
            </button>
            <button
              type="button"
              className="button button-link"
              onClick={() => {
                setStep({ kind: 'password' });
                setError(undefined);
              }}
            >
              Back to sign in
            </button>
          </form>
        )}
      </section>
    </main>
  );
}
