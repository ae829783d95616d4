import type { Account } from '../accounts/account.model.js';
import { DrobotError } from '../errors/drobot-error.js';
import type { Lang } from '../i18n/lang.js';
import { secretErrors } from '../secrets/secret.errors.js';
import type { Database } from '../storage/database.js';
import { fetchPlanFor, isFetchable, type AccountSecrets } from './fetch/account-source.js';
import { FetchFailureRepository, type WaitingDownload } from './fetch/fetch-failure.repository.js';
import { FetchLeases, leaseHolderName } from './fetch/fetch-lease.repository.js';
import { FetchStateRepository, failureBackoffMs, lastErrorIn } from './fetch/fetch-state.repository.js';
import { errorTextOf } from '../errors/error-text.js';
import type { FetchProgress, FetchRunner, RunOptions } from './fetch/fetch.runner.js';
import type { RunSummary } from './fetch/run-summary.js';
import { inboundErrors } from './inbound.errors.js';

/** How an inbound account's fetching is doing, as the CLI and the API show it. */
export interface FetchHealth {
  readonly accountId: number;
  readonly account: string;
  readonly lastRunAt: string | null;
  /** The last run's error, while the server keeps failing; null when the last run went well. */
  readonly lastError: string | null;
  readonly failures: number;
  /** While failing: no scheduled run before this time (back-off). */
  readonly nextAttemptAt: string | null;
  /** The account's state as this process sees it (`secret_unreadable`: it lacks the key of a secret). */
  readonly state: string;
}

export interface InboundAccounts extends AccountSecrets {
  get(ref: string | number): Promise<Account>;
  list(): Promise<Account[]>;
}

export interface InboundServiceDeps {
  readonly database: Database;
  readonly runner: FetchRunner;
  readonly accounts: InboundAccounts;
  /** This process's name in fetch leases. */
  readonly holder?: string;
  /** How long a lease lasts without renewal; a crashed worker's lease frees itself after this. */
  readonly leaseMs?: number;
  readonly clock?: () => Date;
}

/** A lease lasts a minute and is renewed every 20 s while the run lasts. */
export const DEFAULT_LEASE_MS = 60_000;

/** Fetching one account on demand, under a lease so that no two workers fetch it at once. */
export class InboundService {
  readonly holder: string;
  private readonly leases: FetchLeases;
  private readonly state = new FetchStateRepository();
  private readonly failures = new FetchFailureRepository();
  private readonly leaseMs: number;

  constructor(private readonly deps: InboundServiceDeps) {
    this.holder = deps.holder ?? leaseHolderName();
    this.leases = new FetchLeases(deps.database, deps.clock);
    this.leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /**
   * Runs one fetch of the account now, under a lease renewed while it lasts; a `fetch_busy` error naming
   * the holder when another process is fetching it. A run that loses its lease stops at the next mail.
   */
  async fetch(
    ref: string | number,
    progress?: FetchProgress,
    options: Omit<RunOptions, 'signal'> = {},
  ): Promise<RunSummary> {
    const account = await this.deps.accounts.get(ref);
    const plan = await this.planOrRecordFailure(account);
    const taken = await this.leases.acquire(account.id, this.holder, this.leaseMs);
    if (taken !== true) {
      throw new DrobotError(inboundErrors.busy, {
        params: { name: account.name, holder: taken.holder, until: taken.expiresAt },
        retryable: true,
      });
    }
    const lost = new AbortController();
    const renewal = setInterval(() => {
      this.leases
        .renew(account.id, this.holder, this.leaseMs)
        .then((kept) => {
          if (!kept) lost.abort();
        })
        .catch(() => undefined); // a database hiccup: the next renewal tries again before expiry
    }, this.leaseMs / 3);
    try {
      return await this.deps.runner.run(plan, progress, { ...options, signal: lost.signal });
    } finally {
      clearInterval(renewal);
      await this.leases.release(account.id, this.holder);
    }
  }

  /**
   * Builds the cases of every mail taken in and not built yet (left by a crash, by `fetch --no-wait`, or
   * by another worker): what the scheduler runs at start and on every tick. Returns how many were built.
   */
  buildQueued(): Promise<number> {
    return this.deps.runner.builder.drain();
  }

  /**
   * The account's fetch plan. Failing to build it (a secret that cannot be decrypted, a token that cannot
   * be refreshed) is a failed run like any other: recorded, so the scheduler backs off instead of trying
   * again on every tick.
   */
  private async planOrRecordFailure(account: Account) {
    try {
      return await fetchPlanFor(account, this.deps.accounts);
    } catch (error) {
      if (isFetchable(account) && account.enabled && account.state === 'ready') {
        await this.state
          .recordFailure(this.deps.database.db, account.id, errorTextOf(error), new Date(), failureBackoffMs)
          .catch(() => 0);
      }
      throw error;
    }
  }

  /**
   * The account's mails the server failed to deliver, waiting to be tried again (after the last attempt they
   * go to quarantine); each one's last failure in `lang`.
   */
  waitingDownloads(accountId: number, lang: Lang = 'es'): Promise<WaitingDownload[]> {
    return this.failures.waiting(this.deps.database.db, accountId, lang);
  }

  /** Health of every inbound account this pipeline fetches; the last error in `lang`. */
  async health(lang: Lang = 'es'): Promise<FetchHealth[]> {
    const accounts = (await this.deps.accounts.list()).filter(isFetchable);
    const out: FetchHealth[] = [];
    for (const a of accounts) {
      const row = await this.state.health(this.deps.database.db, a.id);
      // A secret this process cannot decrypt stops every fetch: said first, naming the account.
      const unreadable = a.unreadableSecret
        ? new DrobotError(secretErrors.accountSecretUnknownKey, {
            params: { account: a.name, ...a.unreadableSecret },
          }).render(lang).message
        : null;
      out.push({
        accountId: a.id,
        account: a.name,
        lastRunAt: row?.last_run_at ?? null,
        lastError: unreadable ?? lastErrorIn(row?.last_error ?? null, lang),
        failures: row?.failures ?? 0,
        nextAttemptAt: row?.next_attempt_at ?? null,
        state: a.enabled ? a.state : 'disabled',
      });
    }
    return out;
  }
}
