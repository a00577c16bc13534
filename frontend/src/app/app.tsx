import { lazy, Suspense, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { AccountsPage } from '../accounts/accounts-page';
import type { ApiClient } from '../api/client';
import type { CognitoClient } from '../api/cognito';
import type { SessionManager } from '../auth/session';
import { ErrorMessage, Loading } from '../components/messages';
import { PageHeading } from '../components/page-heading';
import { InventoryPage } from '../inventory/inventory-page';
import { type InventoryLocation, queryKey } from '../inventory/inventory-state';
import { useResourcePages } from '../inventory/use-resource-pages';
import { LoginPage } from '../login/login-page';
import { ResourcePage } from '../resource/resource-page';
import { isAdmin as isAdminGroup } from './groups';
import { type Route, routeHref } from './routes';
import { type Section, TopBar } from './top-bar';
import { useAsync } from './use-async';
import { useNow } from './use-now';
import { useRoute } from './use-route';

// The pages beyond the inventory load on first visit, so sign-in and the inventory stay small.
const OverviewPage = lazy(() => import('../overview/overview-page'));
const CostPage = lazy(() => import('../cost/cost-page'));
const SecurityPage = lazy(() => import('../security/security-page'));
const SecurityReportPage = lazy(() => import('../security/security-report-page'));
const AlertsPage = lazy(() => import('../alerts/alerts-page'));
const SettingsPage = lazy(() => import('../settings/settings-page'));
const SchedulesPage = lazy(() => import('../schedules/schedules-page'));
const RemediationPage = lazy(() => import('../remediation/remediation-page'));
const ApprovePage = lazy(() => import('../remediation/approve-page'));

export interface Services {
  readonly cognito: CognitoClient;
  readonly session: SessionManager;
  readonly api: ApiClient;
}

export function App({ services }: { services: Services }) {
  const { session } = services;
  const state = useSyncExternalStore(session.subscribe, session.state);

  // Refresh the tokens ahead of expiry; the timer is re-armed whenever the tokens change.
  useEffect(() => {
    if (state.status !== 'signed-in') return;
    const delay = session.msUntilRefresh() ?? 0;
    const timer = window.setTimeout(() => {
      session.refresh().catch(() => {
        // A refused refresh has already expired the session, which shows the login with a notice.
      });
    }, delay);
    return () => window.clearTimeout(timer);
  }, [session, state]);

  if (state.status === 'signed-out') {
    return <LoginPage cognito={services.cognito} session={session} notice={state.notice} />;
  }
  return <Shell services={services} />;
}

function Shell({ services }: { services: Services }) {
  const { api, session } = services;
  const route = useRoute();
  const now = useNow();
  const me = useAsync((signal) => api.getMe(signal), [api]);
  const accounts = useAsync(async (signal) => (await api.listAccounts(signal)).items, [api]);

  // The inventory stays loaded while a resource is open, so Back shows it at once.
  const [inventory, setInventory] = useState<InventoryLocation>();
  if (route.name === 'inventory' && !sameLocation(inventory, route)) {
    setInventory({ filters: route.filters, view: route.view });
  }
  const pages = useResourcePages(api, inventory);

  const accountNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const account of accounts.data ?? []) if (account.name) names.set(account.accountId, account.name);
    return names;
  }, [accounts.data]);

  const inventoryHref = inventory ? routeHref({ name: 'inventory', ...inventory }) : '#/inventory';
  const isAdmin = me.status === 'ready' && isAdminGroup(me.data.groups);
  // Until the profile arrives, act as a viewer: buttons appear once the groups are known.
  const groups = me.data?.groups ?? [];
  const accountIds = useMemo(() => (accounts.data ?? []).map((a) => a.accountId).sort(), [accounts.data]);
  const pageProps = { api, groups, accountNames, accountIds, now };

  return (
    <div className="shell">
      <TopBar
        section={sectionOf(route)}
        inventoryHref={inventoryHref}
        me={me.data}
        onSignOut={() => session.signOut()}
      />
      {me.status === 'error' && (
        <ErrorMessage error={me.error} title="Could not read your profile" onRetry={me.reload} />
      )}
      {route.name === 'inventory' && (
        <InventoryPage
          location={route}
          pages={pages}
          accounts={accounts.data}
          accountNames={accountNames}
          now={now}
        />
      )}
      {route.name === 'resource' && (
        <ResourcePage
          key={route.id}
          api={api}
          id={route.id}
          backHref={inventoryHref}
          accountNames={accountNames}
          groups={groups}
          now={now}
        />
      )}
      {route.name === 'accounts' && (
        <AccountsPage api={api} accounts={accounts} isAdmin={isAdmin} now={now} />
      )}
      <Suspense fallback={<Loading>Loading page…</Loading>}>
        {route.name === 'overview' && <OverviewPage {...pageProps} accounts={accounts} />}
        {route.name === 'cost' && <CostPage {...pageProps} />}
        {route.name === 'security' && <SecurityPage {...pageProps} />}
        {route.name === 'security-report' && (
          <SecurityReportPage {...pageProps} accountId={route.accountId} />
        )}
        {route.name === 'alerts' && <AlertsPage {...pageProps} />}
        {route.name === 'settings' && <SettingsPage {...pageProps} />}
        {route.name === 'schedules' && <SchedulesPage {...pageProps} />}
        {route.name === 'remediation' && <RemediationPage {...pageProps} fix={route.fix} />}
        {route.name === 'approve' && (
          <ApprovePage key={route.token} {...pageProps} remediationId={route.id} token={route.token} />
        )}
      </Suspense>
      {route.name === 'not-found' && (
        <main className="page">
          <PageHeading>Page not found</PageHeading>
          <p>
            There is nothing at <code>{route.path}</code>. <a href="#/">Go to the overview</a>.
          </p>
        </main>
      )}
    </div>
  );
}

function sectionOf(route: Route): Section {
  switch (route.name) {
    case 'not-found':
      return undefined;
    case 'resource':
      return 'inventory';
    case 'security-report':
      return 'security';
    case 'approve':
      return 'remediation';
    default:
      return route.name;
  }
}

function sameLocation(a: InventoryLocation | undefined, b: InventoryLocation): boolean {
  return a !== undefined && queryKey(a) === queryKey(b);
}
