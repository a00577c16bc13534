import type { Me } from '../api/types';
import { isAdmin, primaryGroup } from './groups';

export type Section =
  | 'overview'
  | 'inventory'
  | 'cost'
  | 'schedules'
  | 'security'
  | 'alerts'
  | 'remediation'
  | 'accounts'
  | 'settings'
  | undefined;

const NAV: readonly (readonly [NonNullable<Section>, string, string])[] = [
  ['overview', 'Overview', '#/'],
  ['inventory', 'Inventory', '#/inventory'],
  ['cost', 'Cost', '#/cost'],
  ['schedules', 'Schedules', '#/schedules'],
  ['security', 'Security', '#/security'],
  ['alerts', 'Alerts', '#/alerts'],
  ['remediation', 'Remediation', '#/remediation'],
  ['accounts', 'Accounts', '#/accounts'],
];

/** Shown to administrators only (the API refuses the others anyway). */
const ADMIN_NAV: typeof NAV = [['settings', 'Settings', '#/settings']];

export interface TopBarProps {
  readonly section: Section;
  readonly inventoryHref: string;
  readonly me: Me | undefined;
  readonly onSignOut: () => void;
}

export function TopBar({ section, inventoryHref, me, onSignOut }: TopBarProps) {
  const group = me ? primaryGroup(me.groups) : undefined;
  return (
    <header className="top-bar">
      <a className="brand" href="#/">
        <span className="brand-mark" aria-hidden="true" />
        HostMaster
      </a>
      <nav aria-label="Main">
        {[...NAV, ...(me && isAdmin(me.groups) ? ADMIN_NAV : [])].map(([name, label, href]) => (
          <a
            key={name}
            href={name === 'inventory' ? inventoryHref : href}
            aria-current={section === name ? 'page' : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
      <div className="user">
        {me && (
          <>
            <span className="user-email" title={`Username ${me.username}`}>
              {me.name}
            </span>
            {group && (
              <span className="group" title={`Groups: ${me.groups.join(', ')}`}>
                {group}
              </span>
            )}
          </>
        )}
        <button type="button" className="button button-quiet" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
