/**
 * Injected faults: the `faults` section of a fleet file. Every rule may be narrowed by `service`
 * (sandbox service name: `ec2`, `sts`, `organizations`, `rds`, ...), `action`, `accountId` and
 * `region`; an absent field matches everything. Randomness is drawn from a PRNG seeded with the
 * sandbox seed and the rule's key, so a run with the same seed and call order injects the same faults.
 */
import { z } from 'zod';

const match = {
  /** Sandbox service name (`ec2`, `sts`, `organizations`, `rds`, `elb`, `elbv2`, `s3`, `iam`, `cloudtrail`). */
  service: z
    .string()
    .optional()
    .describe('Service name (ec2, sts, organizations, rds, ...); absent matches all.'),
  action: z.string().optional().describe('Action / operation name; absent matches all.'),
  accountId: z.string().optional().describe('Account id of the caller; absent matches all.'),
  region: z.string().optional().describe('Region of the request; absent matches all.'),
};

const trigger = {
  probability: z.number().min(0).max(1).optional().describe('Chance that a matching call fails.'),
  everyNth: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Every Nth matching call per (account, region, service, action) fails (N, 2N, ...).'),
};

const LatencyRuleSchema = z
  .object({
    ...match,
    ms: z.number().nonnegative().optional().describe('Fixed delay in milliseconds.'),
    minMs: z.number().nonnegative().optional(),
    maxMs: z.number().nonnegative().optional(),
  })
  .refine(
    (r) => r.ms !== undefined || (r.minMs !== undefined && r.maxMs !== undefined && r.minMs <= r.maxMs),
    {
      message: 'give ms, or minMs <= maxMs',
    },
  )
  .describe('Delay before answering; the first matching rule applies.');

const TriggeredRuleSchema = z
  .object({ ...match, ...trigger })
  .refine((r) => r.probability !== undefined || r.everyNth !== undefined, {
    message: 'give probability or everyNth',
  });

export const FaultsSchema = z
  .object({
    latency: z.array(LatencyRuleSchema).default([]),
    throttling: z
      .array(TriggeredRuleSchema)
      .default([])
      .describe(
        "Answer with the protocol's throttling error: EC2 RequestLimitExceeded 503, query Throttling 400, JSON ThrottlingException 400.",
      ),
    serverErrors: z
      .array(
        z
          .object({
            ...match,
            ...trigger,
            kind: z.enum(['internal', 'unavailable']).default('internal'),
          })
          .refine((r) => r.probability !== undefined || r.everyNth !== undefined, {
            message: 'give probability or everyNth',
          }),
      )
      .default([])
      .describe('Answer 500 InternalError (internal) or 503 ServiceUnavailable (unavailable).'),
    accessDenied: z
      .array(z.object({ ...match, accountId: z.string().describe('Account whose calls are denied.') }))
      .default([])
      .describe(
        'Deny calls: EC2 UnauthorizedOperation 403, query AccessDenied 403, JSON AccessDeniedException.',
      ),
    slowPages: z
      .array(z.object({ ...match, ms: z.number().nonnegative() }))
      .default([])
      .describe('Extra delay for matching calls, added to latency; every matching rule adds.'),
    emptyPages: z
      .array(
        z
          .object({ ...match, ...trigger })
          .refine((r) => r.probability !== undefined || r.everyNth !== undefined),
      )
      .default([])
      .describe('Paged calls answer an empty page that still carries a NextToken (Organizations does this).'),
    kmsGrantMissing: z
      .array(
        z.object({
          accountId: match.accountId,
          region: match.region,
          keyId: z.string().optional().describe('KMS key id or ARN; absent matches every key.'),
        }),
      )
      .optional()
      .describe(
        'The caller has no grant on a customer-managed KMS key: CreateSnapshot of a volume encrypted with it is accepted, and the snapshot goes to `error` with a StateMessage naming the key, as EBS reports it.',
      ),
    slowBackups: z
      .array(
        z.object({
          service: z
            .enum(['ec2', 'rds'])
            .optional()
            .describe('ec2 (EBS snapshots) or rds (DB snapshots); absent matches both.'),
          accountId: match.accountId,
          region: match.region,
          source: z
            .string()
            .optional()
            .describe('Volume id or DB instance identifier the snapshot is taken of; absent matches all.'),
          describes: z
            .number()
            .int()
            .min(1)
            .optional()
            .describe('Describes that still answer pending; absent: the snapshot never completes.'),
        }),
      )
      .optional()
      .describe(
        'A snapshot the caller creates stays `pending` (EBS) or `creating` (RDS) for its first `describes` DescribeSnapshots / DescribeDBSnapshots that return it, then is `completed` / `available`; without `describes` it stays pending. The first matching rule applies.',
      ),
  })
  .describe('Injected faults. Disabled regions come from each account’s regions list.');

export type Faults = z.infer<typeof FaultsSchema>;
/** Faults as written in a fleet file (defaults not yet applied). */
export type FaultsInput = z.input<typeof FaultsSchema>;

/** What a call is, for matching fault rules. */
export interface CallKey {
  readonly service: string;
  readonly action: string;
  readonly accountId: string;
  readonly region: string;
}

type Match = { service?: string; action?: string; accountId?: string; region?: string };

function matches(rule: Match, call: CallKey): boolean {
  return (
    (rule.service === undefined || rule.service === call.service) &&
    (rule.action === undefined || rule.action === call.action) &&
    (rule.accountId === undefined || rule.accountId === call.accountId) &&
    (rule.region === undefined || rule.region === call.region)
  );
}

/** FNV-1a, to derive a PRNG seed from the sandbox seed and a key. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for fault injection. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, call by call, which faults apply. */
export class FaultInjector {
  private readonly counters = new Map<string, number>();
  private readonly streams = new Map<string, () => number>();

  constructor(
    private readonly faults: Faults,
    private readonly seed: number,
  ) {}

  /** Adds a throttling rule while the sandbox runs (a rate limit that starts mid-test). */
  throttle(rule: z.infer<typeof TriggeredRuleSchema>): void {
    this.faults.throttling.push(rule);
  }

  /** Adds a latency rule while the sandbox runs (a slow call from mid-test on); it applies first. */
  delay(rule: { ms: number } & Match): void {
    this.faults.latency.unshift(rule);
  }

  private random(key: string): number {
    let stream = this.streams.get(key);
    if (!stream) {
      stream = mulberry32(hash(`${this.seed}|${key}`));
      this.streams.set(key, stream);
    }
    return stream();
  }

  private fires(
    kind: string,
    index: number,
    rule: Match & { probability?: number; everyNth?: number },
    call: CallKey,
  ) {
    if (!matches(rule, call)) return false;
    const key = `${kind}|${index}|${call.accountId}|${call.region}|${call.service}|${call.action}`;
    if (rule.everyNth !== undefined) {
      const n = (this.counters.get(key) ?? 0) + 1;
      this.counters.set(key, n);
      if (n % rule.everyNth === 0) return true;
    }
    return rule.probability !== undefined && this.random(key) < rule.probability;
  }

  /** Milliseconds to wait before answering the call (latency plus slow pages). */
  delayMs(call: CallKey): number {
    let delay = 0;
    const latency = this.faults.latency.find((rule) => matches(rule, call));
    if (latency) {
      delay +=
        latency.ms ??
        (latency.minMs as number) +
          this.random(`latency|${call.service}|${call.action}`) *
            ((latency.maxMs as number) - (latency.minMs as number));
    }
    for (const rule of this.faults.slowPages) if (matches(rule, call)) delay += rule.ms;
    return delay;
  }

  denied(call: CallKey): boolean {
    return this.faults.accessDenied.some((rule) => matches(rule, call));
  }

  throttled(call: CallKey): boolean {
    return this.faults.throttling.some((rule, i) => this.fires('throttling', i, rule, call));
  }

  serverError(call: CallKey): 'internal' | 'unavailable' | undefined {
    return this.faults.serverErrors.find((rule, i) => this.fires('serverErrors', i, rule, call))?.kind;
  }

  /** Whether the caller lacks a grant on `keyId` (an id or ARN). */
  kmsGrantMissing(call: CallKey, keyId: string): boolean {
    const id = keyId.split('/').at(-1);
    return (this.faults.kmsGrantMissing ?? []).some(
      (rule) =>
        matches(rule, call) &&
        (rule.keyId === undefined || rule.keyId === keyId || rule.keyId.split('/').at(-1) === id),
    );
  }

  /**
   * How many describes a snapshot of `source` the call creates stays pending for (`Infinity`: it never
   * completes), or undefined when it completes at once.
   */
  slowBackup(call: CallKey, source: string): number | undefined {
    const rule = (this.faults.slowBackups ?? []).find(
      (candidate) =>
        matches(candidate, call) && (candidate.source === undefined || candidate.source === source),
    );
    return rule ? (rule.describes ?? Number.POSITIVE_INFINITY) : undefined;
  }

  emptyPage(call: CallKey): boolean {
    return this.faults.emptyPages.some((rule, i) => this.fires('emptyPages', i, rule, call));
  }
}
