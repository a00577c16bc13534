import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Aspects, type Stack } from 'aws-cdk-lib';
import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { projectPath } from '../../lib/constructs/hostmaster-function';
import { HostMasterStack } from '../../lib/hub-stack';
import { HostMasterMemberStack } from '../../lib/member-stack';

/**
 * Context every test app starts from: cdk.json's (feature flags and defaults, as `cdk synth` sees
 * them), no bundling, and a test ExternalId; a test adds or overrides keys.
 */
export const BASE_CONTEXT: Readonly<Record<string, unknown>> = {
  ...(JSON.parse(readFileSync(projectPath('cdk.json'), 'utf8')) as { context: Record<string, unknown> })
    .context,
  'aws:cdk:bundling-stacks': [],
  'hostmaster:externalId': 'test-external-id',
};

/** An app that skips bundling (the handlers' bundles are not what these tests inspect). */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { ...BASE_CONTEXT, ...context } });
}

/** A directory shaped like a dashboard build, for the hub stack's BucketDeployment. */
export function fakeDashboardBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hostmaster-dist-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>HostMaster</title>');
  return dir;
}

export function hubStack(
  context: Record<string, unknown> = {},
  app: App = testApp(context),
): HostMasterStack {
  return new HostMasterStack(app, 'Hub', { dashboard: { assetPath: fakeDashboardBuild() } });
}

export function memberStack(context: Record<string, unknown> = {}): HostMasterMemberStack {
  return new HostMasterMemberStack(testApp(context), 'Member');
}

export interface NagResult {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/** Runs the AwsSolutions pack over the stack and returns the findings it left unsuppressed. */
export function runNag(stack: Stack): NagResult {
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  const annotations = Annotations.fromStack(stack);
  const describe = (found: ReturnType<Annotations['findError']>) =>
    found.map((entry) => `${entry.id}: ${String(entry.entry.data).split('\n')[0]}`);
  return {
    errors: describe(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))),
    warnings: describe(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))),
  };
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * Resolves an intrinsic-laden value (Fn::Join of strings, Refs and GetAtts) into a string, writing
 * each reference as `<LogicalId>` or `<LogicalId.Attribute>`, so a state machine definition can be
 * parsed as JSON.
 */
export function flatten(value: Json): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const join = value['Fn::Join'];
    if (Array.isArray(join)) {
      const [separator, parts] = join as [string, Json[]];
      return parts.map(flatten).join(separator);
    }
    if (typeof value.Ref === 'string') return `<${value.Ref}>`;
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `<${getAtt.join('.')}>`;
  }
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}

/** The one resource of a type, with its logical id. */
export function onlyResource(
  template: Template,
  type: string,
  props: Record<string, unknown> = {},
): { id: string; resource: ReturnType<Template['findResources']>[string] } {
  const found = Object.entries(template.findResources(type, props));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  const [id, resource] = found[0]!;
  return { id, resource };
}

/** Full API Gateway path (`/api/resources/{id}`) of each AWS::ApiGateway::Resource logical id. */
export function apiResourcePaths(template: Template): Map<string, string> {
  const resources = template.findResources('AWS::ApiGateway::Resource');
  const paths = new Map<string, string>();
  const pathOf = (id: string): string => {
    const cached = paths.get(id);
    if (cached) return cached;
    const properties = resources[id]?.Properties;
    const parent = properties?.ParentId;
    const parentPath = parent && typeof parent === 'object' && 'Ref' in parent ? pathOf(parent.Ref) : '';
    const path = `${parentPath}/${properties?.PathPart}`;
    paths.set(id, path);
    return path;
  };
  for (const id of Object.keys(resources)) pathOf(id);
  return paths;
}

/** The one resource of a type whose logical id starts with `prefix` (the construct path, flattened). */
export function onlyResourceUnder(
  template: Template,
  type: string,
  prefix: string,
): { id: string; resource: ReturnType<Template['findResources']>[string] } {
  const found = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} under ${prefix}, found ${found.length}`);
  const [id, resource] = found[0]!;
  return { id, resource };
}

/** Every statement of the inline policies attached to the role with this logical id. */
export function roleStatements(template: Template, roleId: string): Record<string, unknown>[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
    .flatMap(
      (policy) => (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
    );
}

/** The logical id of a function's execution role. */
export function roleOfFunction(template: Template, functionId: string): string {
  const fn = template.findResources('AWS::Lambda::Function')[functionId];
  const role = fn?.Properties.Role as { 'Fn::GetAtt'?: [string, string] } | undefined;
  const id = role?.['Fn::GetAtt']?.[0];
  if (!id) throw new Error(`function ${functionId} has no role of this stack`);
  return id;
}

/** The one state machine whose definition has a state named `stateName` (the hub has several). */
export function stateMachineWithState(
  template: Template,
  stateName: string,
): { id: string; resource: ReturnType<Template['findResources']>[string] } {
  const found = Object.entries(template.findResources('AWS::StepFunctions::StateMachine')).filter(([, r]) =>
    JSON.stringify(r.Properties?.DefinitionString).includes(`\\"${stateName}\\"`),
  );
  if (found.length !== 1)
    throw new Error(`expected one state machine with ${stateName}, found ${found.length}`);
  const [id, resource] = found[0]!;
  return { id, resource };
}
