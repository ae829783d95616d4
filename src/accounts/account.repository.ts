import type { Selectable } from 'kysely';
import { isDrobotError } from '../errors/drobot-error.js';
import { namingAccount } from '../secrets/secret.errors.js';
import type { SecretStore } from '../secrets/secret.store.js';
import type { Executor } from '../storage/database.js';
import type { ProxyType, SaslMethod, Security } from '../transports/types.js';
import type { AccountDraft } from './account.draft.js';
import {
  SECRET_NAMES,
  TOKEN_SECRET_PREFIX,
  type Account,
  type AccountState,
  type AuthType,
  type ConnectionType,
  type Direction,
  type InboundSettings,
  type LastTestSummary,
  type OutboundSettings,
  type Preset,
  type Protocol,
  type SecretInput,
  type SecretPresence,
} from './account.model.js';
import type { AccountTable } from './account.table.js';

type Row = Selectable<AccountTable>;

export const accountOwner = (id: number) => ({ kind: 'account', id }) as const;

const bool = (v: boolean) => (v ? 1 : 0);

function toColumns(d: AccountDraft) {
  return {
    name: d.name,
    direction: d.direction,
    protocol: d.protocol,
    preset: d.preset,
    connection: d.connection,
    host: d.host,
    port: d.port,
    username: d.username,
    timeout_ms: d.timeoutMs,
    security: d.security,
    sasl: d.sasl,
    auth: d.auth,
    smtp_auth: bool(d.smtpAuth),
    leave_copy: bool(d.leaveCopy),
    folder: d.folder,
    proxy_type: d.proxy.type,
    proxy_host: d.proxy.host,
    proxy_port: d.proxy.port,
    proxy_username: d.proxy.username,
    tls_ca_pem: d.tls.caPem,
    tls_pin_sha256: d.tls.pinSha256,
    tls_insecure: bool(d.tls.insecureSkipVerify),
    oauth_client_id: d.oauth.clientId,
    oauth_tenant_id: d.oauth.tenantId,
    oauth_loopback: bool(d.oauth.useLoopback),
    oauth_browser: bool(d.oauth.useBrowser),
    oauth_authority: d.oauth.authority,
    settings_json: JSON.stringify({ inbound: d.inbound, outbound: d.outbound, apiUrl: d.apiUrl }),
    enabled: bool(d.enabled),
  };
}

function fromRow(row: Row, names: ReadonlySet<string>): Account {
  const settings = JSON.parse(row.settings_json) as {
    inbound: InboundSettings;
    outbound: OutboundSettings;
    apiUrl?: string | null;
  };
  const presence: SecretPresence = {
    password: names.has(SECRET_NAMES.password),
    proxyPassword: names.has(SECRET_NAMES.proxyPassword),
    clientSecret: names.has(SECRET_NAMES.clientSecret),
    tokens: [...names]
      .filter((n) => n.startsWith(TOKEN_SECRET_PREFIX))
      .map((n) => n.slice(TOKEN_SECRET_PREFIX.length)),
  };
  return {
    id: row.id,
    name: row.name,
    direction: row.direction as Direction,
    protocol: row.protocol as Protocol,
    preset: row.preset as Preset,
    connection: row.connection as ConnectionType,
    host: row.host,
    port: row.port,
    username: row.username,
    timeoutMs: row.timeout_ms,
    security: row.security as Security,
    sasl: row.sasl as SaslMethod,
    auth: row.auth as AuthType,
    smtpAuth: row.smtp_auth === 1,
    leaveCopy: row.leave_copy === 1,
    folder: row.folder,
    proxy: {
      type: row.proxy_type as ProxyType,
      host: row.proxy_host,
      port: row.proxy_port,
      username: row.proxy_username,
    },
    tls: { caPem: row.tls_ca_pem, pinSha256: row.tls_pin_sha256, insecureSkipVerify: row.tls_insecure === 1 },
    oauth: {
      clientId: row.oauth_client_id,
      tenantId: row.oauth_tenant_id,
      useLoopback: row.oauth_loopback === 1,
      useBrowser: row.oauth_browser === 1,
      authority: row.oauth_authority,
    },
    apiUrl: settings.apiUrl ?? null,
    // Accounts stored before acknowledgments existed acknowledge, in the default language.
    inbound: {
      acknowledge: true,
      lang: null,
      ...(settings.inbound as Partial<InboundSettings>),
    } as InboundSettings,
    outbound: settings.outbound,
    enabled: row.enabled === 1,
    state: row.state as AccountState,
    stateDetail: row.state_detail,
    lastTest: row.last_test_json ? (JSON.parse(row.last_test_json) as LastTestSummary) : null,
    secrets: presence,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Accounts in the database. Secret values go in and out only here, through the SecretStore, and only
 * `secret()` hands one out (to a transport).
 */
export class AccountRepository {
  constructor(private readonly secrets: SecretStore) {}

  async list(ex: Executor): Promise<Account[]> {
    const rows = await ex.selectFrom('accounts').selectAll().orderBy('name').execute();
    const secretRows = await ex
      .selectFrom('secrets')
      .select(['owner_id', 'name', 'key_id'])
      .where('owner_kind', '=', 'account')
      .execute();
    const byOwner = new Map<number, Map<string, string>>();
    for (const s of secretRows) {
      const keys = byOwner.get(s.owner_id) ?? new Map<string, string>();
      keys.set(s.name, s.key_id);
      byOwner.set(s.owner_id, keys);
    }
    return rows.map((row) => this.toAccount(row, byOwner.get(row.id) ?? new Map()));
  }

  async findById(ex: Executor, id: number): Promise<Account | undefined> {
    const row = await ex.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.toAccount(row, await this.secrets.keyIds(ex, accountOwner(row.id))) : undefined;
  }

  async findByName(ex: Executor, name: string): Promise<Account | undefined> {
    const row = await ex.selectFrom('accounts').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? this.toAccount(row, await this.secrets.keyIds(ex, accountOwner(row.id))) : undefined;
  }

  /** The account as this process can use it: a secret under a key it does not hold shows in its state. */
  private toAccount(row: Row, keyIds: ReadonlyMap<string, string>): Account {
    const account = fromRow(row, new Set(keyIds.keys()));
    for (const [name, keyId] of keyIds) {
      if (this.secrets.holds(keyId)) continue;
      return {
        ...account,
        state: 'secret_unreadable',
        stateDetail: `${name}: key ${keyId} not held`,
        unreadableSecret: { name, keyId },
      };
    }
    return account;
  }

  async insert(ex: Executor, draft: AccountDraft, now: string): Promise<number> {
    const row = await ex
      .insertInto('accounts')
      .values({ ...toColumns(draft), state: 'password_required', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async update(ex: Executor, id: number, draft: AccountDraft, now: string): Promise<void> {
    await ex
      .updateTable('accounts')
      .set({ ...toColumns(draft), updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async setState(ex: Executor, id: number, state: AccountState, detail: string | null): Promise<void> {
    await ex.updateTable('accounts').set({ state, state_detail: detail }).where('id', '=', id).execute();
  }

  async setLastTest(ex: Executor, id: number, summary: LastTestSummary): Promise<void> {
    await ex
      .updateTable('accounts')
      .set({ last_test_json: JSON.stringify(summary) })
      .where('id', '=', id)
      .execute();
  }

  async remove(ex: Executor, id: number): Promise<void> {
    await this.secrets.removeAll(ex, accountOwner(id));
    await ex.deleteFrom('accounts').where('id', '=', id).execute();
  }

  /** Stores the given secrets: undefined leaves one as it is, null deletes it. */
  async putSecrets(ex: Executor, id: number, input: SecretInput): Promise<void> {
    const entries: Array<[string, string | null | undefined]> = [
      [SECRET_NAMES.password, input.password],
      [SECRET_NAMES.proxyPassword, input.proxyPassword],
      [SECRET_NAMES.clientSecret, input.clientSecret],
    ];
    for (const [name, value] of entries) {
      if (value !== undefined) await this.secrets.put(ex, accountOwner(id), name, value);
    }
  }

  /** Deletes every OAuth token set of the account (an account that no longer signs in with OAuth). */
  async removeTokens(ex: Executor, id: number): Promise<void> {
    for (const name of await this.secrets.names(ex, accountOwner(id))) {
      if (name.startsWith(TOKEN_SECRET_PREFIX)) await this.secrets.put(ex, accountOwner(id), name, null);
    }
  }

  /** One decrypted secret, for a transport about to log in. */
  async secret(ex: Executor, id: number, name: string): Promise<string | undefined> {
    try {
      return await this.secrets.get(ex, accountOwner(id), name);
    } catch (error) {
      throw await this.namingAccount(ex, id, name, error);
    }
  }

  /** A secret that cannot be decrypted, said with the account's name (not only the secret's). */
  private async namingAccount(ex: Executor, id: number, name: string, error: unknown): Promise<unknown> {
    if (!isDrobotError(error)) return error;
    const row = await ex.selectFrom('accounts').select('name').where('id', '=', id).executeTakeFirst();
    return namingAccount(error, row?.name ?? `#${id}`, name);
  }
}
