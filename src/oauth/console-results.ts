import crypto from 'node:crypto';
import type { DrobotError } from '../errors/drobot-error.js';
import type { TokenInfo } from './token.model.js';

/** How a console consent ended, kept for the account's form to show once the browser is back. */
export type ConsoleOAuthOutcome =
  | { readonly account: string; readonly ok: true; readonly token: TokenInfo }
  | { readonly account: string; readonly ok: false; readonly error: DrobotError };

interface Kept {
  readonly outcome: ConsoleOAuthOutcome;
  readonly expiresAt: number;
}

/**
 * The outcomes of console consents, under random ids the callback puts in the address it sends the browser
 * back to: the address carries no text a crafted link could make the console show. Kept in memory for a
 * few minutes and bounded in number (the oldest go first): a restart in between loses only what the form
 * would have said, never the tokens, which are stored before.
 */
export class ConsoleOAuthResults {
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly options: {
      readonly ttlMs?: number;
      readonly max?: number;
      readonly clock?: () => number;
    } = {},
  ) {}

  put(outcome: ConsoleOAuthOutcome): string {
    const now = this.now();
    this.purge(now);
    const max = this.options.max ?? 100;
    for (const id of this.kept.keys()) {
      if (this.kept.size < max) break;
      this.kept.delete(id);
    }
    const id = crypto.randomBytes(18).toString('base64url');
    this.kept.set(id, { outcome, expiresAt: now + (this.options.ttlMs ?? 10 * 60_000) });
    return id;
  }

  /** The outcome under an id, while it is kept; the form may be reloaded meanwhile. */
  get(id: string): ConsoleOAuthOutcome | undefined {
    const kept = this.kept.get(id);
    if (!kept || kept.expiresAt <= this.now()) return undefined;
    return kept.outcome;
  }

  private now(): number {
    return this.options.clock?.() ?? Date.now();
  }

  private purge(now: number): void {
    for (const [id, kept] of this.kept) if (kept.expiresAt <= now) this.kept.delete(id);
  }
}
