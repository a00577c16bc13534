/**
 * The plug-in interface of the sandbox: one `SandboxService` per AWS service, registered in
 * `services/index.ts`. The server (`server.ts`) authenticates the caller from the SigV4 scope,
 * picks the service, parses the request for its protocol, applies faults, calls the action handler
 * and renders its result (or its `SandboxError`) in that protocol's wire format.
 *
 * A handler therefore only reads `SandboxRequest`, queries the fleet through `SandboxContext` and
 * returns `xmlResult(...)`, `jsonResult(...)` or `rawResult(...)`.
 */
import type { ResourceType } from '../../functions/domain/model';
import type { FleetAccount, FleetCosts, FleetResource, FleetResourceOf } from './fleet';
import type { PageOptions, PageResult } from './paging';
import type { QueryParams } from './query-params';

export { SandboxError } from './errors';
export { decodePageToken, encodePageToken, type PageOptions, type PageResult, paginate } from './paging';
export { QueryParams } from './query-params';
export { escapeXml, toXml, type XmlObject, type XmlValue, xmlList } from './xml';

/**
 * Wire protocols the sandbox speaks, as the SDK's Smithy models name them.
 * - `ec2Query`: form body with `Action`; XML with lowerCamel names and `<item>` lists;
 *   errors `<Response><Errors><Error>`.
 * - `awsQuery`: form body with `Action`; `<XResponse><XResult>` wrapper; errors `<ErrorResponse>`.
 * - `awsJson1_0` / `awsJson1_1`: `X-Amz-Target: Prefix.Operation`; JSON errors with `__type`.
 * - `restXml`: S3, method + path-style path + query (the clients use `forcePathStyle: true`).
 */
export type Protocol = 'ec2Query' | 'awsQuery' | 'awsJson1_0' | 'awsJson1_1' | 'restXml';

/** The raw HTTP request, for every protocol (S3 handlers read it directly). */
export interface HttpRequestInfo {
  readonly method: string;
  /** Decoded path without the query string, e.g. `/my-bucket/some/key`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/** Who signed the request, derived from its access key id. */
export interface CallerIdentity {
  readonly accountId: string;
  /** `arn:aws:iam::<acct>:user/hostmaster-local` or `arn:aws:sts::<acct>:assumed-role/<role>/<session>`. */
  readonly arn: string;
  readonly userId: string;
  readonly accessKeyId: string;
  /** True when the key was issued by the sandbox's STS (a role session). */
  readonly assumedRole: boolean;
}

/** One parsed request, handed to an action handler. */
export interface SandboxRequest {
  /** SigV4 signing name from the credential scope: `ec2`, `sts`, `rds`, `elasticloadbalancing`, `s3`, ... */
  readonly service: string;
  /** Region from the credential scope (`us-east-1` for IAM/Organizations, as the SDK signs them). */
  readonly region: string;
  /** Account of the caller (see `caller`). */
  readonly accountId: string;
  readonly caller: CallerIdentity;
  /**
   * Whether the caller's account is opted in to remediation as a whole (the fleet's
   * `remediationAccountOptIn`, the deployed `hostmaster:remediationAccounts`). @default false
   */
  readonly accountOptedIn?: boolean;
  /** `Action` (query), operation after the `.` of `X-Amz-Target` (JSON), or `operationOf` (restXml). */
  readonly action: string;
  /** Form/query parameters (query protocols; for restXml, the URL query). */
  readonly params: QueryParams;
  /** Parsed JSON body (JSON protocols); `{}` otherwise or when the body is empty. */
  readonly json: Record<string, unknown>;
  readonly http: HttpRequestInfo;
  readonly requestId: string;
}

/** What a handler returns. Build it with `xmlResult`, `jsonResult` or `rawResult`. */
export type SandboxResult =
  | { readonly kind: 'xml'; readonly body: string }
  | { readonly kind: 'json'; readonly body: unknown }
  | {
      readonly kind: 'raw';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string | Buffer;
    };

/**
 * The inner XML of a query response (already rendered, e.g. with `toXml`). The server wraps it:
 * ec2Query in `<{Action}Response xmlns=...><requestId/>{body}</...>`, awsQuery in
 * `<{Action}Response xmlns=...><{Action}Result>{body}</{Action}Result><ResponseMetadata/></...>`.
 */
export function xmlResult(body: string): SandboxResult {
  return { kind: 'xml', body };
}

/** A JSON body for awsJson protocols (status 200). */
export function jsonResult(body: unknown): SandboxResult {
  return { kind: 'json', body };
}

/** Full control of the response (restXml). */
export function rawResult(
  status: number,
  body: string | Buffer = '',
  headers: Record<string, string> = {},
): SandboxResult {
  return { kind: 'raw', status, headers, body };
}

/** Scope of a fleet query: the request's region (default), one named region, or every region of the account. */
export interface ResourceScope {
  /**
   * Region to read: a region name, `global` (IAM, account summary) or `all` (S3 ListBuckets).
   * @default the request's region, or `global` when the service is `global: true`
   */
  readonly region?: string;
}

/** Read (and, for mutations, write) access to the calling account's slice of the fleet. */
export interface SandboxContext {
  /** The calling account as the fleet describes it. */
  readonly account: FleetAccount;
  /** Every account of the fleet (Organizations, cross-account checks). */
  readonly accounts: readonly FleetAccount[];
  readonly organization: { readonly managementAccountId: string; readonly hubAccountId: string };
  /** Every region of the partition (`fleet.regions`). */
  readonly partitionRegions: readonly string[];
  /** The fleet's cost history and utilization settings (Cost Explorer, CloudWatch). @default undefined */
  readonly costs?: FleetCosts;
  /** The calling account's resources of one type, sorted by native id: O(1) to obtain, shared, do not mutate. */
  resources<T extends ResourceType>(type: T, scope?: ResourceScope): readonly FleetResourceOf<T>[];
  /** One resource of the calling account by native id, in the scope's region. */
  find<T extends ResourceType>(type: T, id: string, scope?: ResourceScope): FleetResourceOf<T> | undefined;
  /**
   * Replaces a resource in place (same type, id and region): how mutations such as StopInstances
   * change the fleet so that later calls and remediation verification see the new state.
   */
  update<T extends FleetResource>(resource: T, scope?: ResourceScope): void;
  /** Adds a resource the call created (a snapshot, a volume) to the calling account. */
  insert<T extends FleetResource>(resource: T): void;
  /** Removes a resource the call deleted from the calling account. */
  remove(resource: Pick<FleetResource, 'region' | 'type' | 'id'>): void;
  /**
   * One page of a sorted list. Applies the `emptyPages` fault and validates `maxResults` and the token
   * with the service's real limits and error codes (see `PageOptions`).
   */
  page<T>(items: readonly T[], options: PageOptions): PageResult<T>;
  /** The sandbox clock (real time; injectable for tests of the server). */
  now(): Date;
  /** Whether the `kmsGrantMissing` fault denies the caller the use of a KMS key (id or ARN). */
  kmsGrantMissing(keyId: string): boolean;
  /**
   * Under the `slowBackups` fault: how many describes a snapshot of `source` (a volume id or DB
   * instance identifier) this call creates stays pending for (`Infinity`: never completes); undefined: at once.
   */
  slowBackup(source: string): number | undefined;
  /** Per-sandbox storage for a service's own state (an SNS outbox, ...), created on first use. */
  shared<T>(key: string, create: () => T): T;
  /** Issues temporary credentials for a role session (used by STS). */
  issueSession(
    accountId: string,
    roleName: string,
    sessionName: string,
    durationSeconds: number,
  ): IssuedSession;
}

/** Credentials issued by the sandbox's STS. */
export interface IssuedSession {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  readonly assumedRoleId: string;
  readonly arn: string;
}

/** Handles one action (operation) of a service. May throw `SandboxError`. */
export type ActionHandler = (
  request: SandboxRequest,
  context: SandboxContext,
) => SandboxResult | Promise<SandboxResult>;

/** One simulated AWS service. Add new ones to `services/index.ts`. */
export interface SandboxService {
  /** Name used in the call log and faults (`ec2`, `sts`, `elbv2`, `s3`, ...). */
  readonly name: string;
  /** SigV4 signing name in the credential scope (`ec2`, `elasticloadbalancing`, `s3`, `monitoring`, ...). */
  readonly signingName: string;
  readonly protocol: Protocol;
  /**
   * Query protocols: the `Version` parameter this service answers to. Needed only when two services
   * share a signing name (ELB classic `2012-06-01`, ELBv2 `2015-12-01`).
   * @default any version
   */
  readonly apiVersion?: string;
  /** Query protocols: the XML namespace of responses, e.g. `http://ec2.amazonaws.com/doc/2016-11-15/`. */
  readonly xmlNamespace?: string;
  /** JSON protocols: the `X-Amz-Target` prefix before the `.`, e.g. `AWSOrganizationsV20161128`. */
  readonly targetPrefix?: string;
  /**
   * Global services (IAM, STS, Organizations) are not refused in a region the account has not enabled,
   * and their fleet reads default to the `global` region.
   * @default false
   */
  readonly global?: boolean;
  /** restXml only: names the operation of a request (`ListBuckets`, `GetBucketPolicy`, ...). */
  operationOf?(http: HttpRequestInfo): string;
  /** Handlers by action name. An action not listed answers `InvalidAction` / `UnknownOperationException`. */
  readonly actions: Readonly<Record<string, ActionHandler>>;
}
