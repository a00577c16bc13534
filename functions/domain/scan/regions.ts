/** Splits a comma-separated setting (`REGIONS_ALLOW`, `MEMBER_ACCOUNTS`) into trimmed, non-empty values. */
export function parseList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/**
 * The regions to scan in one account: the enabled ones, narrowed to the allow list when there is
 * one, minus the deny list. Sorted so plans are deterministic.
 */
export function selectRegions(
  enabled: readonly string[],
  allow: readonly string[],
  deny: readonly string[],
): string[] {
  const allowed = new Set(allow);
  const denied = new Set(deny);
  return [...new Set(enabled)].filter((r) => (allowed.size === 0 || allowed.has(r)) && !denied.has(r)).sort();
}
