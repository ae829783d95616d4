import crypto from 'node:crypto';
import os from 'node:os';
import type { Account } from '../accounts/account.model.js';
import { DrobotError } from '../errors/drobot-error.js';
import type { Lang } from '../i18n/lang.js';
import type { Database } from '../storage/database.js';
import { fetchPlanFor, isFetchable, type AccountSecrets } from './fetch/account-source.js';
import { FetchLeases } from './fetch/fetch-lease.repository.js';
import { FetchStateRepository, lastErrorIn } from './fetch/fetch-state.repository.js';
import type { FetchProgress, FetchRunner } from './fetch/fetch.runner.js';
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
}

/** Fetching one account on demand, under a lease so that no two workers fetch it at once. */
export class InboundService {
  readonly holder: string;
  private readonly leases: FetchLeases;
  private readonly state = new FetchStateRepository();
  private readonly leaseMs: number;

  constructor(private readonly deps: InboundServiceDeps) {
    this.holder = deps.holder ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
    this.leases = new FetchLeases(deps.database);
    this.leaseMs = deps.leaseMs ?? 15 * 60_000;
  }

  /** Runs one fetch of the account now; a `fetch_busy` error when another worker is fetching it. */
  async fetch(ref: string | number, progress?: FetchProgress): Promise<RunSummary> {
    const account = await this.deps.accounts.get(ref);
    const plan = await fetchPlanFor(account, this.deps.accounts);
    if (!(await this.leases.acquire(account.id, this.holder, this.leaseMs))) {
      throw new DrobotError(inboundErrors.busy, { params: { name: account.name }, retryable: true });
    }
    try {
      return await this.deps.runner.run(plan, progress);
    } finally {
      await this.leases.release(account.id, this.holder);
    }
  }

  /** Health of every inbound account this pipeline fetches; the last error in `lang`. */
  async health(lang: Lang = 'es'): Promise<FetchHealth[]> {
    const accounts = (await this.deps.accounts.list()).filter(isFetchable);
    const out: FetchHealth[] = [];
    for (const a of accounts) {
      const row = await this.state.health(this.deps.database.db, a.id);
      out.push({
        accountId: a.id,
        account: a.name,
        lastRunAt: row?.last_run_at ?? null,
        lastError: lastErrorIn(row?.last_error ?? null, lang),
        failures: row?.failures ?? 0,
        nextAttemptAt: row?.next_attempt_at ?? null,
      });
    }
    return out;
  }
}
