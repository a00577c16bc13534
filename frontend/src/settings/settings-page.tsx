import type { ReactNode } from 'react';
import { getSettings } from '../api/settings';
import { groupAllows } from '../app/groups';
import type { PageProps } from '../app/page-props';
import { useAsync } from '../app/use-async';
import { Badge } from '../components/badge';
import { ErrorMessage, Loading } from '../components/messages';
import { PageHeading } from '../components/page-heading';
import { describeSchedule } from './schedule';

/** `#/settings` (admin): the configuration in force, as the deployment's functions read it. */
export default function SettingsPage({ api, groups, accountNames }: PageProps) {
  const isAdmin = groupAllows(groups, 'admin');
  const settings = useAsync((signal) => getSettings(api, signal), [api]);

  const account = (id: string) => {
    const name = accountNames.get(id);
    return name ? `${name} (${id})` : id;
  };

  return (
    <main className="page page-settings">
      <div className="page-header">
        <div>
          <PageHeading>Settings</PageHeading>
          <p className="subtitle">
            The configuration in force. It comes from the deployment's CDK context; change it there and deploy
            again.
          </p>
        </div>
      </div>
      {groups.length > 0 && !isAdmin && <p className="message">Only administrators can see the settings.</p>}
      {settings.status === 'loading' && !settings.data && <Loading>Loading the settings…</Loading>}
      {settings.status === 'error' && (
        <ErrorMessage error={settings.error} title="Could not read the settings" onRetry={settings.reload} />
      )}
      {settings.data && (
        <div className="settings-grid">
          <section className="panel" aria-labelledby="settings-accounts">
            <h2 id="settings-accounts">Accounts</h2>
            <dl className="attributes">
              <Setting label="Accounts from">
                {settings.data.accounts.source === 'organizations'
                  ? 'AWS Organizations (ListAccounts, active accounts)'
                  : settings.data.accounts.source === 'registered'
                    ? 'The registered list below'
                    : settings.data.accounts.source}
              </Setting>
              <Setting label="Management account">
                {settings.data.accounts.managementAccountId ? (
                  account(settings.data.accounts.managementAccountId)
                ) : (
                  <Muted>None: the hub's own role lists the organization and reads costs</Muted>
                )}
              </Setting>
              <Setting label="Registered accounts">
                <Values items={settings.data.accounts.memberAccounts.map(account)} none="None" />
              </Setting>
              <Setting label="Member StackSet OUs">
                <Values
                  items={settings.data.accounts.memberOrganizationalUnits}
                  none="None: member stacks are deployed by hand"
                />
              </Setting>
              <Setting label="Member StackSet regions">
                <Values
                  items={settings.data.accounts.memberStackRegions.map((region, index) =>
                    index === 0 ? `${region} (scan role)` : region,
                  )}
                  none="None"
                />
              </Setting>
            </dl>
          </section>
          <section className="panel" aria-labelledby="settings-scanning">
            <h2 id="settings-scanning">Scanning</h2>
            <dl className="attributes">
              <Setting label="Schedule">
                <Schedule expression={settings.data.scan.rate} />
              </Setting>
              <Setting label="Jobs at once">{settings.data.scan.concurrency} (account, region) jobs</Setting>
              <Setting label="Regions allowed">
                <Values items={settings.data.regions.allow} none="Every enabled region" />
              </Setting>
              <Setting label="Regions denied">
                <Values items={settings.data.regions.deny} none="None" />
              </Setting>
            </dl>
          </section>
          <section className="panel" aria-labelledby="settings-alerts">
            <h2 id="settings-alerts">Alerts</h2>
            <dl className="attributes">
              <Setting label="Quiet hours">
                {settings.data.alerts.quietHours ?? <Muted>None: notices go out at once</Muted>}
              </Setting>
              <Setting label="SMS budget">
                {formatUsd(settings.data.alerts.smsMonthlyBudgetUsd)} a month{' '}
                {settings.data.alerts.smsBudgetIsDefault && <Badge tone="neutral">default</Badge>}
              </Setting>
            </dl>
          </section>
          <section className="panel" aria-labelledby="settings-rules">
            <h2 id="settings-rules">Compliance</h2>
            <dl className="attributes">
              <Setting label="Required tags">
                <Values items={settings.data.rules.requiredTags} none="None" code />
                {settings.data.rules.requiredTagsSource === 'built-in' && (
                  <Muted> (the required-tags rule's built-in keys)</Muted>
                )}
              </Setting>
            </dl>
          </section>
          <section className="panel" aria-labelledby="settings-costs">
            <h2 id="settings-costs">Costs</h2>
            <dl className="attributes">
              <Setting label="Cost Explorer refresh">
                <Schedule expression={settings.data.costs.refreshRate} />
              </Setting>
              <Setting label="Cost allocation tags">
                <Values items={settings.data.costs.tagKeys} none="None" code />
              </Setting>
            </dl>
          </section>
          <section className="panel" aria-labelledby="settings-digests">
            <h2 id="settings-digests">Digests</h2>
            <dl className="attributes">
              <Setting label="Daily">
                <Schedule expression={settings.data.digests.daily} />
              </Setting>
              <Setting label="Weekly">
                <Schedule expression={settings.data.digests.weekly} />
              </Setting>
              <Setting label="Time zone">{settings.data.digests.timeZone}</Setting>
            </dl>
          </section>
        </div>
      )}
    </main>
  );
}

function Setting({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Muted({ children }: { children: ReactNode }) {
  return <span className="muted">{children}</span>;
}

function Values({ items, none, code }: { items: readonly string[]; none: string; code?: boolean }) {
  if (items.length === 0) return <Muted>{none}</Muted>;
  return (
    <ul className="value-list">
      {items.map((item) => (
        <li key={item}>{code ? <code>{item}</code> : item}</li>
      ))}
    </ul>
  );
}

function Schedule({ expression }: { expression: string }) {
  if (expression.trim() === '') return <Muted>Not scheduled</Muted>;
  const words = describeSchedule(expression);
  return (
    <span className="schedule">
      {words && <span>{words} </span>}
      <code>{expression}</code>
    </span>
  );
}

function formatUsd(amount: number): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(amount);
}
