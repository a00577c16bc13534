/**
 * Every rule family, in one list: the analyzer runs `ALL_RULES`. A family adds its registry here
 * with one import and one spread; test/domain/rules/registry.test.ts fails on a rule file that no
 * registry reaches.
 */
import { COST_RULES } from './cost';
import { RELIABILITY_RULES } from './reliability';
import type { Rule } from './rule';
import { SECURITY_RULES } from './security';

export const ALL_RULES: readonly Rule[] = [...SECURITY_RULES, ...COST_RULES, ...RELIABILITY_RULES];
