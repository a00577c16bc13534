import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type IRole, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

/** Repository root: entries, the lock file and tsconfig are resolved from here, not from the cwd. */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Absolute path of a file under the repository root, such as `functions/handlers/api.ts`. */
export function projectPath(relative: string): string {
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url));
}

export interface HostMasterFunctionProps {
  /** Absolute path of the TypeScript entry file (see {@link projectPath}). */
  readonly entry: string;
  /** Exported handler name. @default 'handler' */
  readonly handler?: string;
  /** @default - none */
  readonly description?: string;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /**
   * Variables merged over the house defaults (POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE,
   * NODE_OPTIONS): a caller's key wins for that key only, and NODE_OPTIONS flags are appended.
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /** Powertools service name. @default 'hostmaster' */
  readonly serviceName?: string;
  /** CloudWatch metrics namespace. @default 'HostMaster' */
  readonly metricsNamespace?: string;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /**
   * Execution role. The construct grants it write access to the function's log group.
   * @default - a new role allowed only to write to this function's log group and to X-Ray
   */
  readonly role?: IRole;
  /** @default - unreserved */
  readonly reservedConcurrentExecutions?: number;
}

const DEFAULT_NODE_OPTIONS = '--enable-source-maps';

/**
 * The esbuild settings of every HostMaster Lambda, exported so the benchmark bundles exactly what
 * is deployed.
 */
export const HOUSE_BUNDLING: Required<
  Pick<
    BundlingOptions,
    'format' | 'target' | 'minify' | 'sourceMap' | 'sourcesContent' | 'mainFields' | 'banner'
  >
> = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Bundled CommonJS dependencies still call require(); ESM output has none without this.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
};

/**
 * The house defaults for every HostMaster Lambda: Node.js 22 on ARM64, X-Ray active, its own log group
 * with retention, an ESM bundle (SDK v3 included so its version is the one we tested) with minify and
 * source maps, and a role that starts with nothing but its own logs.
 */
export class HostMasterFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: IRole;

  constructor(scope: Construct, id: string, props: HostMasterFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const ownRole = props.role === undefined;
    this.role =
      props.role ??
      new Role(this, 'Role', {
        assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
        description: `Execution role of ${this.node.path}`,
      });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: props.handler ?? 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: props.memorySize ?? 512,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      environment: mergeEnvironment(
        {
          POWERTOOLS_SERVICE_NAME: props.serviceName ?? 'hostmaster',
          POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace ?? 'HostMaster',
          NODE_OPTIONS: DEFAULT_NODE_OPTIONS,
        },
        props.environment ?? {},
      ),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: projectPath('package-lock.json'),
      bundling: {
        ...HOUSE_BUNDLING,
        externalModules: [],
        tsconfig: projectPath('tsconfig.json'),
      },
    });

    if (ownRole) {
      NagSuppressions.addResourceSuppressions(
        this.role,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              'X-Ray PutTraceSegments and PutTelemetryRecords do not support resource-level permissions.',
            appliesTo: ['Resource::*'],
          },
        ],
        true,
      );
    }
    NagSuppressions.addResourceSuppressions(this.function, [
      {
        id: 'AwsSolutions-L1',
        reason:
          'Pinned to nodejs22.x, the runtime the bundles and tests are built for (esbuild target node22); moving to a newer runtime is a tested change, not an automatic one.',
      },
    ]);
  }
}

/**
 * Caller variables win key by key over the defaults; NODE_OPTIONS is the exception, because dropping
 * `--enable-source-maps` would silently make stack traces point into minified code.
 */
export function mergeEnvironment(
  defaults: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, string>>,
): Record<string, string> {
  const merged: Record<string, string> = { ...defaults, ...overrides };
  const defaultNodeOptions = defaults.NODE_OPTIONS;
  const callerNodeOptions = overrides.NODE_OPTIONS;
  if (defaultNodeOptions && callerNodeOptions && !callerNodeOptions.includes(defaultNodeOptions)) {
    merged.NODE_OPTIONS = `${defaultNodeOptions} ${callerNodeOptions}`;
  }
  return merged;
}

/**
 * Errors the Lambda service itself raises (throttling, service faults): every workflow that invokes
 * a HostMaster function with `retryOnServiceExceptions: false` retries these like task failures.
 */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;
