import { describe, expect, it } from 'vitest';
import { describeSchedule } from '../../../frontend/src/settings/schedule';

describe('describeSchedule', () => {
  it.each([
    ['rate(15 minutes)', 'Every 15 minutes'],
    ['rate(1 day)', 'Every day'],
    ['rate(8 hours)', 'Every 8 hours'],
    ['cron(0 8 * * ? *)', 'Daily at 08:00'],
    ['cron(30 7 ? * MON *)', 'Mondays at 07:30'],
  ])('puts %s in words as "%s"', (expression, words) => {
    // Act
    const described = describeSchedule(expression);

    // Assess
    expect(described).toBe(words);
  });

  it.each(['cron(0 8 1 * ? *)', 'cron(0/5 * * * ? *)', 'at(2026-12-01T08:00:00)', ''])(
    'leaves %j as written',
    (expression) => {
      // Act
      const described = describeSchedule(expression);

      // Assess
      expect(described).toBeUndefined();
    },
  );
});
