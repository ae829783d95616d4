import crypto from 'node:crypto';
import { sql } from 'kysely';
import { DrobotError } from '../errors/drobot-error.js';
import type { Database } from '../storage/database.js';
import { inTransaction } from '../storage/database.js';
import { randomToken, tokenHash } from './password.js';
import { userErrors } from './user.errors.js';
import { parseRole, type UserView } from './user.model.js';
import type { UserService } from './user.service.js';

/** How long a session lives: ended after this much idleness, and in any case this long after sign-in. */
export interface SessionPolicy {
  readonly idleMs: number;
  readonly absoluteMs: number;
  /** Failed sign-ins counted over this window… */
  readonly failureWindowMs: number;
  /** …at most this many per user name, */
  readonly maxFailuresPerUser: number;
  /** …and this many per client address. */
  readonly maxFailuresPerAddress: number;
  /** How long the first-run setup address is valid. */
  readonly setupTtlMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3600_000,
  failureWindowMs: 15 * 60_000,
  maxFailuresPerUser: 5,
  maxFailuresPerAddress: 20,
  setupTtlMs: 60 * 60_000,
};

/** A session as the server sees it on each request. */
export interface ActiveSession {
  readonly idHash: string;
  readonly user: UserView;
  readonly csrfToken: string;
}

/** What a sign-in hands the browser: the cookie value (never stored) and the CSRF token. */
export interface NewSession {
  readonly cookie: string;
  readonly csrfToken: string;
  readonly user: UserView;
}

/** last_seen_at is written at most this often, so reading pages does not mean one write per request. */
const TOUCH_EVERY_MS = 30_000;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Sessions kept in the database (every worker sees them; signing out ends them everywhere), sign-in with
 * per-user and per-address throttling, and the one-time address that creates the first administrator.
 */
export class SessionService {
  constructor(
    private readonly database: Database,
    private readonly users: UserService,
    readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  async signIn(name: string, password: string, address: string): Promise<NewSession> {
    const keys = [`user:${name.trim().toLowerCase().slice(0, 80)}`, `ip:${address}`];
    const attempt = await this.countAttempt(keys);
    const user = await this.users.verify(name, password);
    if (!user) throw new DrobotError(userErrors.badCredentials);
    await this.database.db.deleteFrom('sign_in_failures').where('id', 'in', attempt).execute();
    return this.open(user);
  }

  /** The session a cookie names, if it is still alive; a dead one is deleted on the way. */
  async resolve(cookie: string | undefined): Promise<ActiveSession | undefined> {
    if (!cookie || cookie.length > 200) return undefined;
    const idHash = tokenHash(cookie);
    const row = await this.database.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.csrf_token',
        'sessions.created_at',
        'sessions.last_seen_at',
        'users.id',
        'users.name',
        'users.role',
        'users.created_at as user_created_at',
      ])
      .where('sessions.id_hash', '=', idHash)
      .executeTakeFirst();
    if (!row) return undefined;
    const now = this.now();
    const idle = now - Date.parse(row.last_seen_at);
    const age = now - Date.parse(row.created_at);
    if (!(idle < this.policy.idleMs && age < this.policy.absoluteMs)) {
      await this.end(idHash);
      return undefined;
    }
    if (idle > TOUCH_EVERY_MS) {
      await this.database.db
        .updateTable('sessions')
        .set({ last_seen_at: iso(now) })
        .where('id_hash', '=', idHash)
        .execute();
    }
    return {
      idHash,
      csrfToken: row.csrf_token,
      user: { id: row.id, name: row.name, role: parseRole(row.role), createdAt: row.user_created_at },
    };
  }

  async end(idHash: string): Promise<void> {
    await this.database.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  /** A new single-use setup token while no user exists (older unused ones are dropped); else undefined. */
  async issueSetupToken(): Promise<string | undefined> {
    if ((await this.users.count()) > 0) return undefined;
    const token = randomToken();
    await inTransaction(this.database, async (tx) => {
      await tx.deleteFrom('setup_tokens').execute();
      await tx
        .insertInto('setup_tokens')
        .values({
          token_hash: tokenHash(token),
          expires_at: iso(this.now() + this.policy.setupTtlMs),
          used_at: null,
        })
        .execute();
    });
    return token;
  }

  /** Spends the setup token and creates the first administrator, signed in; only while no user exists. */
  async completeSetup(token: string, name: string, password: string): Promise<NewSession> {
    const user = await inTransaction(this.database, async (tx) => {
      const spent = await tx
        .updateTable('setup_tokens')
        .set({ used_at: iso(this.now()) })
        .where('token_hash', '=', tokenHash(token.slice(0, 200)))
        .where('used_at', 'is', null)
        .where('expires_at', '>', iso(this.now()))
        .executeTakeFirst();
      if (Number(spent.numUpdatedRows) !== 1 || (await this.users.count(tx)) > 0) {
        throw new DrobotError(userErrors.setupInvalid);
      }
      return this.users.add({ name, role: 'admin', password }, tx);
    });
    return this.open(user);
  }

  private async open(user: UserView): Promise<NewSession> {
    const cookie = randomToken();
    const csrfToken = randomToken();
    const now = iso(this.now());
    await this.database.db
      .insertInto('sessions')
      .values({
        id_hash: tokenHash(cookie),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
      })
      .execute();
    return { cookie, csrfToken, user };
  }

  /**
   * Counts an attempt as a failure before its password is checked, in the transaction that checks the limits
   * (on PostgreSQL under one lock): attempts sent at once each see the ones before. Recorded after the check
   * (about 100 ms of scrypt later), every attempt of a burst passed the count: as many guesses as requests
   * sent together. A sign-in that succeeds takes its count back; returns the rows to take back.
   */
  private async countAttempt(keys: readonly string[]): Promise<number[]> {
    const now = this.now();
    const since = iso(now - this.policy.failureWindowMs);
    return inTransaction(this.database, async (tx) => {
      if (this.database.dialect === 'postgres') {
        await sql`select pg_advisory_xact_lock(hashtext('drobot.sign_in'))`.execute(tx);
      }
      await tx.deleteFrom('sign_in_failures').where('failed_at', '<', since).execute();
      const rows = await tx
        .selectFrom('sign_in_failures')
        .select(['key', (eb) => eb.fn.countAll<number>().as('n')])
        .where('key', 'in', [...keys])
        .where('failed_at', '>=', since)
        .groupBy('key')
        .execute();
      const limitOf = (key: string) =>
        key.startsWith('user:') ? this.policy.maxFailuresPerUser : this.policy.maxFailuresPerAddress;
      if (rows.some((row) => Number(row.n) >= limitOf(row.key))) {
        throw new DrobotError(userErrors.tooManyAttempts, {
          params: { minutes: Math.ceil(this.policy.failureWindowMs / 60_000) },
        });
      }
      const inserted = await tx
        .insertInto('sign_in_failures')
        .values(keys.map((key) => ({ key, failed_at: iso(now) })))
        .returning('id')
        .execute();
      return inserted.map((row) => row.id);
    });
  }
}

/** Compares the CSRF token a request carries with its session's, in constant time. */
export function csrfMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}
