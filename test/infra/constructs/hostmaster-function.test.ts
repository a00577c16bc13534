import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  HostMasterFunction,
  mergeEnvironment,
  projectPath,
} from '../../../lib/constructs/hostmaster-function';
import { testApp } from '../helpers';

const FIXTURE = projectPath('test/infra/fixtures/echo-handler.ts');

function functionTemplate(props: Partial<ConstructorParameters<typeof HostMasterFunction>[2]> = {}) {
  const stack = new Stack(testApp(), 'FunctionStack');
  const fn = new HostMasterFunction(stack, 'Echo', { entry: FIXTURE, ...props });
  return { template: Template.fromStack(stack), fn };
}

describe('HostMasterFunction', () => {
  it('runs Node.js 22 on ARM64 with X-Ray active and the given timeout and memory', () => {
    // Prepare / Act
    const { template } = functionTemplate({ timeout: Duration.minutes(3), memorySize: 2048 });

    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Timeout: 180,
      MemorySize: 2048,
      Handler: 'index.handler',
    });
  });

  it('merges the caller environment over the house defaults instead of replacing them', () => {
    // Prepare / Act
    const { template } = functionTemplate({
      environment: { TABLE_NAME: 'hostmaster', POWERTOOLS_SERVICE_NAME: 'api' },
    });

    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          TABLE_NAME: 'hostmaster',
          POWERTOOLS_SERVICE_NAME: 'api',
          POWERTOOLS_METRICS_NAMESPACE: 'HostMaster',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it('keeps source maps on when a caller adds its own NODE_OPTIONS', () => {
    // Prepare / Act
    const merged = mergeEnvironment(
      { NODE_OPTIONS: '--enable-source-maps', A: '1' },
      { NODE_OPTIONS: '--max-old-space-size=512' },
    );

    // Assess
    expect(merged).toEqual({ NODE_OPTIONS: '--enable-source-maps --max-old-space-size=512', A: '1' });
  });

  it('logs to its own log group with a retention period', () => {
    // Prepare / Act
    const { template } = functionTemplate();

    // Assess
    const logGroups = template.findResources('AWS::Logs::LogGroup');
    const [logGroupId] = Object.keys(logGroups);
    expect(logGroups[logGroupId!]?.Properties.RetentionInDays).toBe(30);
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: logGroupId } },
    });
  });

  it('gives its own role only log writes to its group and X-Ray, with no managed policy', () => {
    // Prepare
    const { template } = functionTemplate();
    const role = Object.values(template.findResources('AWS::IAM::Role'))[0];
    const policy = Object.values(template.findResources('AWS::IAM::Policy'))[0];
    const statements = (policy?.Properties.PolicyDocument.Statement ?? []) as {
      Effect: string;
      Action: string | string[];
      Resource: unknown;
    }[];

    // Act
    const grants = statements.flatMap((statement) =>
      [statement.Action].flat().map((action) => ({ action, resource: statement.Resource })),
    );

    // Assess
    expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
    expect(grants.map((grant) => grant.action).sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    for (const grant of grants.filter((g) => g.action.startsWith('logs:'))) {
      expect(grant.resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^EchoLogGroup/), 'Arn'] });
    }
  });

  it('bundles an ESM handler with the createRequire banner and a source map', () => {
    // Prepare: a real esbuild bundle (the other tests skip bundling)
    const app = new App({ context: { 'aws:cdk:enable-asset-metadata': true } });
    const stack = new Stack(app, 'BundledStack');

    // Act
    new HostMasterFunction(stack, 'Echo', { entry: FIXTURE });
    const assembly = app.synth();

    // Assess
    const template = assembly.getStackByName('BundledStack').template as {
      Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>;
    };
    const fn = Object.values(template.Resources).find(
      (resource) => resource.Type === 'AWS::Lambda::Function',
    );
    const assetDir = join(assembly.directory, fn?.Metadata?.['aws:asset:path'] ?? 'missing');
    const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    expect(bundle.startsWith("import { createRequire } from 'node:module';")).toBe(true);
    expect(bundle).toContain('//# sourceMappingURL=index.mjs.map');
    expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
  });
});
