import { describe, expect, it } from 'vitest';
import { type DirectoryUser, revocationOf } from '../../../functions/domain/identity/user-directory';

const ACTIVE_OPERATOR: DirectoryUser = {
  username: 'grace',
  enabled: true,
  status: 'CONFIRMED',
  groups: ['operator'],
};

describe('revocationOf', () => {
  it.each([
    ['a confirmed operator, for an operator route', ACTIVE_OPERATOR, 'operator'],
    ['a confirmed operator, for a viewer route', ACTIVE_OPERATOR, 'viewer'],
    ['a federated admin', { ...ACTIVE_OPERATOR, status: 'EXTERNAL_PROVIDER', groups: ['admin'] }, 'admin'],
  ] as const)('lets %s act', (_case, user, group) => {
    // Act
    const reason = revocationOf(user, group);

    // Assess
    expect(reason).toBeUndefined();
  });

  it.each([
    ['a deleted user', undefined, 'operator', 'the user no longer exists'],
    ['a disabled user', { ...ACTIVE_OPERATOR, enabled: false }, 'operator', 'the user has been disabled'],
    [
      'a user whose password an administrator reset',
      { ...ACTIVE_OPERATOR, status: 'RESET_REQUIRED' },
      'operator',
      "the user's status is RESET_REQUIRED",
    ],
    [
      'an operator on an admin route',
      ACTIVE_OPERATOR,
      'admin',
      'the user is no longer in the admin group or higher',
    ],
    [
      'a user in no HostMaster group',
      { ...ACTIVE_OPERATOR, groups: ['legacy'] },
      'viewer',
      'the user is no longer in the viewer group or higher',
    ],
  ] as const)('refuses %s, saying why', (_case, user, group, expected) => {
    // Act
    const reason = revocationOf(user, group);

    // Assess
    expect(reason).toBe(expected);
  });

  it('reports a disabled user as disabled even when their groups no longer allow the route either', () => {
    // Act
    const reason = revocationOf({ ...ACTIVE_OPERATOR, enabled: false, groups: [] }, 'admin');

    // Assess
    expect(reason).toBe('the user has been disabled');
  });
});
