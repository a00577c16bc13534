import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FindingCategorySchema, RESOURCE_TYPES, SeveritySchema } from '../../../functions/domain/model';
import { FRAMEWORKS } from '../../../functions/domain/posture/frameworks';
import { ALL_RULES } from '../../../functions/domain/rules';
import type { Rule } from '../../../functions/domain/rules/rule';

const RULES_DIR = fileURLToPath(new URL('../../../functions/domain/rules/', import.meta.url));

/** Rule files: every .ts under rules/ except the registries, the contract and `support/` helpers. */
function ruleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'support' ? [] : ruleFiles(path);
    if (!entry.name.endsWith('.ts') || entry.name === 'index.ts' || entry.name === 'rule.ts') return [];
    return [path];
  });
}

const isRule = (value: unknown): value is Rule =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Rule).id === 'string' &&
  typeof (value as Rule).evaluate === 'function' &&
  Array.isArray((value as Rule).appliesTo);

describe('rule registry', () => {
  const files = ruleFiles(RULES_DIR);

  it('finds the rule files it is meant to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(27);
  });

  it.each(files.map((f) => [relative(RULES_DIR, f), f]))(
    '%s exports one rule, named after the file, registered in ALL_RULES',
    async (_name, file) => {
      // Act
      const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      const rules = Object.values(module).filter(isRule);
      // Assess
      expect(rules).toHaveLength(1);
      expect(rules[0]!.id).toBe(basename(file, '.ts'));
      expect(ALL_RULES).toContain(rules[0]);
    },
  );

  it('has unique kebab-case ids', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('gives every rule its metadata: title, rationale, remediation, valid category, severity and types', () => {
    for (const rule of ALL_RULES) {
      expect(rule.title.length, rule.id).toBeGreaterThan(0);
      expect(rule.rationale.length, rule.id).toBeGreaterThan(20);
      expect(rule.remediation.length, rule.id).toBeGreaterThan(20);
      expect(FindingCategorySchema.options, rule.id).toContain(rule.category);
      expect(SeveritySchema.options, rule.id).toContain(rule.severity);
      expect(rule.appliesTo.length, rule.id).toBeGreaterThan(0);
      for (const type of rule.appliesTo) expect(RESOURCE_TYPES, rule.id).toContain(type);
    }
  });

  it('references only controls that a scored framework lists (other frameworks are informational)', () => {
    for (const rule of ALL_RULES) {
      for (const reference of rule.references) {
        const framework = FRAMEWORKS.find((f) => f.id === reference.framework);
        if (!framework) continue;
        expect(
          framework.controls.map((c) => c.id),
          `${rule.id} → ${reference.framework}:${reference.control}`,
        ).toContain(reference.control);
      }
    }
  });

  it('references the scored frameworks by their exact ids', () => {
    const ids = ALL_RULES.flatMap((r) => r.references.map((ref) => ref.framework));
    expect(
      ids.filter((id) => /cis|fsbp|foundational/i.test(id) && !FRAMEWORKS.some((f) => f.id === id)),
    ).toEqual([]);
  });

  it('evidences every control the frameworks list with at least one rule', () => {
    for (const framework of FRAMEWORKS) {
      for (const control of framework.controls) {
        const evidenced = ALL_RULES.some((r) =>
          r.references.some((ref) => ref.framework === framework.id && ref.control === control.id),
        );
        expect(evidenced, `${framework.id}:${control.id}`).toBe(true);
      }
    }
  });
});
