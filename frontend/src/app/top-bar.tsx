import { useEffect, useState } from 'react';
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

/**
 * The top bar. On a narrow screen (a phone) the navigation folds behind a Menu button, so the bar
 * never makes the page wider than the screen; going to another page folds it again.
 */
export function TopBar({ section, inventoryHref, me, onSignOut }: TopBarProps) {
  const group = me ? primaryGroup(me.groups) : undefined;
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    const close = () => setMenuOpen(false);
    window.addEventListener('hashchange', close);
    return () => window.removeEventListener('hashchange', close);
  }, []);
  return (
    <header className={menuOpen ? 'top-bar menu-open' : 'top-bar'}>
      <a className="brand" href="#/">
        <span className="brand-mark" aria-hidden="true" />
        HostMaster
      </a>
      <nav id="main-nav" aria-label="Main">
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
        <button
          type="button"
          className="button button-quiet menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </button>
      </div>
    </header>
  );
}
