import { describe, expect, it } from 'vitest';
import { requiredTagsMissing } from '../../../../functions/domain/rules/security/required-tags-missing';
import { accountSummary, contextWith, ebsDefault, iamUser, instance, judge, trail, volume } from './builders';

describe('required-tags-missing', () => {
  it('flags the missing and blank required tags by name', () => {
    const untagged = volume({}, { tags: { Owner: 'team-a', environment: ' ' } });
    expect(judge(requiredTagsMissing, untagged)).toMatchObject({
      kind: 'non-compliant',
      title: 'Missing required tags: environment',
      evidence: { missingTags: ['environment'], requiredTags: ['owner', 'environment'] },
    });
  });
  it('uses the configured tag list', () => {
    const vm = instance({}, { tags: { owner: 'a', environment: 'dev' } });
    const context = contextWith([vm], { requiredTags: ['cost-center'] });
    expect(judge(requiredTagsMissing, vm, context)).toMatchObject({
      evidence: { missingTags: ['cost-center'] },
    });
  });
  it('accepts a resource carrying every required tag', () => {
    expect(judge(requiredTagsMissing, instance())).toEqual({ kind: 'compliant' });
  });
  it('does not judge IAM users and trails, whose tags the collectors cannot read', () => {
    expect(judge(requiredTagsMissing, iamUser({}, { tags: {} }))).toEqual({ kind: 'not-applicable' });
    expect(judge(requiredTagsMissing, trail({}, { tags: {} }))).toEqual({ kind: 'not-applicable' });
  });
  it('does not apply to account-level settings or when no tags are required', () => {
    expect(judge(requiredTagsMissing, ebsDefault(true, { tags: {} }))).toEqual({ kind: 'not-applicable' });
    expect(judge(requiredTagsMissing, accountSummary({}, { tags: {} }))).toEqual({ kind: 'not-applicable' });
    const vm = instance({}, { tags: {} });
    expect(judge(requiredTagsMissing, vm, contextWith([vm], { requiredTags: [] }))).toEqual({
      kind: 'not-applicable',
    });
  });
});
