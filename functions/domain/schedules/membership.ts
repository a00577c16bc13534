/**
 * Which schedule a resource follows: the `hostmaster:schedule` tag (the value `ignore` opts it out,
 * whatever the dashboard says) or an assignment made in the dashboard, which wins over another tag value.
 */
export const SCHEDULE_TAG = 'hostmaster:schedule';
export const IGNORE_VALUE = 'ignore';

export type Membership =
  | { kind: 'scheduled'; schedule: string; source: 'tag' | 'assignment' }
  | { kind: 'ignored' }
  | { kind: 'none' };

export function membershipOf(
  tags: Readonly<Record<string, string>>,
  assignment: string | undefined,
): Membership {
  const tag = tags[SCHEDULE_TAG]?.trim();
  if (tag?.toLowerCase() === IGNORE_VALUE) return { kind: 'ignored' };
  if (assignment !== undefined) return { kind: 'scheduled', schedule: assignment, source: 'assignment' };
  if (tag) return { kind: 'scheduled', schedule: tag, source: 'tag' };
  return { kind: 'none' };
}
