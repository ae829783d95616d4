import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDrobotError } from '../../src/errors/drobot-error.js';
import type { Database } from '../../src/storage/database.js';
import { tokenHash } from '../../src/users/password.js';
import { DEFAULT_SESSION_POLICY, SessionService } from '../../src/users/session.service.js';
import { UserService } from '../../src/users/user.service.js';
import { DIALECTS } from '../support/databases.js';
import { withTestStore } from '../support/store-hooks.js';

const code = (error: unknown) => (isDrobotError(error) ? error.code : String(error));

for (const dialect of DIALECTS) {
  describe(`users and sessions (${dialect})`, () => {
    let database: Database;
    let users: UserService;
    let sessions: SessionService;
    let now = Date.parse('2026-11-30T08:00:00.000Z');

    withTestStore(dialect, (_store, db) => {
      database = db;
      users = new UserService(database);
      sessions = new SessionService(database, users, DEFAULT_SESSION_POLICY, () => now);
    });

    it('spends a setup token once, even when two requests race for it, and only while nobody exists', async () => {
      const token = await sessions.issueSetupToken();
      assert.ok(token);
      const results = await Promise.allSettled([
        sessions.completeSetup(token, 'root', 'first-password-1'),
        sessions.completeSetup(token, 'other', 'first-password-1'),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      assert.equal(
        won.length,
        1,
        results.map((r) => (r.status === 'rejected' ? code(r.reason) : 'ok')).join(),
      );
      assert.deepEqual(
        (await users.list()).map((u) => [u.name, u.role]),
        [[won[0]?.status === 'fulfilled' ? won[0].value.user.name : '', 'admin']],
      );
      assert.equal(await sessions.issueSetupToken(), undefined);
    });

    it('adds users with unique lower-cased names, checks names, roles and passwords, and keeps only a hash', async () => {
      const luis = await users.add({ name: 'Luis', role: 'agent', password: 'agent-password-1' });
      assert.equal(luis.name, 'luis');
      await assert.rejects(
        users.add({ name: 'LUIS', role: 'agent', password: 'agent-password-1' }),
        (e) => code(e) === 'user_exists',
      );
      await assert.rejects(
        users.add({ name: 'bad name', role: 'agent', password: 'agent-password-1' }),
        (e) => code(e) === 'user_name_invalid',
      );
      await assert.rejects(
        users.add({ name: 'eva', role: 'root', password: 'agent-password-1' }),
        (e) => code(e) === 'user_role_invalid',
      );
      await assert.rejects(
        users.add({ name: 'eva', role: 'agent', password: 'short' }),
        (e) => code(e) === 'password_too_short',
      );
      // Characters, not UTF-16 units: five emoji are five characters.
      await assert.rejects(
        users.add({ name: 'eva', role: 'agent', password: '😀'.repeat(5) }),
        (e) => code(e) === 'password_too_short',
      );
      assert.equal((await users.add({ name: 'eva', role: 'agent', password: '😀'.repeat(10) })).name, 'eva');
      await users.remove('eva');
      // The upper bound is in bytes, and says so.
      await assert.rejects(
        users.add({ name: 'eve', role: 'agent', password: 'é'.repeat(600) }),
        (e) => code(e) === 'password_too_long' && /1024/.test((e as Error).message),
      );
      const row = await database.db
        .selectFrom('users')
        .select('password_hash')
        .where('name', '=', 'luis')
        .executeTakeFirstOrThrow();
      assert.match(row.password_hash, /^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
      assert.equal((await users.verify('LUIS', 'agent-password-1'))?.name, 'luis');
      assert.equal(await users.verify('luis', 'agent-password-2'), undefined);
      assert.equal(await users.verify('nobody', 'agent-password-1'), undefined);
    });

    it('resolves a session until it is idle too long or too old, and deletes it then', async () => {
      const opened = await sessions.signIn('luis', 'agent-password-1', '127.0.0.1');
      assert.equal((await sessions.resolve(opened.cookie))?.user.name, 'luis');
      assert.equal(await sessions.resolve(`${opened.cookie}x`), undefined);
      now += DEFAULT_SESSION_POLICY.idleMs - 1000;
      assert.ok(await sessions.resolve(opened.cookie), 'used just in time: it lives on');
      now += DEFAULT_SESSION_POLICY.idleMs - 1000;
      assert.ok(await sessions.resolve(opened.cookie), 'each use moves the idle limit');
      now += DEFAULT_SESSION_POLICY.idleMs + 1000;
      assert.equal(await sessions.resolve(opened.cookie), undefined, 'idle too long');
      const gone = await database.db
        .selectFrom('sessions')
        .select('id_hash')
        .where('id_hash', '=', tokenHash(opened.cookie))
        .execute();
      assert.deepEqual(gone, []);

      const old = await sessions.signIn('luis', 'agent-password-1', '127.0.0.1');
      for (
        let spent = 0;
        spent < DEFAULT_SESSION_POLICY.absoluteMs;
        spent += DEFAULT_SESSION_POLICY.idleMs / 2
      ) {
        now += DEFAULT_SESSION_POLICY.idleMs / 2;
        await sessions.resolve(old.cookie);
      }
      assert.equal(
        await sessions.resolve(old.cookie),
        undefined,
        'used all along, but older than the absolute limit',
      );
    });

    it('throttles per user and per address within the window, and forgets failures after it', async () => {
      const { maxFailuresPerUser, failureWindowMs } = DEFAULT_SESSION_POLICY;
      for (let i = 0; i < maxFailuresPerUser; i++) {
        await assert.rejects(
          sessions.signIn('luis', 'wrong-password', '10.0.0.1'),
          (e) => code(e) === 'sign_in_failed',
        );
      }
      await assert.rejects(
        sessions.signIn('luis', 'agent-password-1', '10.0.0.2'),
        (e) => code(e) === 'sign_in_throttled',
      );
      now += failureWindowMs + 1000;
      assert.equal((await sessions.signIn('luis', 'agent-password-1', '10.0.0.2')).user.name, 'luis');
    });

    it('ends the sessions of a user whose password changes or who is removed; the last admin stays', async () => {
      const a = await sessions.signIn('luis', 'agent-password-1', '127.0.0.1');
      await users.setPassword('luis', 'agent-password-2');
      assert.equal(await sessions.resolve(a.cookie), undefined);
      const b = await sessions.signIn('luis', 'agent-password-2', '127.0.0.1');
      await users.remove('luis');
      assert.equal(await sessions.resolve(b.cookie), undefined);
      const [admin] = await users.list();
      await assert.rejects(users.remove(admin?.name ?? ''), (e) => code(e) === 'last_admin');
    });
  });
}
