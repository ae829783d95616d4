import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, startApi, type ApiFixture } from './api-fixture.js';
import { assertDrobotAnswer } from './drobot-answer.js';
import { rawHttp, type RawRequest, type RawResponse } from './raw-http.js';

const PUBLIC_URL = 'https://desk.example.org';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** Requests a foreign web page, or a foreign name resolving to this machine, can make. */
describe('cross-site and DNS-rebinding requests are refused', () => {
  let api: ApiFixture;
  const seen: RawResponse[] = [];
  const call = async (request: RawRequest) => {
    const response = await rawHttp(api.port, request);
    seen.push(response);
    return response;
  };
  const lastTest = async () => (await api.ctx.accounts.get('mesa')).lastTest;

  before(async () => {
    api = await startApi({ env: { DROBOT_PUBLIC_URL: PUBLIC_URL } });
    await api.ctx.accounts.create({
      name: 'mesa',
      direction: 'outbound',
      protocol: 'smtp',
      preset: 'domain',
      host: '127.0.0.1',
      port: 9,
      smtpAuth: false,
      timeoutMs: 500,
      outbound: { fromAddress: 'soporte@helpdesk.test' },
    });
    await api.ctx.accounts.create({
      name: 'o365',
      direction: 'inbound',
      protocol: 'imap',
      preset: 'office365',
      username: 'mesa@contoso.test',
      oauth: { clientId: 'client-1', tenantId: 'contoso' },
    });
  });
  after(() => api.close());

  it('serves the loopback names and the public name, on any port, and nothing else', async () => {
    for (const host of [
      `127.0.0.1:${api.port}`,
      'localhost',
      'LOCALHOST:1',
      '[::1]:8025',
      'desk.example.org',
      'Desk.Example.Org:443',
      'localhost:65535',
    ]) {
      const response = await call({ method: 'GET', target: '/api/accounts', host, headers: auth });
      assert.equal(response.status, 200, `Host ${host}: ${response.body}`);
    }
    for (const host of [
      'evil.example',
      `evil.example:${api.port}`,
      'localhost.evil.example',
      '127.0.0.2',
      '[::ffff:127.0.0.1]',
      'desk.example.org.evil.example',
      'under_score.example',
      '[::2]:8025',
      '[v1.fe]',
    ]) {
      const response = await call({
        method: 'GET',
        target: '/api/accounts',
        host,
        headers: { ...auth, 'accept-language': 'en' },
      });
      assert.equal(response.status, 403, `Host ${host}`);
      assert.match(response.body, /host_not_allowed/);
      assert.match(response.body, /DROBOT_PUBLIC_URL/);
    }
    const spanish = await call({ method: 'GET', target: '/api/health', host: 'evil.example' });
    assert.equal(spanish.status, 403);
    assert.match(spanish.body, /no es de DRobot/);
  });

  it('answers a Host that is no host[:port] with 400, not as a foreign name (RFC 9112, 3.2)', async () => {
    for (const host of [
      'local host',
      'localhost:80:80',
      'user@localhost',
      'localhost/api',
      ':',
      'localhost:65536',
      'localhost:8o25',
      'local<host>',
      '',
      ':8025',
      '[::1',
      '[::1]8025',
      '[zz::1]',
      '[fe80::1%25eth0]',
      '127.0.0.1:99999999999',
    ]) {
      const response = await call({
        method: 'GET',
        target: '/api/accounts',
        host,
        headers: { ...auth, 'accept-language': 'en' },
      });
      const message = assertDrobotAnswer(response, 400, 'host_header_invalid');
      assert.match(
        message,
        /^Malformed request: the Host header ".*" is not a server name with its port/,
        host,
      );
    }
    const spanish = await call({ method: 'GET', target: '/api/health', host: 'local host' });
    assert.match(
      assertDrobotAnswer(spanish, 400, 'host_header_invalid'),
      /la cabecera Host «local host» no es un nombre de servidor con su puerto \(nombre\[:puerto\]\)/,
    );
    // In an absolute-form request line, the URL's authority stands in for Host: the same rule holds.
    const target = 'http://user@127.0.0.1/api/health';
    const response = await call({ method: 'GET', target, headers: { 'accept-language': 'en' } });
    assert.match(assertDrobotAnswer(response, 400, 'malformed_url'), /is not a server name with its port/);
    // Also where the router refuses the whole target before the Host is looked at: the authority is named.
    for (const bad of ['http://127.0.0.1:99999/api/health', 'http://[fe80::1%25eth0]/api/health']) {
      const refused = await call({ method: 'GET', target: bad, headers: { 'accept-language': 'en' } });
      assert.match(
        assertDrobotAnswer(refused, 400, 'malformed_url'),
        /^The request address is not valid: ".*" is not a server name with its port/,
        bad,
      );
    }
    const foreign = await call({ method: 'GET', target: 'http://evil.example/api/health' });
    assert.equal(foreign.status, 403, foreign.body);
    assert.match(foreign.body, /host_not_allowed/);
  });

  it('executes no POST that is not declared JSON: text/plain, forms, or no type at all', async () => {
    const target = '/api/accounts/mesa/test';
    const types: Record<string, string>[] = [
      { 'content-type': 'text/plain' },
      { 'content-type': 'text/plain;charset=UTF-8' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'multipart/form-data; boundary=x' },
      { 'content-type': 'application/jsonp' },
      { 'content-type': 'application/json-patch+json' },
      {},
    ];
    for (const headers of types) {
      for (const body of ['{}', undefined]) {
        const response = await call({
          method: 'POST',
          target,
          headers: { ...auth, ...headers },
          ...(body === undefined ? {} : { body }),
        });
        assert.equal(response.status, 415, `${JSON.stringify(headers)} ${body}: ${response.body}`);
        assert.match(response.body, /json_required/);
      }
    }
    assert.equal(await lastTest(), null, 'no connection test ran');
    const english = await call({
      method: 'POST',
      target,
      headers: { ...auth, 'content-type': 'text/plain', 'accept-language': 'en' },
      body: '{}',
    });
    assert.match(english.body, /send the body as JSON/);
  });

  it('runs a POST declared JSON, with a body or without one', async () => {
    for (const type of ['application/json', 'Application/JSON; charset=utf-8']) {
      const response = await call({
        method: 'POST',
        target: '/api/accounts/mesa/test',
        headers: { ...auth, 'content-type': type },
      });
      assert.equal(response.status, 200, response.body);
    }
    assert.equal((await lastTest())?.failedStep, 'tcp');
  });

  it('lets bodiless PUT and DELETE through (a browser must ask first), but a body must be JSON', async () => {
    const target = '/api/outbox/suppressions/someone@example.test';
    assert.equal((await call({ method: 'PUT', target, headers: auth })).status, 200);
    assert.equal((await call({ method: 'DELETE', target, headers: auth })).status, 204);
    const typed = await call({
      method: 'PATCH',
      target: '/api/accounts/mesa',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: '{"timeoutMs": 900}',
    });
    assert.equal(typed.status, 415);
    assert.equal((await api.ctx.accounts.get('mesa')).timeoutMs, 500, 'nothing changed');
  });

  it('refuses calls from other origins and every preflight, and never grants CORS', async () => {
    const preflight = await call({
      method: 'OPTIONS',
      target: '/api/accounts',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'DELETE',
        'access-control-request-headers': 'authorization',
      },
    });
    assert.equal(preflight.status, 403);
    assert.match(preflight.body, /cross_origin_refused/);
    assert.match(preflight.body, /https:\/\/evil\.example/);
    for (const origin of [
      'https://evil.example',
      'http://localhost:3000',
      'null',
      `https://${'a'.repeat(300)}`,
    ]) {
      const response = await call({ method: 'GET', target: '/api/accounts', headers: { ...auth, origin } });
      assert.equal(response.status, 403, origin);
      assert.match(response.body, /cross_origin_refused/);
    }
    for (const site of ['cross-site', 'same-site']) {
      const response = await call({
        method: 'GET',
        target: '/api/accounts',
        headers: { ...auth, 'sec-fetch-site': site },
      });
      assert.equal(response.status, 403, site);
    }
    const same = await call({
      method: 'GET',
      target: '/api/accounts',
      headers: { ...auth, origin: `http://127.0.0.1:${api.port}`, 'sec-fetch-site': 'same-origin' },
    });
    assert.equal(same.status, 200);
    const proxied = await call({
      method: 'GET',
      target: '/api/accounts',
      host: 'desk.example.org',
      headers: { ...auth, origin: PUBLIC_URL },
    });
    assert.equal(proxied.status, 200);
    // The provider sends the browser back from its own site: the callback is a public navigation.
    const callback = await call({
      method: 'GET',
      target: '/api/oauth/callback?state=unknown',
      headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' },
    });
    assert.equal(callback.status, 400);
    for (const response of seen) {
      const cors = Object.keys(response.headers).filter((h) => h.startsWith('access-control-'));
      assert.deepEqual(cors, []);
    }
  });

  it('counts only the public URL and loopback over http as this origin, not the public name over http', async () => {
    const signIn = { name: 'nadie', password: 'no-es-la-buena' };
    for (const [host, origin] of [
      ['desk.example.org', 'http://desk.example.org'],
      ['desk.example.org:80', 'http://desk.example.org:80'],
      ['desk.example.org', 'https://desk.example.org:8443'],
      ['desk.example.org', 'http://localhost'],
      ['localhost:8025', 'https://localhost:8025'],
      ['localhost:8025', 'http://localhost:8026'],
      ['localhost:8025', 'http://127.0.0.1:8025'],
    ] as const) {
      const read = await call({ method: 'GET', target: '/api/accounts', host, headers: { ...auth, origin } });
      assert.equal(read.status, 403, `${host} ${origin}: ${read.body}`);
      assert.match(read.body, /cross_origin_refused/);
      const session = await call({
        method: 'POST',
        target: '/api/session',
        host,
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify(signIn),
      });
      assert.equal(session.status, 403, `${host} ${origin}: ${session.body}`);
    }
    for (const [host, origin] of [
      ['desk.example.org', PUBLIC_URL],
      ['Desk.Example.Org:443', 'https://DESK.example.org'],
      ['localhost:8025', 'http://localhost:8025'],
      [`127.0.0.1:${api.port}`, `http://127.0.0.1:${api.port}`],
      ['[::1]:8025', 'http://[::1]:8025'],
    ] as const) {
      const read = await call({ method: 'GET', target: '/api/accounts', host, headers: { ...auth, origin } });
      assert.equal(read.status, 200, `${host} ${origin}: ${read.body}`);
    }
  });

  it('refuses calls a browser marks as from another site on public routes too, before they run', async () => {
    const failures = async () =>
      (await api.ctx.database.db.selectFrom('sign_in_failures').select('id').execute()).length;
    const before = await failures();
    for (const site of ['cross-site', 'same-site']) {
      for (const [target, body] of [
        ['/api/session', { name: 'nadie', password: 'no-es-la-buena' }],
        ['/api/setup', { token: 'x'.repeat(43), name: 'intruso', password: 'una-clave-larga' }],
      ] as const) {
        const response = await call({
          method: 'POST',
          target,
          headers: { 'content-type': 'application/json', 'sec-fetch-site': site, 'sec-fetch-mode': 'cors' },
          body: JSON.stringify(body),
        });
        assert.equal(response.status, 403, `${site} ${target}: ${response.body}`);
        assert.match(response.body, /cross_origin_refused/);
      }
      const health = await call({
        method: 'GET',
        target: '/api/health',
        headers: { 'sec-fetch-site': site },
      });
      assert.equal(health.status, 403, `${site} /api/health`);
      // Navigating to a page is a link, not a call; a script's request to the same page is a call.
      const asFetch = await call({
        method: 'GET',
        target: '/api/oauth/callback?state=unknown',
        headers: { 'sec-fetch-site': site, 'sec-fetch-mode': 'cors' },
      });
      assert.equal(asFetch.status, 403, `${site} callback fetched`);
      const page = await call({
        method: 'GET',
        target: '/',
        headers: { 'sec-fetch-site': site, 'sec-fetch-mode': 'navigate' },
      });
      assert.notEqual(page.status, 403, `${site} console page`);
      const posted = await call({
        method: 'POST',
        target: '/api/session',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': site, 'sec-fetch-mode': 'navigate' },
        body: JSON.stringify({ name: 'nadie', password: 'no-es-la-buena' }),
      });
      assert.equal(posted.status, 403, `${site} sign-in posted as a navigation`);
    }
    assert.equal(await failures(), before, 'no sign-in was attempted');
    // The same calls from this origin, or from a tool, still run.
    const sameOrigin = await call({
      method: 'POST',
      target: '/api/session',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ name: 'nadie', password: 'no-es-la-buena' }),
    });
    assert.equal(sameOrigin.status, 401, sameOrigin.body);
    assert.ok((await failures()) > before, 'the sign-in ran and its failure counts');
  });

  it('sends the OAuth consent back to the public URL, not to whatever Host the caller named', async () => {
    const start = await call({
      method: 'POST',
      target: '/api/accounts/o365/oauth/start',
      host: `127.0.0.1:${api.port}`,
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(start.status, 200, start.body);
    const url = new URL((JSON.parse(start.body) as { url: string }).url);
    assert.equal(url.searchParams.get('redirect_uri'), `${PUBLIC_URL}/api/oauth/callback`);
  });
});
