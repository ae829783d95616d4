import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, startApi, type ApiFixture } from './api-fixture.js';
import { assertDrobotAnswer } from './drobot-answer.js';
import { rawExchange, rawExpectContinue, rawHttp, type RawRequest } from './raw-http.js';

const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` };
const JSON_TYPE = { 'content-type': 'application/json' };

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

/** A JSON body of about `bytes` bytes: the value, then spaces. */
function padded(value: unknown, bytes: number): string {
  const text = JSON.stringify(value);
  return text + ' '.repeat(Math.max(0, bytes - text.length));
}

describe('answers the router and Node gave by themselves are DRobot’s, and tell no caller without the token which routes exist', () => {
  let api: ApiFixture;

  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  const send = (request: RawRequest) => rawHttp(api.port, request);

  it('a path parameter too long: 401 without the token, as for a path that does not exist', async () => {
    const long = 'a'.repeat(5000);
    const real = await send({ method: 'PUT', target: `/api/outbox/suppressions/${long}` });
    const unknown = await send({ method: 'PUT', target: `/api/nothing-here/${long}` });
    for (const response of [real, unknown]) {
      assert.equal(response.status, 401, response.body);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.equal(response.headers['www-authenticate'], 'Bearer realm="drobot"');
    }
    assert.equal(real.body, unknown.body);
  });

  it('a path parameter too long, with the token: 414 in the language asked for', async () => {
    const target = `/api/outbox/suppressions/${'a'.repeat(5000)}`;
    const spanish = await send({ method: 'PUT', target, headers: AUTH });
    assert.match(
      assertDrobotAnswer(spanish, 414, 'path_param_too_long'),
      /Un tramo de la dirección de la solicitud tiene 5000 caracteres; el máximo es 254/,
    );
    const english = await send({
      method: 'GET',
      target: `/api/accounts/${'b'.repeat(300)}`,
      headers: { ...AUTH, 'accept-language': 'en' },
    });
    assert.match(
      assertDrobotAnswer(english, 414, 'path_param_too_long'),
      /A segment of the request address has 300 characters; the limit is 254/,
    );
    assert.doesNotMatch(spanish.body + english.body, /FST_|aaaaaaaaaa/);
  });

  it('a path that does not exist is named in the 404 without its query, and cut short', async () => {
    const query = `q=${'x'.repeat(8000)}`;
    const short = await send({ method: 'GET', target: `/api/nothing-here?${query}`, headers: AUTH });
    const codeAndMessage = (response: { status: number; body: string }) => {
      assert.equal(response.status, 404, response.body);
      const { error } = JSON.parse(response.body) as { error: { code: string; message: string } };
      assert.equal(error.code, 'not_found');
      return error.message;
    };
    assert.match(codeAndMessage(short), /\/api\/nothing-here/);
    assert.doesNotMatch(short.body, /xxxx|q=/);
    const long = await send({
      method: 'GET',
      target: `/api/${'n'.repeat(3000)}?${query}`,
      headers: { ...AUTH, 'accept-language': 'en' },
    });
    assert.match(codeAndMessage(long), /"\/api\/n{195}…"/);
    assert.doesNotMatch(long.body, /xxxx|q=/);
    assert.ok(long.body.length < 700, `${long.body.length} bytes: ${long.body.slice(0, 120)}`);
  });

  it('a mail address of 254 characters, the longest there is, can be suppressed and cleared', async () => {
    const address = `${'l'.repeat(64)}@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(58)}.es`;
    assert.equal(address.length, 254);
    const put = await send({ method: 'PUT', target: `/api/outbox/suppressions/${address}`, headers: AUTH });
    assert.equal(put.status, 200, put.body);
    assert.deepEqual(JSON.parse(put.body), { address, suppressed: true });
    const cleared = await send({
      method: 'DELETE',
      target: `/api/outbox/suppressions/${address}`,
      headers: AUTH,
    });
    assert.equal(cleared.status, 204, cleared.body);
  });

  it('Expect: 100-continue: the body is asked for only once the request has passed every check', async () => {
    const doc = padded(
      { format: 'drobot-accounts', version: 1, accounts: [account('grande')] },
      2 * 1024 * 1024,
    );
    const stranger = await rawExpectContinue(api.port, {
      method: 'POST',
      target: '/api/accounts/import',
      headers: JSON_TYPE,
      body: doc,
    });
    assert.equal(stranger.continued, false, 'a caller without the token is not asked for its body');
    assert.equal(stranger.response.status, 401, stranger.response.body);
    assert.equal(stranger.response.headers['x-content-type-options'], 'nosniff');

    const tooLarge = await rawExpectContinue(api.port, {
      method: 'POST',
      target: '/api/notifications',
      headers: { ...AUTH, ...JSON_TYPE },
      body: padded({ type: 'alarm' }, 100 * 1024),
    });
    assert.equal(tooLarge.continued, false, 'a body larger than the route takes is not asked for');
    assert.match(tooLarge.response.body, /body_too_large/);
    assert.equal(tooLarge.response.status, 413);

    const admin = await rawExpectContinue(api.port, {
      method: 'POST',
      target: '/api/accounts/import',
      headers: { ...AUTH, ...JSON_TYPE },
      body: doc,
    });
    assert.equal(admin.continued, true);
    assert.equal(admin.response.status, 201, admin.response.body);
    assert.ok((await api.ctx.accounts.list()).some((a) => a.name === 'grande'));
  });

  it('an expectation other than 100-continue: 417 in the language asked for, with no token needed', async () => {
    const spanish = await send({ method: 'GET', target: '/api/health', headers: { expect: 'magic' } });
    assert.match(assertDrobotAnswer(spanish, 417, 'expectation_failed'), /sólo admite «100-continue»/);
    const english = await send({
      method: 'POST',
      target: '/api/accounts',
      headers: { ...AUTH, ...JSON_TYPE, expect: '200-ok', 'accept-language': 'en' },
      body: JSON.stringify(account('esperada')),
    });
    assert.match(assertDrobotAnswer(english, 417, 'expectation_failed'), /only accepts "100-continue"/);
    assert.ok(!(await api.ctx.accounts.list()).some((a) => a.name === 'esperada'), 'no handler ran');
  });

  it('a request without Host, or with two: 400 in DRobot’s words, the token notwithstanding', async () => {
    const none = await send({ method: 'GET', target: '/api/accounts', host: null, headers: AUTH });
    assert.match(
      assertDrobotAnswer(none, 400, 'host_header_invalid'),
      /debe llevar una cabecera Host, y sólo una \(lleva 0\)/,
    );
    const old = await rawExchange(
      api.port,
      Buffer.from('GET /api/health HTTP/1.0\r\nAccept-Language: en\r\n\r\n'),
    );
    assert.match(assertDrobotAnswer(old, 400, 'host_header_invalid'), /it carries 0/);
    for (const second of ['evil.example', `127.0.0.1:${api.port}`]) {
      const two = await send({
        method: 'GET',
        target: '/api/accounts',
        headers: { ...AUTH, host: second, 'accept-language': 'en' },
      });
      assert.match(
        assertDrobotAnswer(two, 400, 'host_header_invalid'),
        /must carry one Host header, and only one \(it carries 2\)/,
      );
    }
  });

  it('a Host with an empty port (`localhost:`) is served as the default port (RFC 3986 3.2.3, RFC 9110 7.2)', async () => {
    for (const host of ['localhost:', '127.0.0.1:', '[::1]:', 'LocalHost:']) {
      const response = await send({ method: 'GET', target: '/api/accounts', host, headers: AUTH });
      assert.equal(response.status, 200, `Host ${host}: ${response.body}`);
    }
    // A same-origin browser call names the origin without the empty port: it is this server's own.
    const browser = await send({
      method: 'GET',
      target: '/api/health',
      host: 'localhost:',
      headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
    });
    assert.equal(browser.status, 200, browser.body);
    // The absolute form's authority follows the same grammar.
    const absolute = await send({
      method: 'GET',
      target: 'http://localhost:/api/health',
      host: 'localhost:',
    });
    assert.equal(absolute.status, 200, absolute.body);
    // An empty port makes no foreign name ours, and a colon alone is no host.
    const foreign = await send({ method: 'GET', target: '/api/health', host: 'evil.example:' });
    assert.equal(foreign.status, 403, foreign.body);
    assert.match(foreign.body, /host_not_allowed/);
    const bare = await send({ method: 'GET', target: '/api/health', host: ':' });
    assertDrobotAnswer(bare, 400, 'host_header_invalid');
    // The OAuth consent comes back to this server as the caller named it, written the one way.
    await api.ctx.accounts.create({
      name: 'o365-puerto-vacio',
      direction: 'inbound',
      protocol: 'imap',
      preset: 'office365',
      username: 'mesa@contoso.test',
      oauth: { clientId: 'client-1', tenantId: 'contoso' },
    });
    const start = await send({
      method: 'POST',
      target: '/api/accounts/o365-puerto-vacio/oauth/start',
      host: 'localhost:',
      headers: { ...AUTH, ...JSON_TYPE },
      body: '{}',
    });
    assert.equal(start.status, 200, start.body);
    const consent = new URL((JSON.parse(start.body) as { url: string }).url);
    assert.equal(consent.searchParams.get('redirect_uri'), 'http://localhost/api/oauth/callback');
  });

  it('an IPv6 zone in Host stays refused (400), and the answer says what a Host must be', async () => {
    for (const host of ['[fe80::1%25eth0]', '[fe80::1%eth0]:8025', '[::1%251]:']) {
      const english = await send({
        method: 'GET',
        target: '/api/health',
        host,
        headers: { 'accept-language': 'en' },
      });
      const message = assertDrobotAnswer(english, 400, 'host_header_invalid');
      assert.match(
        message,
        /it must be a name, an IPv4 address or an IPv6 address in brackets without a zone/,
      );
      assert.match(message, /a port from 0 to 65535 or none \(the default port\)/);
      const spanish = await send({ method: 'GET', target: '/api/health', host });
      assert.match(
        assertDrobotAnswer(spanish, 400, 'host_header_invalid'),
        /debe ser un nombre, una dirección IPv4 o una IPv6 entre corchetes sin zona/,
      );
    }
  });

  it('a route asked with a method it does not take: 405 with Allow, once the caller may know it', async () => {
    const stranger = await send({ method: 'DELETE', target: '/api/accounts' });
    const nowhere = await send({ method: 'DELETE', target: '/api/nothing-here' });
    assert.equal(stranger.status, 401);
    assert.equal(stranger.body, nowhere.body);
    assert.equal(stranger.headers.allow, undefined);

    const spanish = await send({ method: 'DELETE', target: '/api/accounts?x=1', headers: AUTH });
    assert.match(
      assertDrobotAnswer(spanish, 405, 'method_not_allowed'),
      /La ruta «\/api\/accounts» no admite el método DELETE; admite: GET, HEAD, POST\./,
    );
    assert.equal(spanish.headers.allow, 'GET, HEAD, POST');
    const english = await send({
      method: 'PUT',
      target: `http://127.0.0.1:${api.port}/api/accounts/some%20one`,
      headers: { ...AUTH, ...JSON_TYPE, 'accept-language': 'en' },
      body: '{}',
    });
    assert.match(
      assertDrobotAnswer(english, 405, 'method_not_allowed'),
      /The route "\/api\/accounts\/some%20one" does not take the method PUT; it takes: DELETE, GET, HEAD, PATCH\./,
    );
    assert.equal(english.headers.allow, 'DELETE, GET, HEAD, PATCH');
    // Fastify asked a QUERY for its content type, in English, before finding no route for it.
    const query = await send({ method: 'QUERY', target: '/api/health', headers: AUTH });
    assert.match(assertDrobotAnswer(query, 405, 'method_not_allowed'), /admite: GET, HEAD\./);
  });

  it('OPTIONS: 405 with Allow saying DRobot does not answer it, once the caller may know the route', async () => {
    const stranger = await send({ method: 'OPTIONS', target: '/api/accounts' });
    const nowhere = await send({ method: 'OPTIONS', target: '/api/nothing-here' });
    assert.equal(stranger.status, 401);
    assert.equal(stranger.body, nowhere.body);
    assert.equal(stranger.headers.allow, undefined);

    const spanish = await send({ method: 'OPTIONS', target: '/api/accounts', headers: AUTH });
    const message = assertDrobotAnswer(spanish, 405, 'method_not_allowed');
    assert.match(
      message,
      /^DRobot no responde al método OPTIONS, tampoco a las consultas previas \(CORS\) de los navegadores; la ruta «\/api\/accounts» admite: GET, HEAD, POST\.$/,
    );
    assert.doesNotMatch(message, /otras páginas web/);
    assert.equal(spanish.headers.allow, 'GET, HEAD, POST');
    const english = await send({
      method: 'OPTIONS',
      target: '/api/health',
      headers: { ...AUTH, 'accept-language': 'en' },
    });
    assert.match(
      assertDrobotAnswer(english, 405, 'method_not_allowed'),
      /^DRobot does not answer the OPTIONS method, nor browsers' \(CORS\) preflight requests; the route "\/api\/health" takes: GET, HEAD\.$/,
    );
    assert.equal(english.headers.allow, 'GET, HEAD');
    const unknown = await send({ method: 'OPTIONS', target: '/api/nothing-here', headers: AUTH });
    assert.equal(unknown.status, 404, unknown.body);
    for (const response of [spanish, english]) {
      assert.deepEqual(
        Object.keys(response.headers).filter((name) => name.startsWith('access-control-')),
        [],
      );
    }
  });

  it('an unknown path is answered before its body is read or asked for', async () => {
    const broken = await send({
      method: 'POST',
      target: '/api/nothing-here',
      headers: { ...AUTH, ...JSON_TYPE },
      body: '{"a":',
    });
    assert.equal(broken.status, 404, broken.body);
    assert.match(broken.body, /No existe la ruta «\/api\/nothing-here»/);
    const asked = await rawExpectContinue(api.port, {
      method: 'POST',
      target: '/api/nothing-here',
      headers: { ...AUTH, ...JSON_TYPE },
      body: '{}',
    });
    assert.equal(asked.continued, false);
    assert.equal(asked.response.status, 404);
  });

  it('a request target that is neither a path nor an http(s) URL: 400 saying so', async () => {
    const ftp = await send({ method: 'GET', target: `ftp://127.0.0.1:${api.port}/api/health` });
    assert.match(assertDrobotAnswer(ftp, 400, 'malformed_url'), /debe ser una ruta \(«\/…»\) o una URL http/);
    const english = await send({
      method: 'GET',
      target: 'gopher://127.0.0.1/api/health',
      headers: { 'accept-language': 'en' },
    });
    assert.match(assertDrobotAnswer(english, 400, 'malformed_url'), /it must be a path/);
    // Asterisk form: the router took `*` for `/`; the host check called the Host «-» a foreign name.
    for (const method of ['GET', 'OPTIONS']) {
      const star = await send({ method, target: '*', headers: AUTH });
      assert.match(assertDrobotAnswer(star, 400, 'malformed_url'), /debe ser una ruta/, method);
    }
  });

  it('a body with a content coding is refused, not read as JSON as if it had none', async () => {
    const coded = await send({
      method: 'POST',
      target: '/api/accounts',
      headers: { ...AUTH, ...JSON_TYPE, 'content-encoding': 'gzip' },
      body: JSON.stringify(account('comprimida')),
    });
    assert.match(assertDrobotAnswer(coded, 415, 'content_coding_refused'), /Content-Encoding: gzip/);
    assert.ok(!(await api.ctx.accounts.list()).some((a) => a.name === 'comprimida'));
  });

  it('a JSON body declared in a charset other than UTF-8 is refused, not read as UTF-8', async () => {
    for (const charset of ['latin1', 'ISO-8859-1', '"windows-1252"', 'UTF-16']) {
      const spanish = await send({
        method: 'POST',
        target: '/api/accounts',
        headers: { ...AUTH, 'content-type': `application/json; charset=${charset}` },
        body: JSON.stringify(account('señal')),
      });
      assert.match(
        assertDrobotAnswer(spanish, 415, 'charset_refused'),
        new RegExp(`sólo lee JSON en UTF-8, y el cuerpo se declara en «${charset.replaceAll('"', '')}»`),
      );
    }
    const english = await send({
      method: 'PATCH',
      target: '/api/accounts/x',
      headers: { ...AUTH, 'content-type': 'Application/JSON; Charset=Latin1', 'accept-language': 'en' },
      body: '{}',
    });
    assert.match(
      assertDrobotAnswer(english, 415, 'charset_refused'),
      /only reads JSON in UTF-8, and the body is declared in "Latin1"/,
    );
    assert.ok(!(await api.ctx.accounts.list()).some((a) => a.name === 'señal'), 'no handler ran');
    const readable = [
      'application/json',
      'application/json; charset=utf-8',
      'application/json;charset="UTF-8"',
    ];
    for (const [i, type] of [...readable, 'application/json; charset=US-ASCII'].entries()) {
      const name = `legible-${i}`;
      const response = await send({
        method: 'POST',
        target: '/api/accounts',
        headers: { ...AUTH, 'content-type': type },
        body: JSON.stringify(account(name)),
      });
      assert.equal(response.status, 201, `${type}: ${response.body}`);
    }
  });

  it('a body with a transfer coding other than chunked is refused, not read without undoing it', async () => {
    const body = JSON.stringify(account('troceada'));
    const chunked = (coding: string) =>
      Buffer.from(
        `POST /api/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n` +
          `Content-Type: application/json\r\nAccept-Language: en\r\nTransfer-Encoding: ${coding}\r\n` +
          `Connection: close\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      );
    const gzipChunked = await rawExchange(api.port, chunked('gzip, chunked'));
    assert.match(
      assertDrobotAnswer(gzipChunked, 501, 'transfer_coding_refused'),
      /does not accept the transfer coding "gzip, chunked": only "chunked"/,
    );
    assert.ok(!(await api.ctx.accounts.list()).some((a) => a.name === 'troceada'));
    const plain = await rawExchange(api.port, chunked('chunked'));
    assert.equal(plain.status, 201, plain.body);
  });

  it('CONNECT, a proxy’s method: 400 saying what a target must be (the connection was closed unanswered)', async () => {
    const response = await rawExchange(
      api.port,
      Buffer.from(`CONNECT 127.0.0.1:${api.port} HTTP/1.1\r\nHost: 127.0.0.1:${api.port}\r\n\r\n`),
    );
    assert.match(assertDrobotAnswer(response, 400, 'malformed_url'), /debe ser una ruta/);
    assert.equal(response.headers.connection, 'close');
    const english = await rawExchange(
      api.port,
      Buffer.from('CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\nAccept-Language: en\r\n\r\n'),
    );
    assert.match(assertDrobotAnswer(english, 400, 'malformed_url'), /it must be a path/);
  });
});
