/**
 * The call log: every request the sandbox answered, so tests and the benchmark can count API calls
 * and measure the peak rate per (account, region, action) against AWS's published refill rates.
 */

/** One answered request. */
export interface CallRecord {
  readonly accountId: string;
  readonly region: string;
  /** Sandbox service name (`ec2`, `sts`, `organizations`, ...). */
  readonly service: string;
  readonly action: string;
  /** Epoch milliseconds when the request arrived. */
  readonly timestamp: number;
  /** `ok`, or the error code answered (`RequestLimitExceeded`, `AccessDenied`, ...). */
  readonly outcome: string;
  readonly status: number;
  readonly durationMs: number;
}

/** Calls and peak rate of one (account, region, service, action). */
export interface CallRate {
  readonly accountId: string;
  readonly region: string;
  readonly service: string;
  readonly action: string;
  readonly calls: number;
  /** Most calls that arrived within any 1-second sliding window. */
  readonly peakPerSecond: number;
}

export class CallLog {
  private list: CallRecord[] = [];

  record(call: CallRecord): void {
    this.list.push(call);
  }

  get records(): readonly CallRecord[] {
    return this.list;
  }

  /** Forgets every call (between phases of a test or benchmark). */
  reset(): void {
    this.list = [];
  }

  /** Calls and peak calls per second per (account, region, service, action). */
  rates(filter?: (call: CallRecord) => boolean): CallRate[] {
    return callRates(filter ? this.list.filter(filter) : this.list);
  }

  summary(): { total: number; byOutcome: Record<string, number>; rates: CallRate[] } {
    const byOutcome: Record<string, number> = {};
    for (const call of this.list) byOutcome[call.outcome] = (byOutcome[call.outcome] ?? 0) + 1;
    return { total: this.list.length, byOutcome, rates: this.rates() };
  }
}

/** Most timestamps (ms) that fall within any window of `windowMs` (a window [t, t + windowMs)). */
export function peakInWindow(timestamps: readonly number[], windowMs = 1000): number {
  const sorted = [...timestamps].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/** Groups calls per (account, region, service, action) with their count and 1-second sliding peak. */
export function callRates(calls: readonly CallRecord[], windowMs = 1000): CallRate[] {
  const groups = new Map<string, CallRecord[]>();
  for (const call of calls) {
    const key = `${call.accountId}|${call.region}|${call.service}|${call.action}`;
    const group = groups.get(key);
    if (group) group.push(call);
    else groups.set(key, [call]);
  }
  return [...groups.values()]
    .map((group) => {
      const first = group[0] as CallRecord;
      return {
        accountId: first.accountId,
        region: first.region,
        service: first.service,
        action: first.action,
        calls: group.length,
        peakPerSecond: peakInWindow(
          group.map((c) => c.timestamp),
          windowMs,
        ),
      };
    })
    .sort((a, b) => b.peakPerSecond - a.peakPerSecond || b.calls - a.calls);
}
