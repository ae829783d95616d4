import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { inboundOf } from '../../src/inbound/inbound.factory.js';
import * as corpus from '../support/corpus.js';
import { assertNoLeak, dumpStore } from '../support/store-dump.js';
import { DIALECTS } from '../support/databases.js';
import { ADMIN_TOKEN, startApi, type ApiFixture } from './api-fixture.js';
import { rawHttp, type RawResponse } from './raw-http.js';

const ADMIN_PASSWORD = 'correct horse battery staple';
const AGENT_PASSWORD = 'agent-password-42';

interface Call {
  readonly cookie?: string;
  readonly csrf?: string;
  readonly body?: unknown;
  readonly origin?: string;
  readonly headers?: Record<string, string>;
}

/** A browser-like client of one API: it keeps every answer so the suite can look for leaks in all of them. */
function client(api: () => ApiFixture) {
  const seen: RawResponse[] = [];
  const call = async (method: string, target: string, c: Call = {}) => {
    const response = await rawHttp(api().port, {
      method,
      target,
      headers: {
        ...(c.cookie ? { cookie: c.cookie } : {}),
        ...(c.csrf ? { 'x-csrf-token': c.csrf } : {}),
        ...(c.origin ? { origin: c.origin } : {}),
        ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...c.headers,
      },
      ...(c.body !== undefined ? { body: JSON.stringify(c.body) } : {}),
    });
    seen.push(response);
    return response;
  };
  const signIn = async (name: string, password: string) => {
    const response = await call('POST', '/api/session', { body: { name, password } });
    const setCookie = response.headers['set-cookie'] ?? '';
    const cookie = setCookie.split(';')[0] ?? '';
    const body = JSON.parse(response.body) as { csrfToken?: string; user?: { name: string; role: string } };
    return { response, cookie, csrf: body.csrfToken ?? '', body };
  };
  return { call, signIn, seen };
}

const victimAccount = {
  name: 'victim',
  direction: 'outbound',
  protocol: 'smtp',
  preset: 'domain',
  host: '127.0.0.1',
  port: 9,
  smtpAuth: false,
  outbound: { fromAddress: 'soporte@helpdesk.test' },
} as const;

describe('console sign-in, sessions, CSRF and roles', () => {
  let api: ApiFixture;
  const { call, signIn, seen } = client(() => api);
  const exists = async (name: string) => (await api.ctx.accounts.list()).some((a) => a.name === name);

  before(async () => {
    api = await startApi();
    await api.ctx.users.add({ name: 'Ana', role: 'admin', password: ADMIN_PASSWORD });
    await api.ctx.users.add({ name: 'luis', role: 'agent', password: AGENT_PASSWORD });
    await api.ctx.accounts.create(victimAccount);
  });
  after(() => api.close());

  it('signs in with the right password: an HttpOnly, SameSite=Strict cookie (not Secure over http) and a CSRF token', async () => {
    const { response, cookie, csrf, body } = await signIn('ana', ADMIN_PASSWORD);
    assert.equal(response.status, 200, response.body);
    const setCookie = response.headers['set-cookie'] ?? '';
    assert.match(setCookie, /^drobot_session=[A-Za-z0-9_-]{40,}; Path=\/; HttpOnly; SameSite=Strict$/);
    assert.doesNotMatch(setCookie, /Secure/);
    assert.deepEqual(body.user, { name: 'ana', role: 'admin' });
    assert.ok(csrf.length >= 40);
    const me = await call('GET', '/api/session', { cookie });
    assert.equal(me.status, 200);
    assert.deepEqual(JSON.parse(me.body), {
      user: { name: 'ana', role: 'admin' },
      via: 'session',
      csrfToken: csrf,
    });
    const accounts = await call('GET', '/api/accounts', { cookie });
    assert.equal(accounts.status, 200, 'an admin session reaches the admin routes');
  });

  it('refuses a wrong password and an unknown user with the same answer, and sets no cookie', async () => {
    for (const [name, password] of [
      ['ana', `${ADMIN_PASSWORD}x`],
      ['nobody', ADMIN_PASSWORD],
      ['ANA', ''],
    ] as const) {
      const response = await call('POST', '/api/session', { body: { name, password } });
      assert.ok(response.status === 401 || response.status === 400, `${name}: ${response.status}`);
      assert.equal(response.headers['set-cookie'], undefined);
      if (password) assert.equal(JSON.parse(response.body).error.code, 'sign_in_failed');
    }
    const forged = await call('GET', '/api/session', {
      cookie: 'drobot_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    assert.equal(forged.status, 401);
  });

  it("refuses a change without the CSRF token, or with another session's, and changes nothing", async () => {
    const ana = await signIn('ana', ADMIN_PASSWORD);
    const other = await signIn('ana', ADMIN_PASSWORD);
    const draft = { ...victimAccount, name: 'csrf-made' };
    for (const csrf of [undefined, other.csrf, `${ana.csrf}x`, '']) {
      const created = await call('POST', '/api/accounts', {
        cookie: ana.cookie,
        body: draft,
        ...(csrf ? { csrf } : {}),
      });
      assert.equal(created.status, 403, created.body);
      assert.equal(JSON.parse(created.body).error.code, 'csrf_token_invalid');
      const deleted = await call('DELETE', '/api/accounts/victim', {
        cookie: ana.cookie,
        ...(csrf ? { csrf } : {}),
      });
      assert.equal(deleted.status, 403);
    }
    assert.equal(await exists('csrf-made'), false);
    assert.equal(await exists('victim'), true);
    const allowed = await call('POST', '/api/accounts', { cookie: ana.cookie, csrf: ana.csrf, body: draft });
    assert.equal(allowed.status, 201, `the same request with its token passes: ${allowed.body}`);
    assert.equal(await exists('csrf-made'), true);
  });

  it('refuses a foreign Origin even with a valid session and CSRF token', async () => {
    const ana = await signIn('ana', ADMIN_PASSWORD);
    for (const origin of ['https://evil.example', 'http://127.0.0.1:1', 'null']) {
      const response = await call('DELETE', '/api/accounts/victim', {
        cookie: ana.cookie,
        csrf: ana.csrf,
        origin,
      });
      assert.equal(response.status, 403, origin);
      assert.equal(JSON.parse(response.body).error.code, 'cross_origin_refused');
    }
    const signInFromElsewhere = await call('POST', '/api/session', {
      body: { name: 'ana', password: ADMIN_PASSWORD },
      origin: 'https://evil.example',
    });
    assert.equal(signInFromElsewhere.status, 403);
    assert.equal(signInFromElsewhere.headers['set-cookie'], undefined);
    assert.equal(await exists('victim'), true);
  });

  it('lets an agent work the cases but refuses the accounts and users routes with 403, changing nothing', async () => {
    const luis = await signIn('luis', AGENT_PASSWORD);
    assert.equal(luis.response.status, 200);
    assert.deepEqual(luis.body.user, { name: 'luis', role: 'agent' });
    assert.equal((await call('GET', '/api/cases', { cookie: luis.cookie })).status, 200);
    for (const [method, target, body] of [
      ['GET', '/api/accounts', undefined],
      ['GET', '/api/accounts/victim', undefined],
      ['DELETE', '/api/accounts/victim', undefined],
      ['POST', '/api/accounts', { ...victimAccount, name: 'agent-made' }],
      ['POST', '/api/accounts/victim/test', {}],
      ['GET', '/api/users', undefined],
      ['POST', '/api/users', { name: 'mallory', role: 'admin', password: 'mallory-password' }],
      ['GET', '/api/outbox', undefined],
    ] as const) {
      const response = await call(method, target, { cookie: luis.cookie, csrf: luis.csrf, body });
      assert.equal(response.status, 403, `${method} ${target}: ${response.body}`);
      assert.equal(JSON.parse(response.body).error.code, 'forbidden');
    }
    assert.equal(await exists('victim'), true);
    assert.equal(await exists('agent-made'), false);
    assert.deepEqual(
      (await api.ctx.users.list()).map((u) => u.name),
      ['ana', 'luis'],
    );
  });

  it('signs an agent’s note and answer with the signed-in name, whatever author the body claims', async () => {
    const inbox = await api.ctx.accounts.create({
      name: 'inbox',
      direction: 'inbound',
      protocol: 'pop3',
      preset: 'domain',
      host: '127.0.0.1',
      port: 9,
      username: 'desk@example.test',
      password: 'unused-password',
    });
    const { ingestor } = await inboundOf(api.ctx);
    const file = path.join(api.store.dataDir, 'author.eml');
    fs.writeFileSync(file, corpus.plainMail({ from: 'rosa@example.test', subject: 'Firma' }));
    const stored = await ingestor.ingestFile({ accountId: inbox.id, mailbox: 'INBOX', uid: 'a1' }, file, {
      settled: false,
    });
    const caseId = 'caseId' in stored ? (stored.caseId ?? 0) : 0;
    assert.ok(caseId > 0, JSON.stringify(stored));
    const luis = await signIn('luis', AGENT_PASSWORD);
    const note = await call('POST', `/api/cases/${caseId}/notes`, {
      cookie: luis.cookie,
      csrf: luis.csrf,
      body: { text: 'Revisado.', author: 'Ana (administradora)' },
    });
    assert.equal(note.status, 201, note.body);
    const thread = await call('GET', `/api/cases/${caseId}`, { cookie: luis.cookie });
    const authors = (
      JSON.parse(thread.body) as { messages: { kind: string; author: string | null }[] }
    ).messages
      .filter((m) => m.kind === 'note')
      .map((m) => m.author);
    assert.deepEqual(authors, ['luis']);
  });

  it('signs out on the server: the old cookie no longer works, and the browser is told to forget it', async () => {
    const ana = await signIn('ana', ADMIN_PASSWORD);
    const withoutToken = await call('DELETE', '/api/session', { cookie: ana.cookie });
    assert.equal(withoutToken.status, 403, 'signing out is a change: it needs the CSRF token too');
    const out = await call('DELETE', '/api/session', { cookie: ana.cookie, csrf: ana.csrf });
    assert.equal(out.status, 204);
    assert.match(out.headers['set-cookie'] ?? '', /^drobot_session=; .*Max-Age=0/);
    assert.equal((await call('GET', '/api/session', { cookie: ana.cookie })).status, 401);
    assert.equal((await call('GET', '/api/accounts', { cookie: ana.cookie })).status, 401);
  });

  it('ends a session after its idle time and after its absolute lifetime', async () => {
    const policy = api.ctx.sessions.policy;
    const idle = await signIn('ana', ADMIN_PASSWORD);
    const old = await signIn('ana', ADMIN_PASSWORD);
    const fresh = await signIn('ana', ADMIN_PASSWORD);
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    const rows = await api.ctx.database.db
      .selectFrom('sessions')
      .select(['id_hash', 'created_at'])
      .orderBy('created_at', 'desc')
      .execute();
    const [freshRow, oldRow, idleRow] = rows;
    assert.ok(freshRow && oldRow && idleRow);
    await api.ctx.database.db
      .updateTable('sessions')
      .set({ last_seen_at: ago(policy.idleMs + 1000) })
      .where('id_hash', '=', idleRow.id_hash)
      .execute();
    await api.ctx.database.db
      .updateTable('sessions')
      .set({ created_at: ago(policy.absoluteMs + 1000), last_seen_at: ago(1000) })
      .where('id_hash', '=', oldRow.id_hash)
      .execute();
    assert.equal((await call('GET', '/api/session', { cookie: idle.cookie })).status, 401, 'idle too long');
    assert.equal((await call('GET', '/api/session', { cookie: old.cookie })).status, 401, 'too old');
    assert.equal(
      (await call('GET', '/api/session', { cookie: fresh.cookie })).status,
      200,
      'the fresh one lives',
    );
    const left = await api.ctx.database.db.selectFrom('sessions').select('id_hash').execute();
    assert.ok(
      !left.some((r) => r.id_hash === idleRow.id_hash || r.id_hash === oldRow.id_hash),
      'dead sessions are deleted',
    );
  });

  it('ends every session of a user whose password is set anew, and of a removed user', async () => {
    const luis = await signIn('luis', AGENT_PASSWORD);
    await api.ctx.users.setPassword('luis', 'a-brand-new-password');
    assert.equal((await call('GET', '/api/session', { cookie: luis.cookie })).status, 401);
    assert.equal((await signIn('luis', AGENT_PASSWORD)).response.status, 401);
    const again = await signIn('luis', 'a-brand-new-password');
    assert.equal(again.response.status, 200);
    await api.ctx.users.remove('luis');
    assert.equal((await call('GET', '/api/session', { cookie: again.cookie })).status, 401);
  });

  it('lets an administrator manage users through the API, never showing a password or its hash', async () => {
    const ana = await signIn('ana', ADMIN_PASSWORD);
    const as = { cookie: ana.cookie, csrf: ana.csrf };
    const weak = await call('POST', '/api/users', {
      ...as,
      body: { name: 'eva', role: 'agent', password: 'short' },
    });
    assert.equal(weak.status, 400);
    assert.equal(JSON.parse(weak.body).error.field, 'password');
    const added = await call('POST', '/api/users', {
      ...as,
      body: { name: 'Eva', role: 'agent', password: 'eva-password-12' },
    });
    assert.equal(added.status, 201, added.body);
    assert.deepEqual(Object.keys(JSON.parse(added.body)).sort(), ['createdAt', 'id', 'name', 'role']);
    const listed = JSON.parse((await call('GET', '/api/users', as)).body) as Record<string, unknown>[];
    assert.deepEqual(
      listed.map((u) => u.name),
      ['ana', 'eva'],
    );
    assert.ok(listed.every((u) => !('password' in u) && !('passwordHash' in u)));
    const eva = await signIn('eva', 'eva-password-12');
    assert.equal(eva.response.status, 200);
    const changed = await call('PUT', '/api/users/eva/password', {
      ...as,
      body: { password: 'eva-password-34' },
    });
    assert.equal(changed.status, 204, changed.body);
    assert.equal(
      (await call('GET', '/api/session', { cookie: eva.cookie })).status,
      401,
      'her sessions ended',
    );
    assert.equal((await call('DELETE', '/api/users/ana', as)).status, 409, 'the last administrator stays');
    assert.equal((await call('DELETE', '/api/users/eva', as)).status, 204);
    assert.deepEqual(
      (await api.ctx.users.list()).map((u) => u.name),
      ['ana'],
    );
  });

  it('keeps the admin bearer token working, with no CSRF token needed', async () => {
    const response = await call('POST', '/api/accounts', {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: { ...victimAccount, name: 'scripted' },
    });
    assert.equal(response.status, 201, response.body);
  });

  it('never answers with a password, a password hash or a session cookie, and stores neither in clear', async () => {
    const hashes = await api.ctx.database.db.selectFrom('users').select('password_hash').execute();
    const answers = seen
      .map((r) => `${r.body}\n${JSON.stringify({ ...r.headers, 'set-cookie': undefined })}`)
      .join('\n');
    for (const secret of [
      ADMIN_PASSWORD,
      AGENT_PASSWORD,
      'a-brand-new-password',
      ...hashes.map((h) => h.password_hash),
    ]) {
      assertNoLeak(answers, secret, 'an answer');
    }
    const cookies = seen
      .map((r) => (r.headers['set-cookie'] ?? '').split(';')[0]?.split('=')[1] ?? '')
      .filter((v) => v);
    const stored = await dumpStore(api.store);
    for (const secret of [ADMIN_PASSWORD, AGENT_PASSWORD, ...cookies])
      assertNoLeak(stored, secret, 'the database');
  });
});

describe('sign-in throttling, per user and per address', () => {
  let api: ApiFixture;
  const { call, signIn } = client(() => api);
  before(async () => {
    api = await startApi();
    await api.ctx.users.add({ name: 'ana', role: 'admin', password: ADMIN_PASSWORD });
    await api.ctx.users.add({ name: 'bea', role: 'agent', password: AGENT_PASSWORD });
  });
  after(() => api.close());

  it('refuses even the right password once a user had too many failures, and only that user', async () => {
    const { maxFailuresPerUser } = api.ctx.sessions.policy;
    for (let i = 0; i < maxFailuresPerUser; i++) {
      assert.equal((await signIn('ana', `wrong-${i}`)).response.status, 401);
    }
    const blocked = await signIn('ana', ADMIN_PASSWORD);
    assert.equal(blocked.response.status, 429);
    assert.equal(JSON.parse(blocked.response.body).error.code, 'sign_in_throttled');
    assert.equal(blocked.response.headers['set-cookie'], undefined);
    assert.equal((await signIn('bea', AGENT_PASSWORD)).response.status, 200, 'another user still signs in');
  });

  it('does not count a successful sign-in as a failure', async () => {
    await api.ctx.database.db.deleteFrom('sign_in_failures').execute();
    const { maxFailuresPerUser } = api.ctx.sessions.policy;
    for (let i = 0; i < maxFailuresPerUser + 2; i++) {
      assert.equal((await signIn('bea', AGENT_PASSWORD)).response.status, 200);
    }
    const left = await api.ctx.database.db.selectFrom('sign_in_failures').selectAll().execute();
    assert.deepEqual(left, []);
  });

  it('refuses every sign-in from an address with too many failures, whatever the user name', async () => {
    await api.ctx.database.db.deleteFrom('sign_in_failures').execute();
    const { maxFailuresPerAddress } = api.ctx.sessions.policy;
    for (let i = 0; i < maxFailuresPerAddress; i++) {
      const response = await call('POST', '/api/session', {
        body: { name: `guess${i}`, password: 'wrong-password' },
      });
      assert.equal(response.status, 401);
    }
    assert.equal((await signIn('bea', AGENT_PASSWORD)).response.status, 429);
    await api.ctx.database.db.deleteFrom('sign_in_failures').execute();
    assert.equal((await signIn('bea', AGENT_PASSWORD)).response.status, 200, 'the throttle was what refused');
  });
});

for (const dialect of DIALECTS) {
  describe(`sign-in attempts sent at once (${dialect})`, () => {
    let api: ApiFixture;
    const { call, signIn } = client(() => api);
    before(async () => {
      api = await startApi({ dialect });
      await api.ctx.users.add({ name: 'ana', role: 'admin', password: ADMIN_PASSWORD });
    });
    after(() => api.close());

    it('counts attempts sent at once: a burst gets no more guesses than attempts one after another', async () => {
      const { maxFailuresPerUser, maxFailuresPerAddress } = api.ctx.sessions.policy;
      const burst = await Promise.all(
        Array.from({ length: 3 * maxFailuresPerUser }, (_, i) => signIn('ana', `wrong-${i}`)),
      );
      const statuses = burst.map((b) => b.response.status).sort();
      assert.equal(statuses.filter((s) => s === 401).length, maxFailuresPerUser, statuses.join(' '));
      assert.equal(statuses.filter((s) => s === 429).length, 2 * maxFailuresPerUser, statuses.join(' '));
      assert.equal((await signIn('ana', ADMIN_PASSWORD)).response.status, 429);

      await api.ctx.database.db.deleteFrom('sign_in_failures').execute();
      const guesses = await Promise.all(
        Array.from({ length: maxFailuresPerAddress + 10 }, (_, i) =>
          call('POST', '/api/session', { body: { name: `guess${i}`, password: 'wrong-password' } }),
        ),
      );
      assert.equal(guesses.filter((g) => g.status === 401).length, maxFailuresPerAddress);
      assert.equal(guesses.filter((g) => g.status === 429).length, 10);
    });
  });
}

describe('first administrator from the one-time setup address; the cookie behind HTTPS', () => {
  let api: ApiFixture;
  const { call } = client(() => api);
  before(async () => {
    api = await startApi({ env: { DROBOT_PUBLIC_URL: 'https://desk.example.org' } });
  });
  after(() => api.close());

  it('refuses a wrong or expired token, accepts the right one once, and then issues no more', async () => {
    const expired = await api.ctx.sessions.issueSetupToken();
    assert.ok(expired);
    await api.ctx.database.db
      .updateTable('setup_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    const late = await call('POST', '/api/setup', {
      body: { token: expired, name: 'root', password: ADMIN_PASSWORD },
    });
    assert.equal(late.status, 403);
    assert.equal(JSON.parse(late.body).error.code, 'setup_link_invalid');

    const token = await api.ctx.sessions.issueSetupToken();
    assert.ok(token);
    const wrong = await call('POST', '/api/setup', {
      body: { token: `${token}x`, name: 'root', password: ADMIN_PASSWORD },
    });
    assert.equal(wrong.status, 403);
    const weak = await call('POST', '/api/setup', { body: { token, name: 'root', password: 'short' } });
    assert.equal(weak.status, 400);
    assert.equal(JSON.parse(weak.body).error.field, 'password');
    assert.equal(await api.ctx.users.count(), 0, 'a refused setup spends nothing and adds no one');

    const done = await call('POST', '/api/setup', {
      body: { token, name: 'root', password: ADMIN_PASSWORD },
    });
    assert.equal(done.status, 200, done.body);
    assert.deepEqual(JSON.parse(done.body).user, { name: 'root', role: 'admin' });
    const setCookie = done.headers['set-cookie'] ?? '';
    assert.match(
      setCookie,
      /^__Host-drobot_session=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict; Secure$/,
    );
    const again = await call('POST', '/api/setup', {
      body: { token, name: 'root2', password: ADMIN_PASSWORD },
    });
    assert.equal(again.status, 403, 'single use');
    assert.equal(await api.ctx.sessions.issueSetupToken(), undefined, 'no setup address once a user exists');
    assert.deepEqual(
      (await api.ctx.users.list()).map((u) => [u.name, u.role]),
      [['root', 'admin']],
    );
  });
});
