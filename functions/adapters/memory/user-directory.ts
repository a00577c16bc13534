import type { DirectoryUser, UserDirectory } from '../../domain/identity/user-directory';

/** The UserDirectory in memory, for tests: users by username, changed with `put` and `delete`. */
export class MemoryUserDirectory implements UserDirectory {
  private readonly users = new Map<string, DirectoryUser>();

  constructor(users: readonly DirectoryUser[] = []) {
    for (const user of users) this.put(user);
  }

  put(user: DirectoryUser): void {
    this.users.set(user.username, { ...user, groups: [...user.groups] });
  }

  delete(username: string): void {
    this.users.delete(username);
  }

  async find(username: string): Promise<DirectoryUser | undefined> {
    return this.users.get(username);
  }
}
