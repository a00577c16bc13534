import type { Resource } from '../../../model';
import type { RuleSettings } from '../../rule';
import { criticalDataTagsOf, matchTag, productionTagsOf } from '../../security/support/tags';

/** The tag that sets a resource's recovery point objective: `30m`, `24h`, `7d`, `1w`. */
export const RPO_TAG = 'hostmaster:rpo';

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds of an RPO such as `24h`; undefined when it does not parse. */
export function parseRpo(value: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*$/i.exec(value);
  if (!match) return undefined;
  const ms = Number(match[1]) * (UNIT_MS[match[2]!.toLowerCase()] ?? 0);
  return ms > 0 ? ms : undefined;
}

export type RpoRequirement =
  | { readonly kind: 'none' }
  | { readonly kind: 'invalid'; readonly value: string }
  | { readonly kind: 'required'; readonly rpoMs: number; readonly source: string };

/**
 * Which resources must meet an RPO: those tagged `hostmaster:rpo`, and production or critical-data
 * resources with the default. Others have no backup promise to break.
 */
export function rpoRequirement(
  resource: Resource,
  settings: RuleSettings,
  defaultRpoHours: number,
): RpoRequirement {
  const tag = Object.entries(resource.tags).find(([k]) => k.toLowerCase() === RPO_TAG);
  if (tag) {
    const rpoMs = parseRpo(tag[1]);
    return rpoMs === undefined
      ? { kind: 'invalid', value: tag[1] }
      : { kind: 'required', rpoMs, source: `tag ${RPO_TAG}=${tag[1]}` };
  }
  const marked =
    matchTag(resource.tags, productionTagsOf(settings)) ??
    matchTag(resource.tags, criticalDataTagsOf(settings));
  if (!marked) return { kind: 'none' };
  return {
    kind: 'required',
    rpoMs: defaultRpoHours * 3_600_000,
    source: `default for ${marked.key}=${marked.value}`,
  };
}
