/**
 * The POP3 client and the POP3 session against hostile servers: endless and dripping replies, floods
 * far beyond what was asked, silence, a message much larger than listed, and a server that echoes
 * the credentials back. Every attack must end with a clear error naming its step, within a deadline
 * derived from the timeout, with bounded memory.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { isDrobotError, type DrobotError } from '../../src/errors/drobot-error.js';
import type { SourceSettings } from '../../src/transports/mailbox-source.js';
import { connectPop3, openPop3Client } from '../../src/transports/pop3/pop3.connector.js';
import { POP3_PIPELINE_WINDOW, Pop3Session } from '../../src/transports/pop3/pop3.session.js';
import { Pop3Source } from '../../src/transports/pop3/pop3.source.js';
import { DownloadTooLargeError } from '../../src/transports/ports.js';
import {
  isPop3OversizeError,
  Pop3Client,
  Pop3OversizeError,
  type Pop3Limits,
} from '../../src/transports/pop3/index.js';
import { errorOf, underAttack } from '../support/hostile-measure.js';
import {
  numbered,
  pop3Script,
  sleep,
  startHostileServer,
  type CommandHandler,
  type HostilePeer,
  type HostileServer,
} from '../support/hostile-server.js';

const TIMEOUT = 500;
const PASSWORD = 'Hostile-S3cret!pw';
const TOKEN = 'ya29.hostile-access-token-0123456789';
const MiB = 1024 * 1024;

let server: HostileServer;
let tmp: string;

before(async () => {
  server = await startHostileServer();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-pop3-hostile-'));
});
after(async () => {
  await server.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function client(limits: Partial<Pop3Limits> = {}): Promise<Pop3Client> {
  const socket = net.connect({ host: '127.0.0.1', port: server.port });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return new Pop3Client(socket, { timeoutMs: TIMEOUT, limits });
}

function settings(over: Partial<SourceSettings> = {}): SourceSettings {
  return {
    protocol: 'pop3',
    host: '127.0.0.1',
    port: server.port,
    security: 'none',
    timeoutMs: TIMEOUT,
    tls: { insecureSkipVerify: false },
    credentials: { kind: 'password', username: 'desk@example.test', password: PASSWORD },
    sasl: 'auto',
    folder: 'INBOX',
    afterStore: 'delete',
    moveTo: null,
    ...over,
  };
}

/**
 * The error is the catalogue entry expected, at the step expected, and its message says so in both
 * languages (a refused login says it in its own words).
 */
function expectFailure(error: unknown, code: string, step: string): DrobotError {
  assert.ok(isDrobotError(error), String(error));
  assert.equal(error.code, code, error.message);
  assert.equal(error.step, step, error.message);
  for (const lang of ['es', 'en'] as const) {
    const text = error.render(lang).message;
    if (step !== 'auth' || code === 'pop3_protocol_error') {
      assert.ok(text.includes(`${step}`), `${lang}: "${text}" names the step`);
    }
    assert.doesNotMatch(text, /\{\w+\}/, `${lang}: every placeholder filled`);
  }
  return error;
}

/** A sane mailbox of one 10-byte mail, with the command a test makes hostile. */
function oneMail(handlers: Record<string, CommandHandler>) {
  return pop3Script({
    STAT: (p) => p.write('+OK 1 10\r\n'),
    LIST: (p) => p.write('+OK\r\n1 10\r\n.\r\n'),
    UIDL: (p) => p.write('+OK\r\n1 only-one\r\n.\r\n'),
    ...handlers,
  });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('POP3 against hostile servers: greeting', () => {
  it('an endless greeting line (1 GB) fails at once at the greeting, not as "could not connect"', async () => {
    server.script = async (p) => {
      await p.write('+OK ');
      await p.flood('A', 1024 * MiB);
    };
    const cost = await underAttack('endless greeting', TIMEOUT, () => openPop3Client(settings()));
    expectFailure(errorOf(cost), 'pop3_line_too_long', 'greeting');
    assert.ok((server.peers.at(-1)?.sent ?? 0) < 64 * MiB, 'the client stopped reading');
  });

  it('a greeting dripped one byte at a time fails within about the timeout', async () => {
    server.script = (p) => p.drip('+OK slowly ', 50);
    const cost = await underAttack('dripped greeting', TIMEOUT, () => openPop3Client(settings()));
    expectFailure(errorOf(cost), 'pop3_too_slow', 'greeting');
  });

  it('a silent server fails at the greeting within the timeout', async () => {
    server.script = (p) => p.hush();
    const cost = await underAttack('silent server', TIMEOUT, () => openPop3Client(settings()));
    expectFailure(errorOf(cost), 'pop3_timeout', 'greeting');
    assert.ok(cost.ms < TIMEOUT + 1000, `took ${cost.ms} ms`);
  });
});

describe('POP3 against hostile servers: capabilities and login', () => {
  it('a CAPA reply that never ends fails at capabilities', async () => {
    server.script = pop3Script({
      CAPA: async (p) => {
        await p.write('+OK\r\n');
        await p.flood('X-CAPABILITY\r\n');
      },
    });
    const cost = await underAttack('endless CAPA', TIMEOUT, () => openPop3Client(settings()));
    expectFailure(errorOf(cost), 'pop3_reply_too_large', 'capabilities');
  });

  it('a CAPA line of a megabyte fails at capabilities', async () => {
    server.script = pop3Script({
      CAPA: async (p) => {
        await p.write('+OK\r\nSASL ');
        await p.flood('PLAIN ', MiB);
      },
    });
    const cost = await underAttack('huge CAPA line', TIMEOUT, () => openPop3Client(settings()));
    expectFailure(errorOf(cost), 'pop3_line_too_long', 'capabilities');
  });

  it('a CAPA reply dripped line by line fails within about the timeout', async () => {
    server.script = pop3Script({
      CAPA: async (p) => {
        await p.write('+OK\r\n');
        await p.drip('X\r\n', 60);
      },
    });
    const cost = await underAttack('dripped CAPA', TIMEOUT, () => openPop3Client(settings()));
    expectFailure(errorOf(cost), 'pop3_too_slow', 'capabilities');
  });

  it('an endless SASL exchange is given up at the auth step', async () => {
    server.script = pop3Script({
      CAPA: (p) => p.write('+OK\r\nSASL PLAIN\r\n.\r\n'),
      AUTH: async (p) => {
        for (let line: string | undefined = ''; line !== undefined; line = await p.line()) {
          await p.write('+ \r\n');
        }
      },
    });
    const cost = await underAttack('endless AUTH', TIMEOUT, () => openPop3Client(settings()));
    expectFailure(errorOf(cost), 'pop3_protocol_error', 'auth');
  });

  it('a server echoing what was sent in AUTH never puts a secret in an error; replies are bounded and visible', async () => {
    const echo: CommandHandler = async (p, args) => {
      // Everything the client sent, raw and decoded, then a terminal escape and a flood of text.
      const sent = p.received.join(' | ');
      const decoded = p.received.map((l) => Buffer.from(l.split(' ').at(-1) ?? '', 'base64').toString());
      await p.write(`-ERR ${sent} ${decoded.join(' ')} ${args}\x1b[2J${'x'.repeat(6000)}\r\n`);
    };
    for (const [sasl, credentials] of [
      ['plain', { kind: 'password', username: 'desk@example.test', password: PASSWORD }],
      ['auto', { kind: 'oauth2', username: 'desk@example.test', accessToken: TOKEN }],
      ['xoauth2', { kind: 'oauth2', username: 'desk@example.test', accessToken: TOKEN }],
    ] as const) {
      server.script = pop3Script({
        CAPA: (p) => p.write('+OK\r\nSASL PLAIN OAUTHBEARER XOAUTH2\r\n.\r\n'),
        AUTH: echo,
      });
      const cost = await underAttack(`AUTH echo (${sasl})`, TIMEOUT, () =>
        openPop3Client(settings({ sasl, credentials })),
      );
      const error = expectFailure(
        errorOf(cost),
        credentials.kind === 'oauth2' ? 'pop3_oauth_rejected' : 'pop3_auth_failed',
        'auth',
      );
      const sent = server.peers.at(-1)?.received ?? [];
      const blob = sent.find((l) => l.startsWith('AUTH '))?.split(' ')[2] ?? '';
      assert.ok(blob.length > 20, `the AUTH line carried the response: ${sent.join(' / ')}`);
      const shown = JSON.stringify([error.render('es'), error.render('en'), error.message, error.params]);
      for (const secret of [PASSWORD, TOKEN, blob]) assert.ok(!shown.includes(secret), `${sasl}: leaked`);
      const reply = error.serverReply ?? '';
      assert.ok(reply.length <= 513, `serverReply has ${reply.length} characters`);
      assert.match(reply, /\*\*\*\*\*/);
      assert.ok(!reply.includes('\x1b'), 'the escape character is shown, not kept');
    }
  });
});

describe('POP3 against hostile servers: listings', () => {
  it('a LIST that never ends (hundreds of MB) fails at the list step with the mailbox cap', async () => {
    server.script = oneMail({
      LIST: async (p) => {
        await p.write('+OK\r\n');
        await p.flood('1 100\r\n', 700 * MiB);
      },
    });
    const cost = await underAttack('endless LIST', TIMEOUT, () => Pop3Session.open(settings(), connectPop3));
    const error = expectFailure(errorOf(cost), 'pop3_mailbox_too_large', 'list');
    assert.equal(error.params.maxEntries, 200_000);
    assert.equal(error.params.command, 'LIST');
  });

  it('a UIDL of a million distinct entries fails at the list step', async () => {
    server.script = oneMail({
      UIDL: async (p) => {
        await p.write('+OK\r\n');
        await p.stream(numbered(1_000_000, (i) => `${i} uid-${i}\r\n`));
        await p.write('.\r\n');
      },
    });
    const cost = await underAttack('a million UIDL entries', TIMEOUT, () =>
      Pop3Session.open(settings(), connectPop3),
    );
    expectFailure(errorOf(cost), 'pop3_mailbox_too_large', 'list');
  });

  it('a STAT that claims a billion messages fails at the mailbox step', async () => {
    server.script = oneMail({ STAT: (p) => p.write('+OK 1000000000 1\r\n') });
    const cost = await underAttack('huge STAT', TIMEOUT, () => Pop3Session.open(settings(), connectPop3));
    expectFailure(errorOf(cost), 'pop3_mailbox_too_large', 'mailbox');
  });

  it('a UIDL line of a megabyte fails at the list step', async () => {
    server.script = oneMail({
      UIDL: async (p) => {
        await p.write('+OK\r\n1 ');
        await p.flood('u', MiB);
      },
    });
    const cost = await underAttack('huge UIDL line', TIMEOUT, () =>
      Pop3Session.open(settings(), connectPop3),
    );
    expectFailure(errorOf(cost), 'pop3_line_too_long', 'list');
  });

  it('a UIDL dripped one byte at a time fails within about the timeout', async () => {
    server.script = oneMail({
      UIDL: async (p) => {
        await p.write('+OK\r\n');
        await p.drip('7 abc\r\n', 40);
      },
    });
    const cost = await underAttack('dripped UIDL', TIMEOUT, () => Pop3Session.open(settings(), connectPop3));
    expectFailure(errorOf(cost), 'pop3_too_slow', 'list');
  });

  it('silence in the middle of LIST fails at the list step within the timeout', async () => {
    server.script = oneMail({
      LIST: async (p) => {
        await p.write('+OK\r\n1 10\r\n');
        await p.hush();
      },
    });
    const cost = await underAttack('silent LIST', TIMEOUT, () => Pop3Session.open(settings(), connectPop3));
    expectFailure(errorOf(cost), 'pop3_timeout', 'list');
  });
});

describe('POP3 against hostile servers: messages', () => {
  /** LIST says 10 bytes; RETR sends `total` bytes of mail text. */
  function liar(total: number) {
    return oneMail({
      RETR: async (p) => {
        await p.write('+OK 10 octets\r\nSubject: big\r\n\r\n');
        await p.flood('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\r\n', total);
        await p.write('.\r\n');
      },
    });
  }

  it('a message listed as 10 bytes that sends 300 MB stops at the byte cap; the session needs a new connection', async () => {
    server.script = liar(300 * MiB);
    const maxBytes = 2 * MiB;
    const file = path.join(tmp, 'oversize.eml');
    const session = await Pop3Session.open(settings(), connectPop3);
    const [mail] = await session.list({ afterUid: 0, unseenOnly: false });
    assert.deepEqual(mail, { uid: 'only-one', size: 10 });
    const out = fs.createWriteStream(file);
    const cost = await underAttack('300 MB behind a 10-byte LIST', TIMEOUT, () =>
      session.download('only-one', out, { maxBytes }),
    );
    const error = expectFailure(errorOf(cost), 'pop3_oversize', 'retrieve');
    assert.ok(error instanceof Pop3OversizeError && isPop3OversizeError(error));
    assert.equal(error.maxBytes, maxBytes);
    assert.ok(
      error.receivedBytes > maxBytes && error.receivedBytes < maxBytes + MiB,
      `${error.receivedBytes}`,
    );
    // The target got exactly the bytes up to the cap, and was ended (flushed), not destroyed.
    assert.equal(out.writableFinished, true);
    assert.equal(fs.statSync(file).size, maxBytes);
    assert.ok(fs.readFileSync(file).subarray(0, 14).equals(Buffer.from('Subject: big\r\n')));
    assert.equal(session.needsReconnect, true);
    await assert.rejects(session.settle(['only-one']), { code: 'pop3_connection_closed' });
    session.abort();
    assert.ok((server.peers.at(-1)?.sent ?? 0) < 32 * MiB, 'the connection was dropped, not drained');
    // The next session goes on as usual.
    server.script = oneMail({});
    const next = await Pop3Session.open(settings(), connectPop3);
    assert.equal(next.needsReconnect, false);
    await next.close();
  });

  it('without a cap from the caller, the client ceiling applies; the stream API fails the same way', async () => {
    server.script = liar(300 * MiB);
    const pop3 = await client({ maxMessageBytes: MiB });
    await pop3.login('u', 'p');
    const cost = await underAttack('stream past the ceiling', TIMEOUT, async () =>
      readAll(await pop3.retr(1)),
    );
    const error = expectFailure(errorOf(cost), 'pop3_oversize', 'retrieve') as Pop3OversizeError;
    assert.equal(error.maxBytes, MiB);
    assert.equal(pop3.closed, true);
    await assert.rejects(pop3.noop(), { code: 'pop3_connection_closed' });
  });

  it('a message at the cap is not oversize: the cap counts message bytes, not wire bytes', async () => {
    const body = Buffer.from('Subject: x\r\n\r\n.hidden dot\r\nend\r\n', 'latin1');
    server.script = oneMail({
      RETR: (p) => p.write(`+OK\r\n${body.toString('latin1').replace(/^\./gm, '..')}.\r\n`),
    });
    const pop3 = await client();
    await pop3.login('u', 'p');
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    assert.equal(await pop3.retrTo(1, sink, { maxBytes: body.length }), body.length);
    assert.deepEqual(Buffer.concat(chunks), body);
    assert.equal(pop3.closed, false);
    await pop3.quit();
  });

  it('a target that fails (a full disk) fails the call, not the process; the connection goes on', async () => {
    server.script = liar(4 * MiB);
    const pop3 = await client();
    await pop3.login('u', 'p');
    let writes = 0;
    const failing = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, done) {
        writes += 1;
        done(writes > 3 ? new Error('ENOSPC: no space left on device') : null);
      },
    });
    await assert.rejects(pop3.retrTo(1, failing), /ENOSPC/);
    assert.equal(failing.destroyed, true);
    // The rest of the message was read and dropped: the next command gets its own reply.
    await pop3.noop();
    assert.equal(pop3.closed, false);
    await pop3.quit();
  });

  it('a message dripped one byte at a time fails within about the timeout', async () => {
    server.script = oneMail({
      RETR: async (p) => {
        await p.write('+OK\r\nSubject: slow\r\n\r\n');
        await p.drip('z', 40);
      },
    });
    const pop3 = await client();
    await pop3.login('u', 'p');
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    const cost = await underAttack('dripped RETR', TIMEOUT, () => pop3.retrTo(1, sink));
    expectFailure(errorOf(cost), 'pop3_too_slow', 'retrieve');
  });

  it('a large message into a slow target keeps memory flat: the socket waits for the target', async () => {
    const total = 60 * MiB;
    server.script = liar(total);
    const socket = net.connect({ host: '127.0.0.1', port: server.port });
    await new Promise((resolve) => socket.once('connect', resolve));
    const pop3 = new Pop3Client(socket, { timeoutMs: TIMEOUT });
    await pop3.login('u', 'p');
    let written = 0;
    let aheadChecked = false;
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        if (!aheadChecked && written > 4 * MiB) {
          aheadChecked = true;
          // A pause longer than the timeout: waiting for the target never counts against the server.
          void sleep(TIMEOUT * 2).then(() => {
            assert.ok(socket.bytesRead - written < 4 * MiB, `read ${socket.bytesRead - written} B ahead`);
            done();
          });
          return;
        }
        done();
      },
    });
    const cost = await underAttack('60 MB into a slow target', TIMEOUT * 4, () =>
      pop3.retrTo(1, slow, { maxBytes: 100 * MiB }),
    );
    assert.equal(cost.outcome.ok, true, String(cost.outcome.ok ? '' : cost.outcome.error));
    assert.ok(aheadChecked);
    assert.ok(written > total);
    await pop3.quit();
  });
});

describe('POP3 against hostile servers: pipelined downloads', () => {
  const CAPA_PIPELINING = '+OK\r\nUSER\r\nUIDL\r\nPIPELINING\r\n.\r\n';

  /** Three mails listed at 10 bytes; `retr1` answers RETR 1 once RETR 2 and 3 came too (proof of pipelining). */
  function threeMails(retr1: (p: HostilePeer) => Promise<void>) {
    return pop3Script({
      CAPA: (p) => p.write(CAPA_PIPELINING),
      STAT: (p) => p.write('+OK 3 30\r\n'),
      LIST: (p) => p.write('+OK\r\n1 10\r\n2 10\r\n3 10\r\n.\r\n'),
      UIDL: (p) => p.write('+OK\r\n1 m-1\r\n2 m-2\r\n3 m-3\r\n.\r\n'),
      RETR: async (p, args) => {
        assert.equal(args, '1', 'the first RETR is for mail 1');
        const ahead = [await p.line(), await p.line()];
        assert.deepEqual(ahead, ['RETR 2', 'RETR 3'], 'RETR 2 and 3 sent before the reply to RETR 1');
        await retr1(p);
      },
    });
  }

  /** Downloads the three mails at once into collectors; the outcome of each, in order. */
  async function downloadThree(maxBytes: number) {
    const source = await Pop3Source.open(settings());
    assert.equal(source.downloadWindow, POP3_PIPELINE_WINDOW);
    const targets = [1, 2, 3].map(() => new Collector());
    const outcomes = await Promise.allSettled(
      ['m-1', 'm-2', 'm-3'].map((id, i) => source.download(id, targets[i]!, { maxBytes })),
    );
    source.abort();
    return { outcomes, targets };
  }

  it('a body far bigger than listed stops at the cap; the downloads after it reject cleanly', async () => {
    server.script = threeMails(async (p) => {
      await p.write('+OK\r\nSubject: big\r\n\r\n');
      await p.flood('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\r\n', 300 * MiB);
      await p.write('.\r\n+OK\r\nSubject: two\r\n\r\n.\r\n+OK\r\nSubject: three\r\n\r\n.\r\n');
    });
    const cost = await underAttack('300 MB in a pipelined window', TIMEOUT, () => downloadThree(MiB));
    assert.ok(cost.outcome.ok, String(!cost.outcome.ok && cost.outcome.error));
    const { outcomes, targets } = cost.outcome.value;
    const first = outcomes[0]!;
    assert.ok(first.status === 'rejected' && first.reason instanceof DownloadTooLargeError, String(first));
    assert.equal((first.reason as DownloadTooLargeError).maxBytes, MiB);
    assert.equal(targets[0]!.bytes.length, MiB, 'the target got the bytes up to the cap');
    for (const i of [1, 2]) {
      expectFailure(reasonOf(outcomes[i]), 'pop3_connection_closed', 'retrieve');
      assert.equal(targets[i]!.bytes.length, 0);
    }
    assert.ok((server.peers.at(-1)?.sent ?? 0) < 32 * MiB, 'the connection was dropped, not drained');
  });

  it('a server that stops in the middle of the second body: the first is whole, the rest fail within the timeout', async () => {
    server.script = threeMails(async (p) => {
      await p.write('+OK\r\nSubject: one\r\n\r\nfirst\r\n.\r\n');
      await p.write('+OK\r\nSubject: two\r\n\r\nhalf of it');
      await p.hush();
    });
    const cost = await underAttack('silence mid-body in a pipelined window', TIMEOUT, () =>
      downloadThree(MiB),
    );
    assert.ok(cost.outcome.ok, String(!cost.outcome.ok && cost.outcome.error));
    const { outcomes, targets } = cost.outcome.value;
    assert.equal(outcomes[0]?.status, 'fulfilled');
    assert.equal(targets[0]!.bytes.toString('latin1'), 'Subject: one\r\n\r\nfirst\r\n');
    expectFailure(reasonOf(outcomes[1]), 'pop3_timeout', 'retrieve');
    expectFailure(reasonOf(outcomes[2]), 'pop3_connection_closed', 'retrieve');
    assert.ok(!targets[1]!.writableFinished, 'the cut mail was not handed over as whole');
  });

  it('DELEs of a settle go out together; a refused one fails the call, the others count', async () => {
    server.script = pop3Script({
      CAPA: (p) => p.write(CAPA_PIPELINING),
      STAT: (p) => p.write('+OK 3 30\r\n'),
      LIST: (p) => p.write('+OK\r\n1 10\r\n2 10\r\n3 10\r\n.\r\n'),
      UIDL: (p) => p.write('+OK\r\n1 m-1\r\n2 m-2\r\n3 m-3\r\n.\r\n'),
      DELE: async (p, args) => {
        assert.equal(args, '1');
        const ahead = [await p.line(), await p.line()];
        assert.deepEqual(ahead, ['DELE 2', 'DELE 3'], 'every DELE sent before the first reply');
        await p.write('+OK\r\n-ERR no such message\r\n+OK\r\n');
      },
    });
    const source = await Pop3Source.open(settings());
    await assert.rejects(source.settle(['m-1', 'm-2', 'm-3']), {
      code: 'pop3_command_failed',
      serverReply: 'no such message',
    });
    // The accepted ones are done: settling them again sends nothing.
    assert.deepEqual(await source.settle(['m-1', 'm-3']), []);
    await source.close();
  });
});

/** Why a call failed; fails the test when it did not. */
function reasonOf(outcome: PromiseSettledResult<unknown> | undefined): unknown {
  assert.equal(outcome?.status, 'rejected');
  return (outcome as PromiseRejectedResult).reason;
}

/** Collects what a download writes. */
class Collector extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _e: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    callback();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
