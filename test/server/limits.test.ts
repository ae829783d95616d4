import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { BODY_LIMITS, DEFAULT_LIMITS } from '../../src/server/limits.js';
import { startSilentServer, type SilentServer } from '../support/silent-server.js';
import { ADMIN_TOKEN, startApi, type ApiFixture } from './api-fixture.js';
import { rawHttp } from './raw-http.js';

const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

/** A JSON body of about `bytes` bytes: the value, then spaces (still valid JSON, nothing more to store). */
function padded(value: unknown, bytes: number): string {
  const text = JSON.stringify(value);
  return text + ' '.repeat(Math.max(0, bytes - text.length));
}

const account = (name: string) => ({
  name,
  direction: 'outbound',
  protocol: 'smtp',
  preset: 'domain',
  host: '127.0.0.1',
  port: 9,
  smtpAuth: false,
  outbound: { fromAddress: 'soporte@helpdesk.test' },
});

describe('body sizes and deadlines of the API', () => {
  let api: ApiFixture;
  let silent: SilentServer;

  before(async () => {
    silent = await startSilentServer();
    api = await startApi({ limits: { connectionTimeoutMs: 3000, slowHandlerTimeoutMs: 1500 } });
  });
  after(async () => {
    await api.close();
    await silent.stop();
  });

  const post = (target: string, body: string, lang = 'es') =>
    rawHttp(api.port, { method: 'POST', target, headers: { ...headers, 'accept-language': lang }, body });

  it('takes small bodies on small routes, and says the limit when one is too large', async () => {
    const alarm = { type: 'alarm', to: 'ops@example.test', data: {} };
    const big = await post('/api/notifications', padded(alarm, BODY_LIMITS.default + 1));
    assert.equal(big.status, 413, big.body);
    assert.match(big.body, /body_too_large/);
    assert.match(big.body, new RegExp(`máximo de ${BODY_LIMITS.default} bytes`));
    const english = await rawHttp(api.port, {
      method: 'PATCH',
      target: '/api/cases/1',
      headers: { ...headers, 'accept-language': 'en' },
      body: padded({ status: 'open' }, BODY_LIMITS.default + 1),
    });
    assert.equal(english.status, 413);
    assert.match(english.body, /exceeds the limit of 65536 bytes/);
  });

  it('takes an account with a CA bundle, and an import of many accounts', async () => {
    const created = await post('/api/accounts', padded(account('grande'), 200 * 1024));
    assert.equal(created.status, 201, created.body);
    const tooBig = await post('/api/accounts', padded(account('enorme'), BODY_LIMITS.account + 1));
    assert.equal(tooBig.status, 413);
    const doc = { format: 'drobot-accounts', version: 1, accounts: [account('importada')] };
    const imported = await post('/api/accounts/import', padded(doc, 4 * 1024 * 1024));
    assert.equal(imported.status, 201, imported.body);
    const overImport = await post('/api/accounts/import', padded(doc, BODY_LIMITS.import + 1));
    assert.equal(overImport.status, 413);
    const names = (await api.ctx.accounts.list()).map((a) => a.name).sort();
    assert.deepEqual(names, ['grande', 'importada']);
  });

  it('answers a request that outlives its deadline with 503, in the caller language', async () => {
    await api.ctx.accounts.create({ ...account('lenta'), port: silent.port, timeoutMs: 600_000 });
    const started = Date.now();
    const response = await post('/api/accounts/lenta/test', '{}');
    const elapsed = Date.now() - started;
    console.log(`connection test cut after ${elapsed} ms (deadline 1500 ms)`);
    assert.equal(response.status, 503, response.body);
    assert.match(response.body, /request_timeout/);
    assert.match(response.body, /no terminó en 2 s/);
    assert.ok(elapsed < 60_000);
  });

  it('closes a connection that says nothing', async () => {
    const socket = net.connect(api.port, '127.0.0.1');
    const started = Date.now();
    await new Promise<void>((resolve) => socket.on('close', () => resolve()).on('error', () => undefined));
    const elapsed = Date.now() - started;
    console.log(`silent connection closed after ${elapsed} ms (deadline 3000 ms)`);
    assert.ok(elapsed >= 2500 && elapsed < 60_000, String(elapsed));
  });

  it('keeps Node bounds on headers and a deadline on every request by default', async () => {
    const huge = await rawHttp(api.port, {
      method: 'GET',
      target: '/api/health',
      headers: { 'x-filler': 'a'.repeat(20 * 1024) },
    });
    assert.equal(huge.status, 431);
    const defaults = await startApi();
    try {
      const server = defaults.app.server;
      assert.equal(server.requestTimeout, DEFAULT_LIMITS.requestTimeoutMs);
      assert.equal(server.timeout, DEFAULT_LIMITS.connectionTimeoutMs);
      assert.ok(server.headersTimeout > 0 && server.headersTimeout <= server.requestTimeout);
      assert.equal(server.maxHeadersCount, null, "Node's default of 2000 header lines");
      assert.ok(DEFAULT_LIMITS.connectionTimeoutMs > DEFAULT_LIMITS.slowHandlerTimeoutMs);
      assert.ok(DEFAULT_LIMITS.connectionTimeoutMs > DEFAULT_LIMITS.downloadTimeoutMs);
    } finally {
      await defaults.close();
    }
  });

  it('refuses a JSON body that is broken or names a prototype, and says which, in the caller language', async () => {
    const refusal = async (body: string, lang: string) => {
      const answer = await post('/api/notifications', body, lang);
      assert.equal(answer.status, 400, answer.body);
      const { error } = JSON.parse(answer.body) as { error: { code: string; message: string } };
      assert.equal(error.code, 'malformed_json');
      return error.message;
    };
    const alarm = '"type": "alarm", "to": "ops@example.test", "data": {}';
    assert.match(
      await refusal(`{${alarm}, "__proto__": {"isAdmin": true}}`, 'es'),
      /usa la clave «__proto__», que no se admite/,
    );
    assert.match(
      await refusal(`{${alarm}, "data": {"x": {"__proto__": {}}}}`, 'en'),
      /uses the key "__proto__", which is not accepted/,
    );
    // A key written with escapes is the same key once read.
    assert.match(await refusal(`{${alarm}, "\\u005f_proto__": {}}`, 'en'), /"__proto__"/);
    assert.match(
      await refusal(`{${alarm}, "data": {"constructor": {"prototype": {"polluted": 1}}}}`, 'es'),
      /«constructor\.prototype»/,
    );
    assert.match(await refusal('{"type": "alarm", ', 'es'), /no es JSON válido: termina antes de cerrar/);
    assert.match(await refusal('{"type" "alarm"}', 'es'), /error de sintaxis en el carácter 9\./);
    assert.match(await refusal('{"type": }', 'en'), /not valid JSON: it has a syntax error/);
    // Each says what to change.
    const truncated = await post('/api/notifications', '{"type": "alarm", ', 'es');
    assert.match(
      truncated.body,
      /"hint":"Envíe el cuerpo completo, con sus llaves, corchetes y comillas cerrados\."/,
    );
    // Nothing of a refused body was kept: no notification queued.
    const queued = await rawHttp(api.port, { method: 'GET', target: '/api/outbox', headers });
    assert.equal(queued.status, 200, queued.body);
    assert.doesNotMatch(queued.body, /ops@example\.test/);
    // A key named constructor without a prototype is an ordinary key: the body is read, then validated.
    const read = await post('/api/notifications', `{${alarm.replace('{}', '{"constructor": "x"}')}}`);
    const { error } = JSON.parse(read.body) as { error: { code: string; message: string } };
    assert.equal(error.code, 'validation_failed', read.body);
    assert.match(error.message, /data\.constructor/);
  });
});
