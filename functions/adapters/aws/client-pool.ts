/**
 * SDK clients for member accounts: assumed-role credentials cached per account (shared by every
 * region and, when the pool lives at module scope, by every invocation of a warm Lambda), the
 * standard retry strategy with jittered exponential backoff, a per-(account, region, action) pace
 * and an API-call meter on every attempt.
 */
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  FinalizeHandlerArguments,
  Pluggable,
} from '@smithy/types';
import type { ClientFactory } from '../collectors/collector';
import { ApiCallMeter } from './api-call-meter';
import { AssumeRoleError, describeError } from './errors';
import { type PaceOptions, Pacer } from './pace';

export interface AwsClientPoolOptions {
  /** Name of the read-only role in every member account. */
  readonly memberRoleName: string;
  /** ExternalId the member role's trust policy requires. */
  readonly externalId: string;
  /** Region for STS, Organizations and global services (IAM). @default AWS_REGION, else `us-east-1` */
  readonly homeRegion?: string;
  /**
   * Endpoint for every client, STS included (the sandbox). When absent the SDK's own
   * `AWS_ENDPOINT_URL[_<SERVICE>]` handling applies. @default undefined
   */
  readonly endpoint?: string;
  /** Credentials of the hub (the caller of AssumeRole and Organizations). @default the SDK default chain */
  readonly hubCredentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per request, first included. @default 8 */
  readonly maxAttempts?: number;
  /** `standard` (exponential backoff, full jitter) or `adaptive` (also client-side rate limiting). @default 'standard' */
  readonly retryMode?: 'standard' | 'adaptive';
  /** Client-side pace. @default half of AWS's published refill rates */
  readonly pace?: PaceOptions;
  /** Meter shared by every client of the pool (benchmarks read it). @default a new meter */
  readonly meter?: ApiCallMeter;
  /** RoleSessionName shown in the member account's CloudTrail. @default 'hostmaster-scan' */
  readonly sessionName?: string;
  /**
   * Credentials to use in every member account instead of assuming the member role (the CLI scanning
   * the account of its own profile). @default undefined (assume the member role)
   */
  readonly memberCredentials?: AwsCredentialIdentityProvider;
}

/** A ClientFactory for one scope, with the calls and retries it made. */
export interface OpenScope {
  readonly clients: ClientFactory;
  usage(): { calls: number; retries: number };
}

// biome-ignore lint/suspicious/noExplicitAny: SDK client constructors take their own config types.
type ClientCtor<C> = new (config: any) => C;
type Stackable = {
  middlewareStack: { use(plugin: Pluggable<object, object>): void; remove(name: string): boolean };
};

const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/** Whether an endpoint override is in force (S3 then needs path-style addressing). */
function endpointOverridden(endpoint: string | undefined): boolean {
  return endpoint !== undefined || process.env.AWS_ENDPOINT_URL !== undefined;
}

export class AwsClientPool {
  readonly meter: ApiCallMeter;
  readonly homeRegion: string;
  private readonly pacer: Pacer;
  private readonly credentials = new Map<string, AwsCredentialIdentityProvider>();

  constructor(private readonly options: AwsClientPoolOptions) {
    this.meter = options.meter ?? new ApiCallMeter();
    this.pacer = new Pacer(options.pace);
    this.homeRegion = options.homeRegion ?? process.env.AWS_REGION ?? 'us-east-1';
  }

  roleArn(accountId: string): string {
    return `arn:aws:iam::${accountId}:role/${this.options.memberRoleName}`;
  }

  /**
   * Clients for one (account, region): assumes the member role first, so a refused AssumeRole fails
   * here with an {@link AssumeRoleError} instead of once per collector. `global` uses the home region.
   */
  async openScope(accountId: string, region: string): Promise<OpenScope> {
    const credentials = this.credentialsFor(accountId);
    await credentials();
    const scopeMeter = new ApiCallMeter();
    const clientRegion = region === 'global' ? this.homeRegion : region;
    const cache = new Map<unknown, unknown>();
    const clients: ClientFactory = {
      accountId,
      region,
      get: <C>(ctor: ClientCtor<C>): C => {
        let client = cache.get(ctor) as C | undefined;
        if (!client) {
          client = this.build(ctor, accountId, clientRegion, credentials, [this.meter, scopeMeter]);
          cache.set(ctor, client);
        }
        return client;
      },
    };
    return { clients, usage: () => scopeMeter.totals() };
  }

  /** A client with the hub's own credentials in the home region (Organizations). */
  hubClient<C>(ctor: ClientCtor<C>): C {
    return this.build(ctor, 'hub', this.homeRegion, this.options.hubCredentials, [this.meter]);
  }

  /**
   * A global-scope client in `accountId` through its member role, or the hub's own client when no
   * account is given: for services read once per organization (Organizations, Cost Explorer), which
   * answer only the management account, a delegated administrator or the payer.
   */
  async accountClient<C>(ctor: ClientCtor<C>, accountId: string | undefined): Promise<C> {
    if (accountId === undefined || accountId === '') return this.hubClient(ctor);
    return (await this.openScope(accountId, 'global')).clients.get(ctor);
  }

  private build<C>(
    ctor: ClientCtor<C>,
    accountId: string,
    region: string,
    credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined,
    meters: readonly ApiCallMeter[],
  ): C {
    const client = new ctor({
      region,
      ...(credentials ? { credentials } : {}),
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
      // Only S3 reads it; other clients ignore unknown configuration keys.
      ...(endpointOverridden(this.options.endpoint) ? { forcePathStyle: true } : {}),
      maxAttempts: this.options.maxAttempts ?? 8,
      retryMode: this.options.retryMode ?? 'standard',
    });
    const stack = (client as Stackable).middlewareStack;
    // The SDK's logger middleware walks every response to redact it for a logger that discards it
    // (a few percent of a scan's CPU); collectors log what matters themselves.
    stack.remove('loggerMiddleware');
    stack.use(this.paceAndCount(accountId, region, meters));
    return client;
  }

  /**
   * Runs on every attempt (it sits inside the retry middleware): waits for the pace, then counts.
   * The retry middleware stamps `amz-sdk-request: attempt=N` before each attempt.
   */
  private paceAndCount(
    accountId: string,
    region: string,
    meters: readonly ApiCallMeter[],
  ): Pluggable<object, object> {
    const pacer = this.pacer;
    return {
      applyToStack: (stack) => {
        stack.add(
          (next, context) => async (args: FinalizeHandlerArguments<object>) => {
            const service = String(context.clientName ?? 'Unknown').replace(/Client$/, '');
            const action = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
            const headers = (args.request as { headers?: Record<string, string> }).headers;
            const attempt = headers?.['amz-sdk-request'] ?? 'attempt=1';
            const retry = !attempt.startsWith('attempt=1;') && attempt !== 'attempt=1';
            await pacer.take(accountId, region, service, action);
            for (const meter of meters) meter.record(accountId, region, service, action, retry);
            return next(args);
          },
          { step: 'finalizeRequest', priority: 'normal', name: 'hostmasterPaceAndCount', override: true },
        );
      },
    };
  }

  /**
   * One memoized AssumeRole per account: every client of the account (any region) shares it, it is
   * refreshed five minutes before expiry, and a refusal is not cached so the next scan tries again.
   */
  private credentialsFor(accountId: string): AwsCredentialIdentityProvider {
    if (this.options.memberCredentials) return this.options.memberCredentials;
    const existing = this.credentials.get(accountId);
    if (existing) return existing;
    const roleArn = this.roleArn(accountId);
    const assume = fromTemporaryCredentials({
      params: {
        RoleArn: roleArn,
        ExternalId: this.options.externalId,
        RoleSessionName: this.options.sessionName ?? 'hostmaster-scan',
      },
      clientConfig: {
        region: this.homeRegion,
        ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        ...(this.options.hubCredentials ? { credentials: this.options.hubCredentials } : {}),
        maxAttempts: this.options.maxAttempts ?? 8,
        retryMode: this.options.retryMode ?? 'standard',
      },
      // AWS meters AssumeRole on the caller: every account's AssumeRole draws from the hub's bucket.
      clientPlugins: [this.paceAndCount('hub', this.homeRegion, [this.meter])],
    });
    let cached: AwsCredentialIdentity | undefined;
    let inFlight: Promise<AwsCredentialIdentity> | undefined;
    const provider: AwsCredentialIdentityProvider = async () => {
      const expiresAt = cached?.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
      if (cached && expiresAt - Date.now() > REFRESH_BEFORE_EXPIRY_MS) return cached;
      inFlight ??= assume()
        .then((fresh) => {
          cached = fresh;
          return fresh;
        })
        .catch((error: unknown) => {
          const awsMessage = error instanceof Error ? error.message : String(error);
          throw new AssumeRoleError(roleArn, describeError(error).code, awsMessage, { cause: error });
        })
        .finally(() => {
          inFlight = undefined;
        });
      return inFlight;
    };
    this.credentials.set(accountId, provider);
    return provider;
  }
}
