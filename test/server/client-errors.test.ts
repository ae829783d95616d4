import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type ApiFixture } from './api-fixture.js';
import { assertDrobotAnswer } from './drobot-answer.js';
import { rawExchange, rawHttp } from './raw-http.js';

describe('requests refused before any route runs are answered like every other', () => {
  let api: ApiFixture;

  // The requests arrive whole at once; only the 408 waits, for the short deadline set here (default 60 s).
  before(async () => {
    api = await startApi({ limits: { requestTimeoutMs: 2000 } });
  });
  after(() => api.close());

  const raw = (text: string) => rawExchange(api.port, Buffer.from(text, 'latin1'));

  it('headers too large: 431, in the server language whatever the request asks', async () => {
    const response = await rawHttp(api.port, {
      method: 'GET',
      target: '/api/health',
      headers: { 'accept-language': 'en', 'x-filler': 'a'.repeat(20 * 1024) },
    });
    const message = assertDrobotAnswer(response, 431, 'headers_too_large');
    assert.match(message, /La dirección y las cabeceras de la solicitud superan el máximo de 16384 bytes/);
    assert.equal(response.headers.connection, 'close');
  });

  it('an address too long counts with the headers: 431 saying so (it spoke of headers only)', async () => {
    const response = await rawHttp(api.port, {
      method: 'GET',
      target: `/api/health?${'q'.repeat(20 * 1024)}`,
    });
    const message = assertDrobotAnswer(response, 431, 'headers_too_large');
    assert.match(message, /La dirección y las cabeceras/);
    assert.match(JSON.parse(response.body).error.hint, /Use una dirección más corta/);
  });

  it('a request line or framing that cannot be read: 400', async () => {
    const broken = [
      'GARBAGE\r\n\r\n',
      'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n',
      'POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}',
      'GET /api/health HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n',
    ];
    for (const text of broken) {
      const response = await raw(text);
      const message = assertDrobotAnswer(response, 400, 'malformed_request');
      assert.match(message, /La solicitud HTTP está mal formada y no se puede leer \(HPE_[A-Z_]+\)/, text);
    }
  });

  it('a path whose percent-encoding is broken: 400, in the language asked for', async () => {
    for (const target of ['/api/%zz', '/api/%E0%A4%A', '/api/accounts/%']) {
      const spanish = await rawHttp(api.port, { method: 'GET', target });
      assert.match(assertDrobotAnswer(spanish, 400, 'malformed_url'), /no va seguido de dos cifras/, target);
    }
    const english = await rawHttp(api.port, {
      method: 'GET',
      target: '/api/%zz',
      headers: { 'accept-language': 'en' },
    });
    assert.match(assertDrobotAnswer(english, 400, 'malformed_url'), /not followed by two hexadecimal digits/);
  });

  it('a request that does not arrive in time: 408', async () => {
    const response = await rawExchange(
      api.port,
      Buffer.from('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'latin1'),
      15_000,
    );
    const message = assertDrobotAnswer(response, 408, 'request_too_slow');
    assert.match(message, /La solicitud no llegó completa en 2 s/);
  });
});
