import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, startApi, type ApiFixture } from './api-fixture.js';

/** What a slow client saw: every byte the server sent, and when the first came and the connection closed. */
interface Dripped {
  readonly text: string;
  readonly firstByteMs: number;
  readonly closedMs: number;
}

/**
 * Sends `head`, then one byte of `drip` every `everyMs` until the server closes the connection (or
 * `giveUpMs` passes), reading everything the server sends meanwhile.
 */
function drip(port: number, head: string, everyMs: number, giveUpMs: number): Promise<Dripped> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let firstByteMs = -1;
    const timer = setInterval(() => {
      if (Date.now() - started > giveUpMs) socket.destroy();
      else if (socket.writable) socket.write(' ');
    }, everyMs);
    socket.on('data', (chunk: Buffer) => {
      if (firstByteMs < 0) firstByteMs = Date.now() - started;
      chunks.push(chunk);
    });
    // Writes after the server's close fail: what it said is what counts.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({
        text: Buffer.concat(chunks).toString('latin1'),
        firstByteMs,
        closedMs: Date.now() - started,
      });
    });
    socket.write(head);
  });
}

// An answer's body need not end in a newline, so the next status line may follow it on the same line.
const statusLines = (text: string) => text.match(/HTTP\/1\.1 \d{3}/g) ?? [];

describe('deadlines hold to within a second, and one request gets one answer', () => {
  let api: ApiFixture;

  // Short deadlines for the test; the defaults are 60 s for both (DEFAULT_LIMITS).
  before(async () => {
    api = await startApi({ limits: { requestTimeoutMs: 3000, handlerTimeoutMs: 1500 } });
  });
  after(() => api.close());

  it('closes a request whose headers drip in once its time is up, with 408, not tens of seconds later', async () => {
    const seen = await drip(
      api.port,
      'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a',
      200,
      15_000,
    );
    console.log(`dripped headers answered after ${seen.firstByteMs} ms (deadline 3000 ms)`);
    assert.deepEqual(statusLines(seen.text), ['HTTP/1.1 408']);
    assert.ok(seen.firstByteMs >= 2900 && seen.firstByteMs < 5000, String(seen.firstByteMs));
    assert.match(seen.text, /"code":"request_too_slow"/);
    assert.ok(seen.closedMs < 5500, `closed after ${seen.closedMs} ms`);
  });

  it('answers a body that drips past the route deadline once, then closes the connection', async () => {
    const head = [
      'POST /api/notifications HTTP/1.1',
      'Host: 127.0.0.1',
      `Authorization: Bearer ${ADMIN_TOKEN}`,
      'Content-Type: application/json',
      'Content-Length: 1000',
      '',
      '{',
    ].join('\r\n');
    const seen = await drip(api.port, head, 200, 15_000);
    console.log(`dripped body answered after ${seen.firstByteMs} ms, closed after ${seen.closedMs} ms`);
    assert.deepEqual(statusLines(seen.text), ['HTTP/1.1 503'], seen.text);
    assert.match(seen.text, /"code":"request_timeout"/);
    assert.match(seen.text, /^connection: close\r$/im);
    assert.ok(seen.firstByteMs >= 1400 && seen.firstByteMs < 2500, String(seen.firstByteMs));
    assert.ok(seen.closedMs < seen.firstByteMs + 1000, `closed after ${seen.closedMs} ms`);
  });

  it('keeps a connection whose request arrived whole open for the next one', async () => {
    const socket = net.connect(api.port, '127.0.0.1');
    const request = 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.write(request);
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.write(request);
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.destroy();
    assert.deepEqual(statusLines(text), ['HTTP/1.1 200', 'HTTP/1.1 200']);
  });
});
