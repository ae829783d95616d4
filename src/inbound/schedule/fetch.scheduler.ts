import type { Account } from '../../accounts/account.model.js';
import { isDrobotError } from '../../errors/drobot-error.js';
import type { Logger } from '../../logging/logger.js';
import { fetchPlanFor, inboundKindOfAccount, isFetchable } from '../fetch/account-source.js';
import type { InboundAccounts, InboundService } from '../inbound.service.js';
import type { SourceWatch } from '../../transports/ports.js';
import { canWatch, pollingReason, watchSource, type InboundSettings } from '../../transports/registry.js';
import { isDue } from './due.js';

export interface SchedulerDeps {
  readonly service: InboundService;
  readonly accounts: InboundAccounts;
  readonly logger: Logger;
  /** How often due accounts are looked for. */
  readonly tickMs?: number;
  readonly clock?: () => Date;
  /** Starts a push watch (IMAP IDLE …) where the transport has one; tests may pass another. */
  readonly watch?: (
    settings: InboundSettings,
    onNewMail: () => void,
    logger: Logger,
  ) => SourceWatch | undefined;
}

/**
 * `drobot serve`'s inbound side: polls every enabled inbound account on its interval (skipping accounts in
 * back-off), keeps a push watch (IMAP IDLE) where the transport has one, to fetch at once when mail arrives, and never runs
 * one account twice at the same time (in this process by bookkeeping, across workers by the lease).
 */
export class FetchScheduler {
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Map<number, Promise<void>>();
  private readonly again = new Set<number>();
  private readonly watches = new Map<number, { version: string; watch: SourceWatch }>();
  private readonly pollingSaid = new Set<number>();
  private ticking: Promise<void> | undefined;
  private building: Promise<void> | undefined;
  private stopped = false;
  private readonly clock: () => Date;

  constructor(private readonly deps: SchedulerDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  start(): void {
    this.stopped = false;
    const tick = () => {
      if (!this.ticking) this.ticking = this.tick().finally(() => (this.ticking = undefined));
    };
    tick();
    this.timer = setInterval(tick, this.deps.tickMs ?? 5000);
  }

  /**
   * Builds what waits in the intake queue (left by a crash, `fetch --no-wait`, another worker) unless a
   * build is going on already. Fetch runs build their own mail as soon as it is taken in.
   */
  buildQueued(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.building ??= this.deps.service
      .buildQueued()
      .then(() => undefined)
      .catch((error: unknown) => this.deps.logger.warn('case building failed', { error }))
      .finally(() => (this.building = undefined));
    return this.building;
  }

  /** One pass: build what waits in the queue, start push watches and the runs that are due. */
  async tick(): Promise<void> {
    void this.buildQueued();
    let accounts: Account[];
    try {
      accounts = (await this.deps.accounts.list()).filter(
        (a) => isFetchable(a) && a.enabled && a.state === 'ready',
      );
    } catch (error) {
      this.deps.logger.error('scheduler cannot list accounts', { error });
      return;
    }
    const health = new Map((await this.deps.service.health()).map((h) => [h.accountId, h]));
    await this.syncWatches(accounts);
    const now = this.clock();
    for (const account of accounts) {
      const h = health.get(account.id);
      const due = isDue(now, account.inbound.pollIntervalSeconds, {
        lastRunAt: h?.lastRunAt ?? null,
        nextAttemptAt: h?.nextAttemptAt ?? null,
      });
      if (due) this.trigger(account.id);
    }
  }

  /** Fetches an account now (or right after its current run ends). */
  trigger(accountId: number): void {
    if (this.stopped) return;
    if (this.running.has(accountId)) {
      this.again.add(accountId);
      return;
    }
    const run = this.runOnce(accountId).finally(() => {
      this.running.delete(accountId);
      if (this.again.delete(accountId)) this.trigger(accountId);
    });
    this.running.set(accountId, run);
  }

  private async runOnce(accountId: number): Promise<void> {
    try {
      await this.deps.service.fetch(accountId);
    } catch (error) {
      if (isDrobotError(error) && error.code === 'fetch_busy') return;
      this.deps.logger.warn('scheduled fetch failed', { accountId, error });
    }
  }

  private async syncWatches(accounts: readonly Account[]): Promise<void> {
    const pushes = (a: Account) => this.deps.watch !== undefined || canWatch(inboundKindOfAccount(a));
    for (const account of accounts) {
      const reason = pushes(account) ? undefined : pollingReason(inboundKindOfAccount(account));
      if (reason && !this.pollingSaid.has(account.id)) {
        this.pollingSaid.add(account.id);
        this.deps.logger.info(reason, { account: account.name });
      }
    }
    const wanted = new Map(accounts.filter(pushes).map((a) => [a.id, a]));
    for (const [id, entry] of this.watches) {
      const account = wanted.get(id);
      if (!account || account.updatedAt !== entry.version) {
        this.watches.delete(id);
        await entry.watch.stop();
      }
    }
    for (const [id, account] of wanted) {
      if (this.watches.has(id)) continue;
      try {
        const plan = await fetchPlanFor(account, this.deps.accounts);
        const watch = (this.deps.watch ?? watchSource)(
          plan.source,
          () => this.trigger(id),
          this.deps.logger.child({ account: account.name }),
        );
        if (watch) this.watches.set(id, { version: account.updatedAt, watch });
      } catch (error) {
        this.deps.logger.warn('push watch not started', { account: account.name, error });
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    for (const { watch } of this.watches.values()) await watch.stop();
    this.watches.clear();
    await Promise.all(this.running.values());
    await this.building;
  }
}
