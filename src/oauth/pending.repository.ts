import type { SecretStore } from '../secrets/secret.store.js';
import type { Executor } from '../storage/database.js';
import type { Audience } from './providers.js';

/** A console consent waiting for its callback. */
export interface PendingConsent {
  readonly state: string;
  readonly accountId: number;
  readonly audience: Audience;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly lang: string;
  readonly verifier: string;
  readonly expiresAt: string;
}

const VERIFIER = 'pkce_verifier';
const owner = (id: number) => ({ kind: 'oauth_pending', id }) as const;

/** Pending console consents: the row in `oauth_pending`, the PKCE verifier encrypted in `secrets`. */
export class PendingConsentRepository {
  constructor(private readonly secrets: SecretStore) {}

  async add(ex: Executor, pending: PendingConsent, now: Date): Promise<void> {
    const row = await ex
      .insertInto('oauth_pending')
      .values({
        state: pending.state,
        account_id: pending.accountId,
        audience: pending.audience,
        redirect_uri: pending.redirectUri,
        scopes: pending.scopes.join(' '),
        lang: pending.lang,
        created_at: now.toISOString(),
        expires_at: pending.expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.secrets.put(ex, owner(row.id), VERIFIER, pending.verifier);
  }

  /**
   * Takes (reads and deletes) the pending consent of a state, so a state is redeemed at most once.
   * Undefined when unknown or expired.
   */
  async take(ex: Executor, state: string, now: Date): Promise<PendingConsent | undefined> {
    const row = await ex
      .selectFrom('oauth_pending')
      .selectAll()
      .where('state', '=', state)
      .executeTakeFirst();
    if (!row) return undefined;
    const deleted = await ex.deleteFrom('oauth_pending').where('id', '=', row.id).executeTakeFirst();
    const verifier = await this.secrets.get(ex, owner(row.id), VERIFIER);
    await this.secrets.removeAll(ex, owner(row.id));
    // Another worker took it between our read and our delete.
    if (Number(deleted.numDeletedRows) !== 1 || verifier === undefined) return undefined;
    if (row.expires_at <= now.toISOString()) return undefined;
    return {
      state: row.state,
      accountId: row.account_id,
      audience: row.audience as Audience,
      redirectUri: row.redirect_uri,
      scopes: row.scopes.split(' ').filter(Boolean),
      lang: row.lang,
      verifier,
      expiresAt: row.expires_at,
    };
  }

  /** Drops expired consents and their verifiers. */
  async purgeExpired(ex: Executor, now: Date): Promise<number> {
    const rows = await ex
      .selectFrom('oauth_pending')
      .select('id')
      .where('expires_at', '<=', now.toISOString())
      .execute();
    for (const { id } of rows) {
      await this.secrets.removeAll(ex, owner(id));
      await ex.deleteFrom('oauth_pending').where('id', '=', id).execute();
    }
    return rows.length;
  }
}
