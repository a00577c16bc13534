/**
 * The signed-in session: tokens kept in sessionStorage (gone when the tab closes), refreshed with the
 * refresh token before they expire, and ended with a notice when they cannot be.
 */
import type { CognitoClient, CognitoTokens } from '../api/cognito';
import { CognitoError, SessionExpiredError } from '../api/errors';
import { decodeJwtPayload } from './jwt';

export interface SessionTokens {
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Epoch milliseconds at which the id token expires. */
  readonly expiresAt: number;
}

export type SessionState =
  | { readonly status: 'signed-in'; readonly tokens: SessionTokens }
  | { readonly status: 'signed-out'; readonly notice?: string };

/** The part of `sessionStorage` the session uses (an in-memory map in tests). */
export interface SessionStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface SessionManagerOptions {
  readonly cognito: CognitoClient;
  readonly storage: SessionStorageLike;
  /** @default Date.now */
  readonly now?: () => number;
  /** Refresh this long before the id token expires. @default 300_000 (5 minutes) */
  readonly refreshMarginMs?: number;
  /** @default 'hostmaster.session' */
  readonly storageKey?: string;
}

export const EXPIRED_NOTICE = 'Your session has expired. Please sign in again.';

function isSessionTokens(value: unknown): value is SessionTokens {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.idToken === 'string' &&
    typeof v.accessToken === 'string' &&
    typeof v.refreshToken === 'string' &&
    typeof v.expiresAt === 'number'
  );
}

export class SessionManager {
  readonly #cognito: CognitoClient;
  readonly #storage: SessionStorageLike;
  readonly #now: () => number;
  readonly #margin: number;
  readonly #key: string;
  readonly #listeners = new Set<() => void>();
  #state: SessionState;
  #refreshing: Promise<SessionTokens> | undefined;

  constructor(options: SessionManagerOptions) {
    this.#cognito = options.cognito;
    this.#storage = options.storage;
    this.#now = options.now ?? Date.now;
    this.#margin = options.refreshMarginMs ?? 300_000;
    this.#key = options.storageKey ?? 'hostmaster.session';
    this.#state = this.#restore();
  }

  /** The current state; the same object until it changes (for `useSyncExternalStore`). */
  readonly state = (): SessionState => this.#state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Starts a session from a successful sign-in. */
  signIn(tokens: CognitoTokens): void {
    if (!tokens.refreshToken) throw new CognitoError('InvalidResponse', 'Sign-in returned no refresh token.');
    this.#set({ status: 'signed-in', tokens: this.#toSession(tokens, tokens.refreshToken) });
  }

  signOut(): void {
    this.#set({ status: 'signed-out' });
  }

  /** Ends the session and tells the person why. Does nothing when already signed out. */
  expire(notice: string = EXPIRED_NOTICE): void {
    if (this.#state.status === 'signed-out') return;
    this.#set({ status: 'signed-out', notice });
  }

  /** Milliseconds until the tokens should be refreshed (0 when due); undefined when signed out. */
  msUntilRefresh(): number | undefined {
    if (this.#state.status !== 'signed-in') return undefined;
    return Math.max(0, this.#state.tokens.expiresAt - this.#margin - this.#now());
  }

  /** A usable id token, refreshed first when it is due; rejects with `SessionExpiredError` when over. */
  async idToken(): Promise<string> {
    const state = this.#state;
    if (state.status !== 'signed-in') throw new SessionExpiredError();
    if (this.msUntilRefresh() === 0) return (await this.refresh()).idToken;
    return state.tokens.idToken;
  }

  /**
   * Exchanges the refresh token for new tokens; concurrent callers share one request. When Cognito
   * refuses, the session expires; when it cannot be reached, the current token serves until it expires.
   */
  refresh(): Promise<SessionTokens> {
    const state = this.#state;
    if (state.status !== 'signed-in') return Promise.reject(new SessionExpiredError());
    this.#refreshing ??= this.#cognito
      .refresh(state.tokens.refreshToken)
      .then((tokens) => {
        const next = this.#toSession(tokens, tokens.refreshToken ?? state.tokens.refreshToken);
        if (this.#state === state) this.#set({ status: 'signed-in', tokens: next });
        return next;
      })
      .catch((error: unknown) => {
        const stillValid = state.tokens.expiresAt > this.#now();
        const unreachable = error instanceof CognitoError && error.code === 'NetworkError';
        if (unreachable && stillValid) return state.tokens;
        if (this.#state === state) this.expire();
        throw new SessionExpiredError();
      })
      .finally(() => {
        this.#refreshing = undefined;
      });
    return this.#refreshing;
  }

  #toSession(tokens: CognitoTokens, refreshToken: string): SessionTokens {
    const exp = decodeJwtPayload(tokens.idToken)?.exp;
    const expiresAt = typeof exp === 'number' ? exp * 1000 : this.#now() + tokens.expiresIn * 1000;
    return { idToken: tokens.idToken, accessToken: tokens.accessToken, refreshToken, expiresAt };
  }

  #restore(): SessionState {
    try {
      const stored: unknown = JSON.parse(this.#storage.getItem(this.#key) ?? 'null');
      if (isSessionTokens(stored)) return { status: 'signed-in', tokens: stored };
    } catch {
      // A corrupt entry is the same as none.
    }
    return { status: 'signed-out' };
  }

  #set(state: SessionState): void {
    this.#state = state;
    if (state.status === 'signed-in') this.#storage.setItem(this.#key, JSON.stringify(state.tokens));
    else this.#storage.removeItem(this.#key);
    for (const listener of this.#listeners) listener();
  }
}
