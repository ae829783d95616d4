/**
 * The POP3 client against a scripted in-process server, for what a real server will not do on demand:
 * replies split byte by byte, silence, provider error texts, a connection cut mid-message.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import { after, afterEach, before, describe, it } from 'node:test';
import { isDrobotError, type DrobotError } from '../../src/errors/drobot-error.js';
import { Pop3Client } from '../../src/transports/pop3/pop3.client.js';

/** One accepted connection, driven by a test's script. */
class Peer {
  readonly received: string[] = [];
  /** The bytes as they came, one entry per read: how the client grouped its writes. */
  readonly chunks: string[] = [];
  private buffer = '';
  private waiting: (() => void) | undefined;
  private closed = false;

  constructor(readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      this.chunks.push(d.toString('latin1'));
      this.buffer += d.toString('latin1');
      this.waiting?.();
    });
    socket.on('error', () => undefined);
    // A script waiting for a line that will never come ends with the connection, not never.
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
  }

  async line(): Promise<string> {
    for (;;) {
      const i = this.buffer.indexOf('\r\n');
      if (i !== -1) {
        const line = this.buffer.slice(0, i);
        this.buffer = this.buffer.slice(i + 2);
        this.received.push(line);
        return line;
      }
      if (this.closed) throw new Error('the connection closed before a whole line came');
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Writes each byte in its own TCP segment. */
  async trickle(data: string): Promise<void> {
    for (const byte of Buffer.from(data, 'latin1')) {
      this.socket.write(Buffer.from([byte]));
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  /** Greeting, USER, PASS accepted. */
  async loggedIn(): Promise<void> {
    this.write('+OK scripted ready\r\n');
    await this.line();
    this.write('+OK\r\n');
    await this.line();
    this.write('+OK logged in\r\n');
  }
}

let server: net.Server;
let port: number;
let script: (peer: Peer) => Promise<void> = async () => undefined;
let lastPeer: Peer | undefined;
/**
 * Every socket of the current test, both ends. A test whose assertion fails leaves its client idle and its
 * script waiting for a line: open sockets that would keep the file running until the runner's timeout.
 */
const sockets = new Set<net.Socket>();

function track(socket: net.Socket): net.Socket {
  sockets.add(socket);
  socket.once('close', () => sockets.delete(socket));
  return socket;
}

async function openSocket(): Promise<net.Socket> {
  const socket = track(net.connect({ host: '127.0.0.1', port }));
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return socket;
}

async function connect(timeoutMs = 1000): Promise<Pop3Client> {
  return new Pop3Client(await openSocket(), { timeoutMs });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

function expectError(code: string, step: string) {
  return (error: unknown): boolean => {
    assert.ok(isDrobotError(error), String(error));
    assert.equal(error.code, code);
    assert.equal(error.step, step);
    return true;
  };
}

describe('POP3 client against a scripted server', () => {
  before(async () => {
    server = net.createServer((socket) => {
      const peer = new Peer(track(socket));
      lastPeer = peer;
      script(peer).catch(() => socket.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterEach(() => {
    for (const socket of sockets) socket.destroy();
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('finds the end of a multi-line reply split byte by byte, and the reply after it', async () => {
    script = async (peer) => {
      await peer.loggedIn();
      await peer.line(); // RETR 1
      // The terminator arrives together with the (early) reply to the next command.
      await peer.trickle('+OK 40 octets\r\nSubject: t\r\n\r\n..stuffed\r\nlast\r\n.\r\n+OK noop\r\n');
      await peer.line(); // NOOP
      await peer.line(); // QUIT
      peer.write('+OK bye\r\n');
    };
    const client = await connect();
    await client.login('u', 'p');
    const body = await readAll(await client.retr(1));
    assert.equal(body.toString('latin1'), 'Subject: t\r\n\r\n.stuffed\r\nlast\r\n');
    await client.noop();
    await client.quit();
  });

  it('pipelined commands made in one turn leave in one write, and their replies are read in order', async () => {
    script = async (peer) => {
      await peer.loggedIn();
      await peer.line(); // CAPA
      peer.write('+OK\r\nPIPELINING\r\nUIDL\r\n.\r\n');
      for (let i = 1; i <= 4; i++) await peer.line(); // the RETRs, answered only once all are here
      peer.write([1, 2, 3, 4].map((n) => `+OK\r\nmail ${n}\r\n.\r\n`).join(''));
      for (let i = 1; i <= 4; i++) await peer.line(); // the DELEs
      peer.write('+OK\r\n'.repeat(4));
      await peer.line(); // QUIT
      peer.write('+OK bye\r\n');
    };
    const client = await connect();
    await client.login('u', 'p');
    assert.equal(await client.usePipelining(), true);
    const bodies = await Promise.all(
      [1, 2, 3, 4].map(async (n) => {
        const target = new PassThrough();
        const [body] = await Promise.all([readAll(target), client.retrTo(n, target)]);
        return body;
      }),
    );
    assert.deepEqual(
      bodies.map((b) => b.toString('latin1')),
      ['mail 1\r\n', 'mail 2\r\n', 'mail 3\r\n', 'mail 4\r\n'],
    );
    await Promise.all([1, 2, 3, 4].map((n) => client.dele(n)));
    await client.quit();
    const chunks = lastPeer?.chunks ?? [];
    // Over TLS each write is a record and a system call: four commands, one write.
    assert.ok(chunks.includes('RETR 1\r\nRETR 2\r\nRETR 3\r\nRETR 4\r\n'), JSON.stringify(chunks));
    assert.ok(chunks.includes('DELE 1\r\nDELE 2\r\nDELE 3\r\nDELE 4\r\n'), JSON.stringify(chunks));
  });

  it('a server that never greets times out within the timeout plus a margin', async () => {
    script = async () => undefined;
    const client = await connect(300);
    const started = Date.now();
    await assert.rejects(client.greeting(), (error: unknown) => {
      expectError('pop3_timeout', 'greeting')(error);
      assert.equal((error as DrobotError).retryable, true);
      assert.equal((error as DrobotError).params.timeoutMs, 300);
      return true;
    });
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 290 && elapsed < 800, `took ${elapsed} ms`);
    // The connection was closed after the timeout, and says so.
    await assert.rejects(client.noop(), { code: 'pop3_connection_closed' });
  });

  it('silence after PASS is a timeout at the auth step', async () => {
    script = async (peer) => {
      peer.write('+OK ready\r\n');
      await peer.line();
      peer.write('+OK\r\n');
      await peer.line();
    };
    const client = await connect(300);
    await assert.rejects(client.login('u', 'p'), expectError('pop3_timeout', 'auth'));
  });

  it('binary bytes (a TLS port) or -ERR as a greeting are a bad greeting, reported at once', async () => {
    script = async (peer) => peer.write(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]));
    const client = await connect(5000);
    const started = Date.now();
    await assert.rejects(client.greeting(), (error: unknown) => {
      expectError('pop3_bad_greeting', 'greeting')(error);
      assert.match((error as DrobotError).serverReply ?? '', /^\\x15\\x03/);
      return true;
    });
    assert.ok(Date.now() - started < 1000);

    script = async (peer) => peer.write('-ERR [SYS/TEMP] too many connections\r\n');
    const busy = await connect();
    await assert.rejects(busy.greeting(), expectError('pop3_bad_greeting', 'greeting'));
  });

  it("Gmail's refusals map to their own errors, with the server's words and never the password", async () => {
    const replies = [
      ['-ERR [AUTH] Username and password not accepted.', 'pop3_auth_failed'],
      [
        '-ERR [AUTH] Application-specific password required: https://support.google.com/accounts/answer/185833',
        'pop3_app_password_required',
      ],
      ['-ERR [IN-USE] Mailbox locked', 'pop3_mailbox_in_use'],
      ['-ERR bad password Sup3r-Secret for you', 'pop3_auth_failed'],
    ] as const;
    for (const [reply, code] of replies) {
      script = async (peer) => {
        peer.write('+OK Gpop ready\r\n');
        await peer.line();
        peer.write('+OK send PASS\r\n');
        await peer.line();
        peer.write(`${reply}\r\n`);
      };
      const client = await connect();
      await assert.rejects(client.login('ana@gmail.test', 'Sup3r-Secret'), (error: unknown) => {
        expectError(code, 'auth')(error);
        const rendered = JSON.stringify((error as DrobotError).render('en'));
        assert.ok(!rendered.includes('Sup3r-Secret'));
        // A reply that echoes the password is withheld whole.
        const expected = reply.includes('Sup3r-Secret') ? '*****' : reply.slice(5);
        assert.equal((error as DrobotError).serverReply, expected);
        return true;
      });
      client.close();
    }
  });

  it('a connection cut in the middle of RETR fails the stream and the session', async () => {
    script = async (peer) => {
      await peer.loggedIn();
      await peer.line();
      peer.write('+OK\r\nSubject: half\r\n\r\nthe first half of');
      await new Promise((r) => setTimeout(r, 20));
      peer.socket.destroy();
    };
    const client = await connect();
    await client.login('u', 'p');
    const stream = await client.retr(1);
    await assert.rejects(readAll(stream), expectError('pop3_connection_closed', 'retrieve'));
    await assert.rejects(client.noop(), { code: 'pop3_connection_closed' });
  });

  it('a server stalling mid-message times out the stream', async () => {
    script = async (peer) => {
      await peer.loggedIn();
      await peer.line();
      peer.write('+OK\r\nSubject: slow\r\n\r\nstarts and then');
    };
    const client = await connect(300);
    await client.login('u', 'p');
    await assert.rejects(readAll(await client.retr(1)), expectError('pop3_timeout', 'retrieve'));
    lastPeer?.socket.destroy();
  });

  it('a failed XOAUTH2 login answers the error continuation with an empty line; long tokens go after "+"', async () => {
    const json = '{"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}';
    const token = `ya29.${'a'.repeat(400)}`;
    script = async (peer) => {
      peer.write('+OK ready\r\n');
      const auth = await peer.line();
      if (auth !== 'AUTH XOAUTH2') throw new Error(`unexpected ${auth}`);
      peer.write('+ \r\n');
      await peer.line(); // the XOAUTH2 response
      peer.write(`+ ${Buffer.from(json).toString('base64')}\r\n`);
      const ack = await peer.line();
      peer.write(
        ack === '' ? '-ERR [AUTH] Invalid credentials (Failure)\r\n' : '-ERR wrong acknowledgement\r\n',
      );
    };
    const client = await connect();
    await assert.rejects(
      client.authenticate(
        'XOAUTH2',
        { kind: 'oauth2', username: 'ana@gmail.test', accessToken: token },
        { host: 'h', port: 995 },
      ),
      (error: unknown) => {
        expectError('pop3_oauth_rejected', 'auth')(error);
        const reply = (error as DrobotError).serverReply ?? '';
        assert.match(reply, /Invalid credentials/);
        assert.match(reply, /"status":"400"/);
        assert.ok(!reply.includes(token));
        return true;
      },
    );
    const sent = lastPeer?.received ?? [];
    assert.equal(sent[0], 'AUTH XOAUTH2');
    assert.equal(
      Buffer.from(sent[1] ?? '', 'base64').toString(),
      `user=ana@gmail.test\u0001auth=Bearer ${token}\u0001\u0001`,
    );
    assert.equal(sent[2], '');
    client.close();
  });

  it('without CAPA or SASL, logIn falls back to USER/PASS; an OAuth login then has no common mechanism', async () => {
    script = async (peer) => {
      peer.write('+OK old server\r\n');
      await peer.line(); // CAPA
      peer.write('-ERR unknown command\r\n');
      await peer.line();
      peer.write('+OK\r\n');
      await peer.line();
      peer.write('+OK in\r\n');
    };
    const client = await connect();
    const used = await client.logIn(
      { kind: 'password', username: 'u', password: 'p' },
      { method: 'auto', host: 'h', port: 110 },
    );
    assert.equal(used, 'USER');
    assert.deepEqual(lastPeer?.received, ['CAPA', 'USER u', 'PASS p']);
    client.close();

    script = async (peer) => {
      peer.write('+OK modern\r\n');
      await peer.line();
      peer.write('+OK\r\nUSER\r\nSASL PLAIN LOGIN\r\n.\r\n');
    };
    const oauth = await connect();
    await assert.rejects(
      oauth.logIn(
        { kind: 'oauth2', username: 'u', accessToken: 't' },
        { method: 'auto', host: 'h', port: 110 },
      ),
      (error: unknown) => {
        expectError('pop3_no_common_mechanism', 'auth')(error);
        assert.equal((error as DrobotError).params.offered, 'PLAIN, LOGIN');
        return true;
      },
    );
    oauth.close();
  });

  it('a line break in a password is refused before anything is sent', async () => {
    script = async (peer) => {
      peer.write('+OK ready\r\n');
      await peer.line();
      peer.write('+OK\r\n');
      await peer.line();
    };
    const client = await connect();
    await assert.rejects(client.login('u', 'p\r\nDELE 1'), (error: unknown) => {
      expectError('pop3_protocol_error', 'auth')(error);
      assert.ok(!(error as DrobotError).message.includes('DELE'));
      return true;
    });
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(lastPeer?.received, ['USER u']);
  });

  it('STLS refused is reported at the tls step; bytes after its +OK are refused', async () => {
    const upgradeToTls = () => Promise.reject(new Error('must not be called'));
    script = async (peer) => {
      peer.write('+OK ready\r\n');
      await peer.line();
      peer.write('-ERR TLS not configured\r\n');
    };
    const refused = new Pop3Client(await openSocket(), { timeoutMs: 1000, upgradeToTls });
    await assert.rejects(refused.startTls(), (error: unknown) => {
      expectError('pop3_stls_unavailable', 'tls')(error);
      assert.equal((error as DrobotError).serverReply, 'TLS not configured');
      return true;
    });
    refused.close();

    script = async (peer) => {
      peer.write('+OK ready\r\n');
      await peer.line();
      peer.write('+OK begin TLS\r\n+OK injected\r\n');
    };
    const injected = new Pop3Client(await openSocket(), { timeoutMs: 1000, upgradeToTls });
    await assert.rejects(injected.startTls(), expectError('pop3_protocol_error', 'tls'));
  });
});
