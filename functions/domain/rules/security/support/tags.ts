import type { RuleSettings, TagMatcher } from '../../rule';

export const DEFAULT_PRODUCTION_TAGS: readonly TagMatcher[] = [
  { key: 'environment', values: ['production', 'prod'] },
];

export const DEFAULT_CRITICAL_DATA_TAGS: readonly TagMatcher[] = [
  { key: 'data-classification', values: ['critical'] },
  { key: 'critical', values: ['true'] },
];

/**
 * The first tag that satisfies one of the matchers. Keys and values compare case-insensitively,
 * because `Environment=Prod` and `environment=prod` mean the same to the people who wrote them.
 */
export function matchTag(
  tags: Readonly<Record<string, string>>,
  matchers: readonly TagMatcher[],
): { key: string; value: string } | undefined {
  for (const [key, value] of Object.entries(tags)) {
    const k = key.toLowerCase();
    const v = value.trim().toLowerCase();
    for (const matcher of matchers) {
      if (matcher.key.toLowerCase() === k && matcher.values.some((m) => m.toLowerCase() === v)) {
        return { key, value };
      }
    }
  }
  return undefined;
}

export const productionTagsOf = (settings: RuleSettings) =>
  settings.productionTags ?? DEFAULT_PRODUCTION_TAGS;
export const criticalDataTagsOf = (settings: RuleSettings) =>
  settings.criticalDataTags ?? DEFAULT_CRITICAL_DATA_TAGS;

/** Required keys absent from `tags` or present with a blank value; keys compare case-insensitively. */
export function missingTags(tags: Readonly<Record<string, string>>, required: readonly string[]): string[] {
  const present = new Set(
    Object.entries(tags)
      .filter(([, value]) => value.trim() !== '')
      .map(([key]) => key.toLowerCase()),
  );
  return required.filter((key) => !present.has(key.toLowerCase()));
}
