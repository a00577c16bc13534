import { GROUPS } from '../../shared/contract/routes';
import type { Operation } from './operation';

/** `GET /me`: who the caller is and which HostMaster groups it holds, for the dashboard's menus. */
export const getMe: Operation = async ({ caller }) => ({
  body: {
    subject: caller.subject,
    email: caller.email ?? '',
    groups: GROUPS.filter((group) => caller.groups.includes(group)),
  },
});
