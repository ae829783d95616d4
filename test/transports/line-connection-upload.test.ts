/**
 * A reply's time starts once what was written has gone out: a large mail on a slow link is not given up
 * while it is still being sent, and a server that stops reading is.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isDrobotError } from '../../src/errors/drobot-error.js';
import { LineConnection } from '../../src/transports/net/line-connection.js';

/** How the test server reads what the client writes. */
type Reading = 'slowly' | 'never';

describe('line connection: writing a large payload before the reply', () => {
  let server: net.Server;
  let port: number;
  let reading: Reading = 'slowly';
  const accepted: net.Socket[] = [];
  const PAYLOAD = 48 * 1024 * 1024;
  // Room for a loaded machine between the last byte read and the reply (400 ms was too little beside the
  // rest of the suite); the server's pauses still add up to well past it.
  const TIMEOUT_MS = 1200;
  const PAUSE_MS = 400;

  before(async () => {
    server = net.createServer((socket) => {
      accepted.push(socket);
      socket.on('error', () => undefined);
      if (reading === 'never') {
        socket.pause();
        return;
      }
      // Reads in bursts with pauses of PAUSE_MS, about 3 s in all; answers once everything came.
      let received = 0;
      let sinceBreak = 0;
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length;
        sinceBreak += chunk.length;
        if (received >= PAYLOAD) {
          socket.write('250 2.0.0 all of it\r\n');
          return;
        }
        if (sinceBreak >= 6 * 1024 * 1024) {
          sinceBreak = 0;
          socket.pause();
          setTimeout(() => socket.resume(), PAUSE_MS);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  after(async () => {
    // A paused socket never reads the client's close: the server's end is closed here.
    for (const socket of accepted) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function connect(): Promise<LineConnection> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new LineConnection(socket, { host: '127.0.0.1', port, timeoutMs: TIMEOUT_MS });
  }

  it('waits while the bytes are still going out, longer than the timeout in all', async () => {
    reading = 'slowly';
    const lines = await connect();
    const started = Date.now();
    lines.writeAll([Buffer.alloc(PAYLOAD, 0x61)]);
    assert.equal(await lines.readLine(), '250 2.0.0 all of it');
    lines.close();
    assert.ok(
      Date.now() - started > TIMEOUT_MS,
      `took ${Date.now() - started} ms: the server read too fast to show it`,
    );
  });

  it('gives up on a server that stops reading, within about its timeout', async () => {
    reading = 'never';
    const lines = await connect();
    const started = Date.now();
    lines.writeAll([Buffer.alloc(PAYLOAD, 0x61)]);
    await assert.rejects(lines.readLine(), (error: unknown) => {
      assert.ok(isDrobotError(error));
      assert.equal(error.code, 'reply_timeout');
      return true;
    });
    lines.close();
    assert.ok(Date.now() - started < 4 * TIMEOUT_MS, `gave up after ${Date.now() - started} ms`);
  });
});
