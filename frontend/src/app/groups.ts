import { GROUPS, groupAllows } from '../../../functions/shared/contract/routes';

export { groupAllows };

/** The most privileged HostMaster group of a user, the one that decides what they may do. */
export function primaryGroup(groups: readonly string[]): string | undefined {
  for (let i = GROUPS.length - 1; i >= 0; i--) {
    const group = GROUPS[i];
    if (group && groups.includes(group)) return group;
  }
  return groups[0];
}

/** Whether the user may start scans and manage accounts (the API enforces it; this only hides buttons). */
export function isAdmin(groups: readonly string[]): boolean {
  return groupAllows(groups, 'admin');
}
