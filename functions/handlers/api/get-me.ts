import { actorName } from '../../domain/identity/actor';
import { GROUPS } from '../../shared/contract/routes';
import { actorOf } from './caller';
import type { Operation } from './operation';

/**
 * `GET /me`: who the caller is and which HostMaster groups it holds, for the dashboard's menus. The
 * email is empty unless Cognito verified it; `name` is what the audit trail shows for the caller.
 */
export const getMe: Operation<'getMe'> = async ({ caller }) => ({
  body: {
    subject: caller.subject,
    username: caller.username,
    email: caller.email ?? '',
    name: actorName(actorOf(caller)),
    groups: GROUPS.filter((group) => caller.groups.includes(group)),
  },
});
