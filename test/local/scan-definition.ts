/**
 * The scan state machine's definition as `cdk synth` writes it, for aws-local-stepfunctions. The hub
 * stack is synthesized in process without bundling; intrinsic functions in the definition string are
 * resolved to placeholder ARNs, which is enough because every task is overridden by a local handler,
 * except the work bucket (the Distributed Map's ItemReader and ResultWriter), which becomes
 * {@link LOCAL_SCAN_BUCKET}: the bucket the local plan writes its jobs to in the sandbox's S3.
 */

/** The scan work bucket's name locally (SCAN_BUCKET_NAME of the local plan function). */
export const LOCAL_SCAN_BUCKET = 'hostmaster-local-scan-work';

type Intrinsic = string | { Ref?: string; 'Fn::GetAtt'?: [string, string]; 'Fn::Join'?: [string, unknown[]] };

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
const templates = new Map<string, Promise<Template>>();

/** The hub template for `context`, synthesized once per context (a synth takes seconds). */
function hubTemplate(context: Readonly<Record<string, string>>): Promise<Template> {
  const key = JSON.stringify(context);
  let template = templates.get(key);
  if (!template) {
    template = (async () => {
      const { App } = await import('aws-cdk-lib');
      const { HostMasterStack } = await import('../../lib/hub-stack');
      // Local mode: the sandbox's accounts may require the shipped ExternalId, which a deployment refuses.
      const app = new App({
        context: { ...context, 'hostmaster:local': true, 'aws:cdk:bundling-stacks': [] },
      });
      const stack = new HostMasterStack(app, 'HostMaster');
      return app.synth().getStackByName(stack.stackName).template as Template;
    })();
    templates.set(key, template);
  }
  return template;
}

/** The definition of the hub state machine that has a state named `stateName`. */
export async function synthesizeDefinition(
  context: Readonly<Record<string, string>>,
  stateName: string,
): Promise<Record<string, unknown>> {
  const template = await hubTemplate(context);
  const machine = Object.values(template.Resources).find(
    (resource) =>
      resource.Type === 'AWS::StepFunctions::StateMachine' &&
      JSON.stringify(resource.Properties?.DefinitionString).includes(`\\"${stateName}\\"`),
  );
  if (!machine) throw new Error(`the hub stack has no state machine with a state ${stateName}`);
  const buckets = new Set(
    Object.entries(template.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::S3::Bucket')
      .map(([id]) => id),
  );
  return JSON.parse(resolveIntrinsic(machine.Properties?.DefinitionString as Intrinsic, buckets)) as Record<
    string,
    unknown
  >;
}

/** Synthesizes the hub stack with `context` (CDK context keys such as `hostmaster:externalId`). */
export function synthesizeScanDefinition(
  context: Readonly<Record<string, string>>,
): Promise<Record<string, unknown>> {
  return synthesizeDefinition(context, 'ScanEachJob');
}

/** The scan and remediation definitions, from one synthesis. */
export async function synthesizeHubDefinitions(
  context: Readonly<Record<string, string>>,
): Promise<{ scan: Record<string, unknown>; remediation: Record<string, unknown> }> {
  return {
    scan: await synthesizeDefinition(context, 'ScanEachJob'),
    remediation: await synthesizeDefinition(context, 'AwaitApproval'),
  };
}

function resolveIntrinsic(value: unknown, buckets: ReadonlySet<string>): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const intrinsic = value as Exclude<Intrinsic, string>;
    if (intrinsic['Fn::Join']) {
      const [separator, parts] = intrinsic['Fn::Join'];
      return parts.map((part) => resolveIntrinsic(part, buckets)).join(separator);
    }
    if (intrinsic.Ref && buckets.has(intrinsic.Ref)) return LOCAL_SCAN_BUCKET;
    if (intrinsic.Ref) return placeholderArn(intrinsic.Ref);
    if (intrinsic['Fn::GetAtt']) return placeholderArn(intrinsic['Fn::GetAtt'][0]);
  }
  throw new Error(`unsupported intrinsic in the scan definition: ${JSON.stringify(value)}`);
}

function placeholderArn(logicalId: string): string {
  if (logicalId === 'AWS::Partition') return 'aws';
  if (logicalId === 'AWS::Region') return 'us-east-1';
  if (logicalId === 'AWS::AccountId') return '000000000000';
  if (logicalId === 'AWS::URLSuffix') return 'amazonaws.com';
  return `arn:aws:lambda:us-east-1:000000000000:function:${logicalId}`;
}
