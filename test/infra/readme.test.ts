/**
 * The README's Deploying section read as a user would run it: every `cdk deploy|synth|diff <stack>` names
 * a stack of the app bin/app.ts builds, and its context keys are exactly those cdk.json holds and
 * lib/config.ts reads.
 */
import { readFileSync } from 'node:fs';
import { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { CONTEXT } from '../../lib/config';
import { projectPath } from '../../lib/constructs/hostmaster-function';
import { addHostMasterStacks } from '../../lib/hostmaster-app';
import { fakeDashboardBuild, testApp } from './helpers';

const readme = readFileSync(projectPath('README.md'), 'utf8');
const deploying = section(readme, 'Deploying');
const cdkJson = JSON.parse(readFileSync(projectPath('cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};
const configSource = readFileSync(projectPath('lib/config.ts'), 'utf8');

/** The text of a `## title` section, up to the next `## ` heading. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start === -1) throw new Error(`README.md has no "## ${title}" section`);
  const next = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, next === -1 ? undefined : next);
}

/** Stack names after `cdk deploy|synth|diff` anywhere in the README (flags and bare commands skipped). */
function documentedStacks(markdown: string): string[] {
  return [...markdown.matchAll(/\bcdk\s+(?:deploy|synth|diff)\s+([A-Za-z][\w-]*)/g)].map(
    (match) => match[1]!,
  );
}

const contextKeys = (text: string): string[] => [...new Set(text.match(/hostmaster:[A-Za-z]+/g) ?? [])];

describe('README.md', () => {
  it('names only stacks the app defines in its cdk commands', () => {
    // Prepare
    const app = testApp();
    addHostMasterStacks(app, { dashboard: { assetPath: fakeDashboardBuild() } });
    const stacks = app.node.children.filter(Stack.isStack).map((stack) => stack.stackName);

    // Act
    const documented = documentedStacks(readme);

    // Assess
    expect(stacks.sort()).toEqual(['HostMaster', 'HostMasterMember']);
    expect(new Set(documented)).toEqual(new Set(stacks));
    for (const name of documented) expect(stacks).toContain(name);
  });

  it('finds a wrong stack name (the check can fail)', () => {
    // Act
    const documented = documentedStacks('```\nnpx cdk deploy HostMasterStack -c a=b\nnpx cdk synth\n```');

    // Assess
    expect(documented).toEqual(['HostMasterStack']);
  });

  it('documents only context keys that cdk.json holds and lib/config.ts reads', () => {
    // Act
    const documented = contextKeys(deploying);

    // Assess
    expect(documented.length).toBeGreaterThan(10);
    for (const key of documented) {
      expect(Object.keys(cdkJson.context), `${key} in cdk.json`).toContain(key);
      expect(Object.values(CONTEXT), `${key} in CONTEXT`).toContain(key);
    }
  });

  it('documents every context key of lib/config.ts, and cdk.json holds exactly those', () => {
    // Prepare
    const documented = contextKeys(deploying);
    const inCdkJson = Object.keys(cdkJson.context).filter((key) => key.startsWith('hostmaster:'));

    // Assess
    for (const key of Object.values(CONTEXT)) expect(documented, `${key} documented`).toContain(key);
    expect(inCdkJson.sort()).toEqual(Object.values(CONTEXT).sort());
  });

  it('lists no context key that lib/config.ts declares but never reads', () => {
    // Act
    const unread = Object.keys(CONTEXT).filter((name) => configSource.split(`CONTEXT.${name}`).length < 2);

    // Assess
    expect(unread).toEqual([]);
  });
});
