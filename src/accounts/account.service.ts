import { DrobotError, type FieldIssue } from '../errors/drobot-error.js';
import { issuesFromZod, parseOrThrow, validationError } from '../errors/validation.js';
import type { Logger } from '../logging/logger.js';
import { inTransaction, type Database, type Executor } from '../storage/database.js';
import { applyPatch, computeState, draftFromCreate, secretsOf, type AccountDraft } from './account.draft.js';
import { accountIssues, unusedSecrets, withoutInapplicable } from './account.applies.js';
import { accountErrors } from './account.errors.js';
import type { Account, LastTestSummary, SecretInput } from './account.model.js';
import type { AccountRepository } from './account.repository.js';
import { accountSchemas, type AccountPatchInput } from './account.schema.js';
import { exportDocument } from './account.view.js';
import { upgradeImported, type ImportChange } from './import-upgrade.js';

export interface AccountServiceDeps {
  readonly database: Database;
  readonly repository: AccountRepository;
  readonly logger: Logger;
  readonly clock?: () => Date;
}

/** An account reference from a person: its name, or its numeric id. */
export type AccountRef = string | number;

/** What an import took otherwise than its document said, for one account (import-upgrade.ts). */
export interface ImportNote {
  readonly name: string;
  readonly changes: readonly ImportChange[];
}

/**
 * Everything an administrator does with accounts. The CLI, the REST API and the console all call this;
 * input is validated here, at the edge, and every write is one transaction.
 */
export class AccountService {
  private readonly clock: () => Date;

  constructor(private readonly deps: AccountServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  private get db() {
    return this.deps.database.db;
  }

  list(): Promise<Account[]> {
    return this.deps.repository.list(this.db);
  }

  async get(ref: AccountRef, ex: Executor = this.db): Promise<Account> {
    const byName = await this.deps.repository.findByName(ex, String(ref));
    if (byName) return byName;
    const id = typeof ref === 'number' ? ref : /^\d+$/.test(ref) ? Number(ref) : undefined;
    const byId = id === undefined ? undefined : await this.deps.repository.findById(ex, id);
    if (!byId)
      throw new DrobotError(accountErrors.notFound, { params: { name: String(ref) }, field: 'name' });
    return byId;
  }

  async create(input: unknown): Promise<Account> {
    const parsed = parseOrThrow(accountSchemas().create, input);
    const draft = withoutInapplicable(draftFromCreate(parsed));
    assertRules(parsed, draft);
    const account = await inTransaction(this.deps.database, (trx) =>
      this.insert(trx, draft, secretsOf(parsed)),
    );
    this.deps.logger.info('account created', { account: account.name, state: account.state });
    return account;
  }

  async edit(ref: AccountRef, patch: unknown): Promise<Account> {
    const parsed = parseOrThrow(accountSchemas().patch, patch);
    const account = await inTransaction(this.deps.database, async (trx) => {
      const current = await this.get(ref, trx);
      // Settings the account's (possibly new) kind does not use go back to their defaults.
      const draft = withoutInapplicable(applyPatch(current, parsed));
      assertRules(parsed, draft);
      if (draft.name !== current.name) await this.assertNameFree(trx, draft.name);
      await this.deps.repository.update(trx, current.id, draft, this.clock().toISOString());
      const secrets = secretsOf(parsed);
      // Secrets the account no longer uses are not kept: a password after an edit to Graph, to OAuth 2.0 or
      // to SMTP without authentication; a client secret and tokens after an edit to password.
      const unused = unusedSecrets(draft, current.secrets);
      await this.deps.repository.putSecrets(trx, current.id, {
        ...secrets,
        ...(unused.password ? { password: null } : {}),
        ...(unused.clientSecret ? { clientSecret: null } : {}),
      });
      if (unused.tokens) await this.deps.repository.removeTokens(trx, current.id);
      return this.refreshState(trx, current.id);
    });
    this.deps.logger.info('account edited', { account: account.name, state: account.state });
    return account;
  }

  async remove(ref: AccountRef): Promise<Account> {
    const removed = await inTransaction(this.deps.database, async (trx) => {
      const current = await this.get(ref, trx);
      await this.deps.repository.remove(trx, current.id);
      return current;
    });
    this.deps.logger.info('account removed', { account: removed.name });
    return removed;
  }

  async exportAll() {
    return exportDocument(await this.list(), this.clock());
  }

  /**
   * Imports an export document (plus optional secrets) as new accounts, all or nothing. An account
   * without a usable password is stored in state "password_required" and not used until one is set.
   * Settings an earlier version exported that the current rules take otherwise (a relay's SASL method and
   * authentication type) are taken so: `onNote` hears of each such account, once all are imported.
   */
  async import(document: unknown, onNote: (note: ImportNote) => void = () => undefined): Promise<Account[]> {
    const parsed = accountSchemas().importDocument.safeParse(document);
    if (!parsed.success) throw validationError(issuesFromZod(parsed.error, { input: document }));
    const drafts = parsed.data.accounts.map((given) => {
      const draft = withoutInapplicable(draftFromCreate(given));
      return { ...upgradeImported(given, draft), draft, secrets: secretsOf(given) };
    });
    const notes: ImportNote[] = drafts
      .filter(({ changes }) => changes.length > 0)
      .map(({ draft, changes }) => ({ name: draft.name, changes }));
    const issues: FieldIssue[] = [];
    drafts.forEach(({ given, draft }, i) => {
      for (const issue of accountIssues(given, draft))
        issues.push({ ...issue, field: `accounts.${i}.${issue.field}` });
    });
    const names = new Map<string, number>();
    drafts.forEach(({ draft }, i) => {
      if (names.has(draft.name)) {
        throw new DrobotError(accountErrors.duplicateName, {
          params: { name: draft.name },
          field: `accounts.${i}.name`,
        });
      }
      names.set(draft.name, i);
    });
    if (issues.length > 0) throw validationError(issues);
    const created = await inTransaction(this.deps.database, async (trx) => {
      const out: Account[] = [];
      for (const { draft, secrets } of drafts) out.push(await this.insert(trx, draft, secrets));
      return out;
    });
    this.deps.logger.info('accounts imported', { count: created.length });
    for (const note of notes) {
      this.deps.logger.warn('imported account setting taken as the current rules require', {
        account: note.name,
        changes: note.changes.map((c) => `${c.field}: ${c.from} -> ${c.to}`).join(', '),
      });
      onNote(note);
    }
    return created;
  }

  /** One decrypted secret of an account, for a transport. */
  async secret(accountId: number, name: string): Promise<string | undefined> {
    return this.deps.repository.secret(this.db, accountId, name);
  }

  async recordTest(accountId: number, summary: LastTestSummary): Promise<void> {
    await this.deps.repository.setLastTest(this.db, accountId, summary);
  }

  private async insert(trx: Executor, draft: AccountDraft, secrets: SecretInput): Promise<Account> {
    await this.assertNameFree(trx, draft.name);
    const id = await this.deps.repository.insert(trx, draft, this.clock().toISOString());
    await this.deps.repository.putSecrets(trx, id, secrets);
    return this.refreshState(trx, id);
  }

  private async refreshState(trx: Executor, id: number): Promise<Account> {
    const account = await this.get(id, trx);
    // Seen by this process only (a key it lacks): nothing to store.
    if (account.state === 'secret_unreadable') return account;
    const next = computeState(account, account.secrets, {
      state: account.state,
      detail: account.stateDetail,
    });
    if (next.state === account.state && next.detail === account.stateDetail) return account;
    await this.deps.repository.setState(trx, id, next.state, next.detail);
    return { ...account, state: next.state, stateDetail: next.detail };
  }

  private async assertNameFree(ex: Executor, name: string): Promise<void> {
    // The API's fixed paths beside `/api/accounts/:ref` win over an account of that name.
    if (RESERVED_NAMES.has(name)) {
      throw new DrobotError(accountErrors.reservedName, { params: { name }, field: 'name' });
    }
    if (await this.deps.repository.findByName(ex, name)) {
      throw new DrobotError(accountErrors.duplicateName, { params: { name }, field: 'name' });
    }
  }
}

/** Names an account cannot take: the API's `GET /api/accounts/{name}` is another resource. */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['export']);

function assertRules(given: AccountPatchInput, draft: AccountDraft): void {
  const issues = accountIssues(given, draft);
  if (issues.length > 0) throw validationError(issues);
}
