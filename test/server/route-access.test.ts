import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PUBLIC_ROUTES, routesOf, type RegisteredRoute } from '../../src/server/app.js';
import { tokenHash } from '../../src/users/password.js';
import { assertNoLeak } from '../support/store-dump.js';
import { ADMIN_TOKEN, startApi, type ApiFixture } from './api-fixture.js';
import { rawHttp, type RawRequest, type RawResponse } from './raw-http.js';

/** Values for the path parameters, naming things that exist so a handler reached would act on them. */
const PARAMS: Record<string, string> = {
  ref: 'victim',
  id: '1',
  attachmentId: '1',
  msgId: '1',
  address: 'someone@example.test',
};

function concrete(url: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => PARAMS[name] ?? 'x');
}

const hex = (char: string, upper: boolean) => {
  const code = char.charCodeAt(0).toString(16);
  return `%${upper ? code.toUpperCase() : code}`;
};

/** Every other spelling of a path that a router might take for the same route. */
function spellings(path: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < path.length; i++) {
    const char = path[i] ?? '';
    if (/[a-z]/i.test(char)) {
      for (const upper of [false, true]) out.add(path.slice(0, i) + hex(char, upper) + path.slice(i + 1));
    }
    if (char === '/' && i > 0) {
      out.add(`${path.slice(0, i)}%2F${path.slice(i + 1)}`);
      out.add(`${path.slice(0, i)}%2f${path.slice(i + 1)}`);
      out.add(`${path.slice(0, i)}//${path.slice(i + 1)}`);
    }
  }
  out.add(`/${path}`);
  out.add(`${path}/`);
  out.add(`${path}?`);
  out.add(`${path}#`);
  out.add(`${path}%00`);
  out.add(path.replace('/api/', '/api/./'));
  out.add(path.replace('/api/', '/x/../api/'));
  out.delete(path);
  return [...out];
}

const WRONG_TOKEN = `${ADMIN_TOKEN.slice(0, -1)}x`;

describe('every route refuses callers without the admin token, however its path is spelled', () => {
  let api: ApiFixture;
  let routes: readonly RegisteredRoute[];
  let before_: string;
  const snapshot = async () => JSON.stringify(await api.ctx.accounts.list());

  before(async () => {
    api = await startApi();
    await api.ctx.accounts.create({
      name: 'victim',
      direction: 'outbound',
      protocol: 'smtp',
      preset: 'domain',
      host: '127.0.0.1',
      port: 9,
      smtpAuth: false,
      outbound: { fromAddress: 'soporte@helpdesk.test' },
    });
    routes = routesOf(api.app);
    before_ = await snapshot();
  });
  after(() => api.close());

  const send = (route: RegisteredRoute, overrides: Partial<RawRequest> & { token?: string | null }) => {
    const { token = null, ...rest } = overrides;
    const hasBody = route.method !== 'GET' && route.method !== 'HEAD';
    return rawHttp(api.port, {
      method: route.method,
      target: concrete(route.url),
      // A JSON body, so what refuses the call is never its content type.
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        ...rest.headers,
      },
      ...(hasBody ? { body: '{}' } : {}),
      ...(rest.target !== undefined ? { target: rest.target } : {}),
      ...(rest.host !== undefined ? { host: rest.host } : {}),
    });
  };

  it('collects the routes from the server itself; only health, the OAuth callback, sign-in, setup and the console files are public', () => {
    assert.ok(routes.length >= 30, `found ${routes.length} routes`);
    const pub = routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(pub.sort(), [
      'GET /',
      'GET /api/health',
      'GET /api/oauth/callback',
      'GET /assets/*',
      'GET /setup',
      'HEAD /',
      'HEAD /api/health',
      'HEAD /api/oauth/callback',
      'HEAD /assets/*',
      'HEAD /setup',
      'POST /api/session',
      'POST /api/setup',
    ]);
    assert.deepEqual([...PUBLIC_ROUTES].sort(), [
      '/',
      '/api/health',
      '/api/oauth/callback',
      '/api/session',
      '/api/setup',
      '/assets/*',
      '/setup',
    ]);
    const agent = routes.filter((r) => r.access === 'agent').map((r) => `${r.method} ${r.url}`);
    assert.ok(
      agent.every((r) => / \/api\/(cases|session)\b/.test(r)),
      `only the cases and the session are for agents: ${agent.join(', ')}`,
    );
  });

  it('answers 401 without a token and with a wrong one, on every spelling of every protected path', async () => {
    const failures: string[] = [];
    const answers: string[] = [];
    let sent = 0;
    const expect = (what: string, response: RawResponse, status: number) => {
      sent += 1;
      answers.push(JSON.stringify(response));
      if (response.status !== status)
        failures.push(`${what}: ${response.status} ${response.body.slice(0, 80)}`);
    };
    for (const route of routes.filter((r) => r.access !== 'public')) {
      const path = concrete(route.url);
      const name = `${route.method} ${path}`;
      expect(`${name} (no token)`, await send(route, {}), 401);
      expect(`${name} (wrong token)`, await send(route, { token: WRONG_TOKEN }), 401);
      expect(
        `${name} (lower-case bearer, wrong)`,
        await send(route, { headers: { authorization: `bearer ${WRONG_TOKEN}` } }),
        401,
      );
      for (const target of spellings(path)) {
        expect(`${route.method} ${target}`, await send(route, { target }), 401);
      }
      for (const authority of [`127.0.0.1:${api.port}`, 'localhost', 'x']) {
        const target = `http://${authority}${path}`;
        const response = await send(route, { target });
        // A foreign authority is refused as a foreign Host (403) before the token is even looked at.
        expect(`${route.method} ${target}`, response, authority === 'x' ? 403 : 401);
      }
    }
    console.log(`${sent} requests to ${routes.length} routes`);
    assert.deepEqual(failures, []);
    const refusal = JSON.parse(answers[0] ?? '{}') as RawResponse;
    assert.equal(refusal.headers['www-authenticate'], 'Bearer realm="drobot"');
    for (const token of [ADMIN_TOKEN, WRONG_TOKEN]) assertNoLeak(answers.join('\n'), token, 'an answer');
  });

  it('refuses a foreign Host even with the right token, public routes included', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      for (const host of ['evil.example', 'evil.example:80', `127.0.0.1.evil.example:${api.port}`, '']) {
        const response = await send(route, { token: ADMIN_TOKEN, host });
        if (response.status !== 403 && response.status !== 400) {
          failures.push(`${route.method} ${route.url} Host ${host}: ${response.status}`);
        }
        if (host && response.status === 403 && route.method !== 'HEAD') {
          assert.match(response.body, /host_not_allowed/);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it('with a session: 401 when it is dead, 403 for an agent on admin routes, 403 without the CSRF token on changes', async () => {
    await api.ctx.users.add({ name: 'boss', role: 'admin', password: 'boss-password-1' });
    await api.ctx.users.add({ name: 'desk', role: 'agent', password: 'desk-password-1' });
    const open = async (name: string, password: string) => {
      const s = await api.ctx.sessions.signIn(name, password, '127.0.0.1');
      return { cookie: `drobot_session=${s.cookie}`, csrf: s.csrfToken };
    };
    const bossNow = await open('boss', 'boss-password-1');
    const deskNow = await open('desk', 'desk-password-1');
    const dead = await open('desk', 'desk-password-1');
    await api.ctx.database.db
      .updateTable('sessions')
      .set({ last_seen_at: '2000-01-01T00:00:00.000Z' })
      .where('id_hash', '=', tokenHash(dead.cookie.split('=')[1] ?? ''))
      .execute();
    const failures: string[] = [];
    const answers: string[] = [];
    for (const route of routes.filter((r) => r.access !== 'public')) {
      const path = concrete(route.url);
      const name = `${route.method} ${path}`;
      const change = route.method !== 'GET' && route.method !== 'HEAD';
      const sendAs = (who: { cookie: string; csrf: string }, csrf: boolean, target?: string) =>
        send(route, {
          headers: { cookie: who.cookie, ...(csrf ? { 'x-csrf-token': who.csrf } : {}) },
          ...(target ? { target } : {}),
        });
      const check = (what: string, response: RawResponse, ok: (status: number) => boolean) => {
        answers.push(JSON.stringify(response));
        if (!ok(response.status))
          failures.push(`${name} ${what}: ${response.status} ${response.body.slice(0, 80)}`);
      };
      check('dead session', await sendAs(dead, true), (s) => s === 401);
      if (route.access === 'admin') {
        check('agent', await sendAs(deskNow, true), (s) => s === 403);
        for (const target of spellings(path)) {
          check(`agent ${target}`, await sendAs(deskNow, true, target), (s) => s === 403 || s === 401);
        }
      }
      if (change) {
        check('admin without CSRF', await sendAs(bossNow, false), (s) => s === 403);
        if (route.access === 'agent')
          check('agent without CSRF', await sendAs(deskNow, false), (s) => s === 403);
      } else if (route.access === 'agent') {
        check('agent', await sendAs(deskNow, false), (s) => s !== 401 && s !== 403);
      }
    }
    assert.deepEqual(failures, []);
    assert.equal(await snapshot(), before_, 'no request with a session changed an account');
    assertNoLeak(answers.join('\n'), ADMIN_TOKEN, 'an answer');
  });

  it('had no side effect: the account still exists unchanged after DELETE /%61pi/accounts/victim', async () => {
    const deleted = await rawHttp(api.port, { method: 'DELETE', target: '/%61pi/accounts/victim' });
    assert.equal(deleted.status, 401);
    assert.equal(await snapshot(), before_);
    assert.equal((await api.ctx.accounts.get('victim')).name, 'victim');
  });

  it('still serves every spelling the router accepts to the admin, and the public routes to anyone', async () => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const list = await rawHttp(api.port, { method: 'GET', target: '/%61pi/accounts', headers: auth });
    assert.equal(list.status, 200, list.body);
    assert.match(list.body, /"victim"/);
    const spaced = await rawHttp(api.port, {
      method: 'GET',
      target: '/api/accounts',
      headers: { authorization: `bearer  ${ADMIN_TOKEN} ` },
    });
    assert.equal(
      spaced.status,
      200,
      'the scheme is case-insensitive; spaces around the token are not part of it',
    );
    const unknown = await rawHttp(api.port, { method: 'GET', target: '/api/nothing', headers: auth });
    assert.equal(unknown.status, 404, 'with the token, an unknown route is a 404');
    const health = await rawHttp(api.port, { method: 'GET', target: '/api/health' });
    assert.equal(health.status, 200);
    const callback = await rawHttp(api.port, { method: 'GET', target: '/api/oauth/callback?state=x' });
    assert.equal(callback.status, 400, 'reached, and refused by its own state check');
    assert.match(callback.headers['content-type'] ?? '', /^text\/html/);
  });
});
