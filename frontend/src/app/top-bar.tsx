import type { Me } from '../api/types';
import { primaryGroup } from './groups';

export type Section = 'inventory' | 'accounts' | undefined;

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
        <a href={inventoryHref} aria-current={section === 'inventory' ? 'page' : undefined}>
          Inventory
        </a>
        <a href="#/accounts" aria-current={section === 'accounts' ? 'page' : undefined}>
          Accounts
        </a>
      </nav>
      <div className="user">
        {me && (
          <>
            <span className="user-email">{me.email}</span>
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
