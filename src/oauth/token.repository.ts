import { namingAccount } from '../secrets/secret.errors.js';
import type { SecretStore } from '../secrets/secret.store.js';
import type { DialectName, Executor, Tx } from '../storage/database.js';
import type { Audience } from './providers.js';
import { parseTokenSet, serializeTokenSet, tokenSecretName, type TokenSet } from './token.model.js';

const owner = (accountId: number) => ({ kind: 'account', id: accountId }) as const;
const PREFIX = 'oauth_token:';

/**
 * An account's OAuth token sets, one per audience, encrypted in the secrets table like every secret
 * (`oauth_token:<audience>`). The only place tokens are decrypted.
 */
export class TokenRepository {
  constructor(private readonly secrets: SecretStore) {}

  async get(ex: Executor, accountId: number, audience: Audience): Promise<TokenSet | undefined> {
    let text: string | undefined;
    try {
      text = await this.secrets.get(ex, owner(accountId), tokenSecretName(audience));
    } catch (error) {
      const row = await ex
        .selectFrom('accounts')
        .select('name')
        .where('id', '=', accountId)
        .executeTakeFirst();
      throw namingAccount(error, row?.name ?? `#${accountId}`, tokenSecretName(audience));
    }
    return text === undefined ? undefined : parseTokenSet(text);
  }

  async put(ex: Executor, accountId: number, set: TokenSet): Promise<void> {
    await this.secrets.put(ex, owner(accountId), tokenSecretName(set.audience), serializeTokenSet(set));
  }

  /** Deletes one audience's tokens, or all of the account's when no audience is given. */
  async remove(ex: Executor, accountId: number, audience?: Audience): Promise<void> {
    for (const name of await this.secrets.names(ex, owner(accountId))) {
      if (name.startsWith(PREFIX) && (!audience || name === tokenSecretName(audience))) {
        await this.secrets.put(ex, owner(accountId), name, null);
      }
    }
  }

  /** The audiences an account holds tokens for. */
  async audiences(ex: Executor, accountId: number): Promise<Audience[]> {
    const names = await this.secrets.names(ex, owner(accountId));
    return [...names].filter((n) => n.startsWith(PREFIX)).map((n) => n.slice(PREFIX.length) as Audience);
  }
}

/**
 * Locks the account's row for the rest of the transaction so one process at a time refreshes its tokens:
 * `SELECT … FOR UPDATE` on PostgreSQL; on SQLite the transaction already holds the write lock
 * (`BEGIN IMMEDIATE`). Returns false when the account does not exist.
 */
export async function lockAccount(trx: Tx, dialect: DialectName, accountId: number): Promise<boolean> {
  const query = trx.selectFrom('accounts').select('id').where('id', '=', accountId);
  const row = await (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
  return row !== undefined;
}
