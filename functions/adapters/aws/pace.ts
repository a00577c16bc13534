/**
 * Client-side pacing so HostMaster never uses more than a share of the API rate AWS grants an
 * (account, region, action): the customer's own automation draws from the same buckets.
 *
 * AWS meters most read APIs with a token bucket per account, region and action. Published refill
 * rates (calls per second):
 * - EC2 `Describe*` (non-mutating) actions: 20/s
 *   (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html);
 * - Elastic Load Balancing (classic and v2) `Describe*`: 10/s;
 * - RDS `Describe*`: about 20/s (not published per action; the EC2 figure is used);
 * - IAM: about 20/s per account (IAM is global, so one bucket per action);
 * - STS: 600/s per account and region (the STS request quota), paced on the caller (hub) account;
 * - Organizations ListAccounts: 10/s (conservative);
 * - anything else: 10/s (conservative).
 *
 * EC2 meters mutating actions (anything but `Describe*` and `Get*`: `CreateSnapshot`, `DeleteVolume`,
 * `StopInstances`, ...) on smaller buckets: 5/s per action, so remediation writes are paced at half of that.
 */

/** Published refill rate per service (SDK client name without `Client`), in calls per second. */
export const PUBLISHED_REFILL_RATES: Readonly<Record<string, number>> = {
  EC2: 20,
  ElasticLoadBalancing: 10,
  ElasticLoadBalancingV2: 10,
  RDS: 20,
  IAM: 20,
  S3: 20,
  CloudTrail: 10,
  STS: 600,
  Organizations: 10,
};

/** Rate assumed for a service that is not listed in {@link PUBLISHED_REFILL_RATES}. */
export const DEFAULT_REFILL_RATE = 10;

/** Refill rate of EC2's mutating actions, per action, in calls per second. */
export const EC2_MUTATING_REFILL_RATE = 5;

/** Whether an EC2 action draws from the mutating buckets (everything that is not a read). */
export function isEc2Mutating(action: string): boolean {
  return !/^(Describe|Get)/.test(action);
}

export function publishedRefillRate(service: string, action?: string): number {
  if (service === 'EC2' && action !== undefined && isEc2Mutating(action)) return EC2_MUTATING_REFILL_RATE;
  return PUBLISHED_REFILL_RATES[service] ?? DEFAULT_REFILL_RATE;
}

export interface PaceOptions {
  /** Share of the published refill rate HostMaster may use. @default 0.5 */
  readonly share?: number;
  /**
   * Calls a bucket may let through back to back before pacing starts. 1 keeps the rate under the
   * share in every one-second window, not just on average. @default 1
   */
  readonly burst?: number;
  /**
   * Per-service override of the published rate, in calls per second, for every action of the service.
   * @default PUBLISHED_REFILL_RATES (and EC2's mutating rate for its writes)
   */
  readonly rates?: Readonly<Record<string, number>>;
  /**
   * Safety margin applied to the paced rate so network jitter between release and arrival cannot
   * push a one-second window at AWS over the share. @default 0.9
   */
  readonly margin?: number;
}

/**
 * Spaces calls so that at most `capacity` are released in any window of `capacity / rate` seconds.
 *
 * The spacing is measured when a call is released, not when it is queued: timers fire late when the
 * event loop is busy, and slots computed up front would then let several calls leave together.
 * Callers are served in order.
 */
export class TokenBucket {
  /** Release times of the last `capacity` calls, oldest first. */
  private readonly released: number[] = [];
  private tail: Promise<void> = Promise.resolve();
  private readonly windowMs: number;

  constructor(
    ratePerSecond: number,
    private readonly capacity: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.windowMs = (capacity * 1000) / ratePerSecond;
  }

  /** Resolves when this call may start. */
  take(): Promise<void> {
    const turn = this.tail.then(() => this.release());
    this.tail = turn;
    return turn;
  }

  private async release(): Promise<void> {
    if (this.released.length >= this.capacity) {
      const earliest = this.released[0]! + this.windowMs;
      for (let now = this.now(); now < earliest; now = this.now()) {
        await this.sleep(Math.ceil(earliest - now));
      }
      this.released.shift();
    }
    this.released.push(this.now());
  }
}

/** One token bucket per (account, region, action), created on first use. */
export class Pacer {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly share: number;
  private readonly burst: number;
  private readonly margin: number;
  private readonly overrides: Readonly<Record<string, number>>;

  constructor(options: PaceOptions = {}) {
    this.share = options.share ?? 0.5;
    this.burst = options.burst ?? 1;
    this.margin = options.margin ?? 0.9;
    this.overrides = options.rates ?? {};
  }

  /** Calls per second HostMaster allows itself for `action` of `service`. */
  rateFor(service: string, action?: string): number {
    // An explicit per-service rate (a test's fast pace) applies to every action of the service.
    const published = this.overrides[service] ?? publishedRefillRate(service, action);
    return published * this.share * this.margin;
  }

  async take(accountId: string, region: string, service: string, action: string): Promise<void> {
    const key = `${accountId}|${region}|${service}|${action}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.rateFor(service, action), this.burst);
      this.buckets.set(key, bucket);
    }
    await bucket.take();
  }
}
