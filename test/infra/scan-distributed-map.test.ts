import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SCAN_STATES } from '../../functions/shared/contract/state-machine';
import { flatten, hubStack, onlyResource, onlyResourceUnder, stateMachineWithState } from './helpers';

function scanTemplate(context: Record<string, unknown> = {}) {
  const template = Template.fromStack(hubStack(context));
  const { resource } = stateMachineWithState(template, SCAN_STATES.scanEachJob);
  const definition = JSON.parse(flatten(resource.Properties.DefinitionString)) as {
    States: Record<
      string,
      { ItemProcessor?: { ProcessorConfig?: Record<string, string> } } & Record<string, unknown>
    >;
  };
  const worker = onlyResource(template, 'AWS::Lambda::Function', {
    Properties: { Description: 'Scans one account and region' },
  });
  return { template, map: definition.States[SCAN_STATES.scanEachJob], worker: worker.resource };
}

describe('scan Distributed Map', () => {
  it('runs Express children with a worker timeout whose three attempts fit their five minutes', () => {
    // Act
    const { map, worker } = scanTemplate();

    // Assess
    expect(map?.ItemProcessor?.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' });
    expect(worker.Properties.Timeout).toBe(90);
  });

  it('runs Standard children with the 10-minute worker, and the tolerance, when configured so', () => {
    // Act
    const { map, worker } = scanTemplate({
      'hostmaster:scanChildExecutions': 'STANDARD',
      'hostmaster:scanToleratedFailurePercentage': 20,
      'hostmaster:scanConcurrency': 2000,
    });

    // Assess
    expect(map?.ItemProcessor?.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map).toMatchObject({ ToleratedFailurePercentage: 20, MaxConcurrency: 2000 });
    expect(worker.Properties.Timeout).toBe(600);
  });

  it('keeps the work in a private, encrypted, TLS-only bucket with access logs and expiring objects', () => {
    // Act
    const { template } = scanTemplate();
    const { resource: bucket } = onlyResourceUnder(template, 'AWS::S3::Bucket', 'ScanningWorkBucketObjects');
    const { id: policyId } = onlyResourceUnder(
      template,
      'AWS::S3::BucketPolicy',
      'ScanningWorkBucketObjectsPolicy',
    );
    const policy = template.toJSON().Resources[policyId].Properties.PolicyDocument.Statement;

    // Assess
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { LogFilePrefix: 'work/' },
      LifecycleConfiguration: {
        Rules: [expect.objectContaining({ ExpirationInDays: 14, Status: 'Enabled' })],
      },
    });
    expect(policy).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('lets the plan write jobs under scans/ only', () => {
    // Act
    const { template } = scanTemplate();
    const { id: bucketId } = onlyResourceUnder(template, 'AWS::S3::Bucket', 'ScanningWorkBucketObjects');
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[],
    );

    // Assess
    expect(policies).toContainEqual({
      Sid: 'WriteScanJobs',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/scans/*']] },
    });
  });
});
