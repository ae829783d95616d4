import type { Database, Executor } from '../storage/database.js';
import { inTransaction } from '../storage/database.js';
import { DrobotError } from '../errors/drobot-error.js';
import { nowIso } from '../storage/columns.js';
import { decoyHash, hashPassword, verifyPassword } from './password.js';
import { userErrors } from './user.errors.js';
import { checkPassword, normalizeName, parseRole, type Role, type UserView } from './user.model.js';

interface UserRow {
  id: number;
  name: string;
  role: string;
  created_at: string;
}

const view = (row: UserRow): UserView => ({
  id: row.id,
  name: row.name,
  role: parseRole(row.role),
  createdAt: row.created_at,
});

/** The console's people: add, list, remove, set a password, check one. Hashes never leave this file. */
export class UserService {
  constructor(private readonly database: Database) {}

  async count(executor: Executor = this.database.db): Promise<number> {
    const row = await executor
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async list(): Promise<UserView[]> {
    const rows = await this.database.db
      .selectFrom('users')
      .select(['id', 'name', 'role', 'created_at'])
      .orderBy('name')
      .execute();
    return rows.map(view);
  }

  async get(name: string, executor: Executor = this.database.db): Promise<UserView> {
    const row = await executor
      .selectFrom('users')
      .select(['id', 'name', 'role', 'created_at'])
      .where('name', '=', normalizeName(name))
      .executeTakeFirst();
    if (!row) throw new DrobotError(userErrors.notFound, { params: { name } });
    return view(row);
  }

  async add(input: { name: string; role: string; password: string }, executor?: Executor): Promise<UserView> {
    const name = normalizeName(input.name);
    const role = parseRole(input.role);
    checkPassword(input.password);
    const hash = await hashPassword(input.password);
    const insert = async (tx: Executor) => {
      const taken = await tx.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst();
      if (taken) throw new DrobotError(userErrors.exists, { field: 'name', params: { name } });
      const now = nowIso();
      const row = await tx
        .insertInto('users')
        .values({ name, role, password_hash: hash, created_at: now, updated_at: now })
        .returning(['id', 'name', 'role', 'created_at'])
        .executeTakeFirstOrThrow();
      return view(row);
    };
    return executor ? insert(executor) : inTransaction(this.database, insert);
  }

  async remove(name: string): Promise<void> {
    await inTransaction(this.database, async (tx) => {
      const user = await this.get(name, tx);
      if (user.role === 'admin') await this.refuseLastAdmin(tx, user.name);
      await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
      await tx.deleteFrom('users').where('id', '=', user.id).execute();
    });
  }

  /** A new password ends every session of the user: whoever knew the old one is signed out. */
  async setPassword(name: string, password: string): Promise<void> {
    checkPassword(password);
    const hash = await hashPassword(password);
    await inTransaction(this.database, async (tx) => {
      const user = await this.get(name, tx);
      await tx
        .updateTable('users')
        .set({ password_hash: hash, updated_at: nowIso() })
        .where('id', '=', user.id)
        .execute();
      await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    });
  }

  /** The user whose password this is, or undefined; an unknown name costs one hash too. */
  async verify(name: string, password: string): Promise<UserView | undefined> {
    let normalized: string;
    try {
      normalized = normalizeName(name);
    } catch {
      normalized = '';
    }
    const row = normalized
      ? await this.database.db
          .selectFrom('users')
          .select(['id', 'name', 'role', 'created_at', 'password_hash'])
          .where('name', '=', normalized)
          .executeTakeFirst()
      : undefined;
    const bounded = Buffer.byteLength(password) <= 1024 ? password : '';
    const ok = await verifyPassword(bounded, row?.password_hash ?? (await decoyHash()));
    return row && ok && bounded ? view(row) : undefined;
  }

  private async refuseLastAdmin(tx: Executor, name: string): Promise<void> {
    const admins = await tx
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin' satisfies Role)
      .executeTakeFirst();
    if (Number(admins?.n ?? 0) <= 1) throw new DrobotError(userErrors.lastAdmin, { params: { name } });
  }
}
