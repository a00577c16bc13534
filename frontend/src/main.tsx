import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/client';
import { createCognitoClient } from './api/cognito';
import { cognitoEndpointOf, loadRuntimeConfig } from './api/config';
import { describeError } from './api/errors';
import { App } from './app/app';
import { SessionManager } from './auth/session';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);

async function start(): Promise<void> {
  // Resolved against the page, so a build served under a sub-path finds its own config.
  const config = await loadRuntimeConfig(new URL('config.json', document.baseURI).href);
  const cognito = createCognitoClient({
    endpoint: cognitoEndpointOf(config),
    clientId: config.userPoolClientId,
  });
  const session = new SessionManager({ cognito, storage: window.sessionStorage });
  const api = createApiClient({
    baseUrl: config.apiUrl,
    idToken: () => session.idToken(),
    onUnauthorized: () => session.expire(),
  });
  root.render(
    <StrictMode>
      <App services={{ cognito, session, api }} />
    </StrictMode>,
  );
}

start().catch((error: unknown) => {
  root.render(
    <main className="page startup-error">
      <h1>HostMaster could not start</h1>
      <p className="message message-error" role="alert">
        {describeError(error)}
      </p>
    </main>,
  );
});
