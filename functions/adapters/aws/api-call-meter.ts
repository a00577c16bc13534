/** Calls and retries of one (account, region, service, action). */
export interface ApiCallTally {
  readonly accountId: string;
  readonly region: string;
  readonly service: string;
  readonly action: string;
  calls: number;
  retries: number;
}

/** Notified of every attempt sent to AWS, first attempts and retries alike. */
export type ApiCallListener = (call: {
  readonly accountId: string;
  readonly region: string;
  readonly service: string;
  readonly action: string;
  readonly retry: boolean;
}) => void;

/**
 * Counts what HostMaster sent to AWS, per (account, region, service, action). Every attempt is a
 * call (a retried request costs the customer's rate bucket again); attempts after the first are
 * also counted as retries.
 */
export class ApiCallMeter {
  private readonly tallies = new Map<string, ApiCallTally>();
  private readonly listeners: ApiCallListener[] = [];

  record(accountId: string, region: string, service: string, action: string, retry: boolean): void {
    const key = `${accountId}|${region}|${service}|${action}`;
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = { accountId, region, service, action, calls: 0, retries: 0 };
      this.tallies.set(key, tally);
    }
    tally.calls++;
    if (retry) tally.retries++;
    for (const listener of this.listeners) listener({ accountId, region, service, action, retry });
  }

  onCall(listener: ApiCallListener): void {
    this.listeners.push(listener);
  }

  all(): readonly ApiCallTally[] {
    return [...this.tallies.values()];
  }

  /** Totals, optionally for one (account, region) scope. */
  totals(accountId?: string, region?: string): { calls: number; retries: number } {
    let calls = 0;
    let retries = 0;
    for (const t of this.tallies.values()) {
      if (accountId !== undefined && t.accountId !== accountId) continue;
      if (region !== undefined && t.region !== region) continue;
      calls += t.calls;
      retries += t.retries;
    }
    return { calls, retries };
  }
}
