/**
 * Reading fleet files: schema validation (zod) plus the cross-field checks a schema cannot express,
 * with errors that name the JSON path of every wrong field.
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { type Fleet, FleetSchema } from './fleet';

/** A fleet file that does not describe a valid organization; `problems` lists each wrong field. */
export class FleetValidationError extends Error {
  override readonly name = 'FleetValidationError';
  constructor(
    readonly problems: readonly string[],
    source = 'fleet',
  ) {
    super(`Invalid ${source}:\n  ${problems.join('\n  ')}`);
  }
}

/** `accounts[1].resources[3].attributes.instanceType` */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  // One line per unknown key, at the key's own path: `accounts[0].resources[2].attributes.instanceTyp`.
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map(
      (key) => `${jsonPath([...issue.path, key])}: unknown field (misspelled? see fleet.schema.json)`,
    );
  return [`${jsonPath(issue.path)}: ${issue.message.replace(/^Invalid input: /, '')}`];
}

function consistencyProblems(fleet: Fleet): string[] {
  const problems: string[] = [];
  const partition = new Set(fleet.regions);
  const accountIds = new Set<string>();
  fleet.accounts.forEach((account, a) => {
    if (accountIds.has(account.id)) problems.push(`accounts[${a}].id: duplicate account id ${account.id}`);
    accountIds.add(account.id);
    account.regions.forEach((region, r) => {
      if (!partition.has(region)) {
        problems.push(`accounts[${a}].regions[${r}]: ${region} is not one of the fleet's regions`);
      }
    });
    const enabled = new Set(account.regions);
    const seen = new Set<string>();
    account.resources.forEach((resource, i) => {
      const at = `accounts[${a}].resources[${i}]`;
      if (resource.region !== 'global' && !enabled.has(resource.region)) {
        problems.push(`${at}.region: ${resource.region} is not one of the account's regions or global`);
      }
      const key = `${resource.type}|${resource.region}|${resource.id}`;
      if (seen.has(key))
        problems.push(`${at}.id: duplicate ${resource.type} id ${resource.id} in ${resource.region}`);
      seen.add(key);
    });
  });
  return problems;
}

/** Validates a parsed JSON value as a fleet; throws `FleetValidationError` naming every wrong field. */
export function parseFleet(json: unknown, source?: string): Fleet {
  const parsed = FleetSchema.safeParse(json);
  if (!parsed.success) throw new FleetValidationError(parsed.error.issues.flatMap(describeIssue), source);
  const problems = consistencyProblems(parsed.data);
  if (problems.length > 0) throw new FleetValidationError(problems, source);
  return parsed.data;
}

/** Reads and validates a fleet file. */
export async function loadFleet(path: string): Promise<Fleet> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FleetValidationError([`(root): not JSON: ${(error as Error).message}`], path);
  }
  return parseFleet(json, path);
}
