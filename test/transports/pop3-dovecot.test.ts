import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { Readable } from 'node:stream';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { isDrobotError } from '../../src/errors/drobot-error.js';
import { Pop3Client } from '../../src/transports/pop3/pop3.client.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createTestPki, type TestPki } from '../support/pki.js';

const ANA = 'ana@example.test';
const ANA_PASSWORD = 'contraseña-ñ1';
const BEA = 'bea@example.test';
const TIMEOUT = 3000;
const GOOD_TOKEN = 'tok-valid-123';
const LONG_USER = 'long@example.test';
const LONG_PASSWORD = `${'ñ'.repeat(150)}-${'p'.repeat(150)}`;

let pki: TestPki;
let dovecot: DovecotServer;
let introspection: http.Server;

async function connectPlain(port: number): Promise<Pop3Client> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return new Pop3Client(socket, {
    timeoutMs: TIMEOUT,
    upgradeToTls: (plain) =>
      new Promise((resolve, reject) => {
        const secure = tls.connect({ socket: plain, ca: pki.caPem, servername: 'localhost' });
        secure.once('secureConnect', () => resolve(secure)).once('error', reject);
      }),
  });
}

async function connectTls(port: number): Promise<Pop3Client> {
  const socket = tls.connect({ host: '127.0.0.1', port, ca: pki.caPem });
  await new Promise((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
  return new Pop3Client(socket, { timeoutMs: TIMEOUT });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** A fresh mailbox per test: each test uses a user of its own, all made before the server starts. */
const SPARE_USERS = Array.from({ length: 8 }, (_, i) => ({ user: `u${i}@example.test`, password: 'pw' }));
let userCount = 0;
function freshUser(): string {
  const spare = SPARE_USERS[userCount++];
  assert.ok(spare, 'more spare users needed');
  return spare.user;
}

function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

describe('POP3 client against Dovecot', () => {
  before(async () => {
    introspection = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const token = new URLSearchParams(body).get('token');
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(token === GOOD_TOKEN ? { active: true, username: ANA } : { active: false }));
      });
    });
    await new Promise<void>((resolve) => introspection.listen(0, '127.0.0.1', resolve));
    const { port } = introspection.address() as net.AddressInfo;
    pki = createTestPki();
    dovecot = await startDovecot({
      pki,
      users: [
        { user: ANA, password: ANA_PASSWORD },
        { user: BEA, password: 'bea-pw' },
        { user: LONG_USER, password: LONG_PASSWORD },
        ...SPARE_USERS,
      ],
      oauth2: {
        introspectionUrl: `http://127.0.0.1:${port}/introspect`,
        clientId: 'drobot',
        clientSecret: 'x',
      },
    });
  });
  after(async () => {
    await dovecot?.stop();
    introspection?.close();
  });

  it('plain: greeting, capabilities, USER/PASS, STAT', async () => {
    dovecot.deliver(BEA, Buffer.from(crlf('Subject: uno\n\nhola\n')));
    const client = await connectPlain(dovecot.ports.pop3);
    const greeting = await client.greeting();
    assert.match(greeting.text, /ready/i);
    const caps = await client.capabilities();
    assert.ok(caps.includes('STLS'), caps.join(','));
    assert.ok(caps.includes('UIDL'));
    assert.ok(caps.some((c) => /^SASL .*PLAIN/.test(c)));
    assert.equal(client.secure, false);
    await client.login(BEA, 'bea-pw');
    const stat = await client.stat();
    assert.equal(stat.count, 1);
    assert.ok(stat.size > 0);
    await client.quit();
  });

  it('STLS upgrades the connection, then AUTH PLAIN with a UTF-8 password', async () => {
    const client = await connectPlain(dovecot.ports.pop3);
    await client.startTls();
    assert.equal(client.secure, true);
    assert.ok((await client.capabilities()).some((c) => c.startsWith('SASL')));
    await client.authenticate(
      'PLAIN',
      { kind: 'password', username: ANA, password: ANA_PASSWORD },
      { host: '127.0.0.1', port: 0 },
    );
    await client.noop();
    await client.quit();
  });

  it('implicit TLS with AUTH LOGIN; logIn("auto") picks PLAIN', async () => {
    const login = await connectTls(dovecot.ports.pop3s);
    assert.equal(login.secure, true);
    await login.authenticate(
      'LOGIN',
      { kind: 'password', username: ANA, password: ANA_PASSWORD },
      { host: 'x', port: 0 },
    );
    await login.quit();
    const auto = await connectTls(dovecot.ports.pop3s);
    const used = await auto.logIn(
      { kind: 'password', username: ANA, password: ANA_PASSWORD },
      { method: 'auto', host: '127.0.0.1', port: dovecot.ports.pop3s },
    );
    assert.equal(used, 'PLAIN');
    await auto.quit();
  });

  it('an AUTH PLAIN response too long for the AUTH line is sent after the "+" continuation', async () => {
    const client = await connectTls(dovecot.ports.pop3s);
    const credentials = { kind: 'password', username: LONG_USER, password: LONG_PASSWORD } as const;
    await client.authenticate('PLAIN', credentials, { host: 'x', port: 0 });
    assert.equal((await client.stat()).count, 0);
    await client.quit();
  });

  it('a wrong password fails at the auth step, for USER/PASS and for SASL, without the password', async () => {
    for (const attempt of ['user', 'plain', 'login'] as const) {
      const client = await connectPlain(dovecot.ports.pop3);
      const wrong = 'not-the-password-42';
      const promise =
        attempt === 'user'
          ? client.login(ANA, wrong)
          : client.authenticate(
              attempt === 'plain' ? 'PLAIN' : 'LOGIN',
              { kind: 'password', username: ANA, password: wrong },
              { host: 'x', port: 0 },
            );
      await assert.rejects(promise, (error: unknown) => {
        assert.ok(isDrobotError(error));
        assert.equal(error.code, 'pop3_auth_failed', attempt);
        assert.equal(error.step, 'auth');
        assert.ok(error.serverReply && error.serverReply.length > 0);
        assert.ok(!JSON.stringify(error.render('es')).includes(wrong));
        assert.ok(!error.message.includes(wrong));
        return true;
      });
      // A refused login leaves the session usable for another attempt.
      await client.login(ANA, ANA_PASSWORD);
      await client.quit();
    }
  });

  it('XOAUTH2 and OAUTHBEARER with a valid token log in; an invalid one is refused after the error continuation', async () => {
    for (const mechanism of ['XOAUTH2', 'OAUTHBEARER'] as const) {
      const ok = await connectTls(dovecot.ports.pop3s);
      await ok.authenticate(
        mechanism,
        { kind: 'oauth2', username: ANA, accessToken: GOOD_TOKEN },
        { host: 'localhost', port: dovecot.ports.pop3s },
      );
      await ok.stat();
      await ok.quit();

      const bad = await connectTls(dovecot.ports.pop3s);
      await assert.rejects(
        bad.authenticate(
          mechanism,
          { kind: 'oauth2', username: ANA, accessToken: 'expired-token' },
          { host: 'localhost', port: dovecot.ports.pop3s },
        ),
        (error: unknown) => {
          assert.ok(isDrobotError(error));
          assert.equal(error.code, 'pop3_oauth_rejected', mechanism);
          assert.equal(error.step, 'auth');
          assert.ok(!(error.serverReply ?? '').includes('expired-token'));
          return true;
        },
      );
      // The exchange ended cleanly: the same connection still answers.
      await bad.login(ANA, ANA_PASSWORD);
      await bad.quit();
    }
    const auto = await connectTls(dovecot.ports.pop3s);
    const used = await auto.logIn(
      { kind: 'oauth2', username: ANA, accessToken: GOOD_TOKEN },
      { method: 'auto', host: 'localhost', port: 995 },
    );
    assert.equal(used, 'OAUTHBEARER');
    await auto.quit();
  });

  it('UIDL, LIST and STAT agree; UIDLs are stable across sessions', async () => {
    const user = freshUser();
    for (let i = 0; i < 3; i++) dovecot.deliver(user, Buffer.from(crlf(`Subject: m${i}\n\nbody ${i}\n`)));
    const first = await connectPlain(dovecot.ports.pop3);
    await first.login(user, 'pw');
    const stat = await first.stat();
    const list = await first.list();
    const uidl = await first.uidl();
    assert.equal(stat.count, 3);
    assert.deepEqual(
      list.map((e) => e.n),
      [1, 2, 3],
    );
    assert.equal(
      list.reduce((sum, e) => sum + e.size, 0),
      stat.size,
    );
    assert.equal(uidl.length, 3);
    // Commands fired together still go one exchange at a time.
    const [uidl2, list2, stat2] = await Promise.all([first.uidl(), first.list(), first.stat()]);
    assert.deepEqual(uidl2, uidl);
    assert.deepEqual(list2, list);
    assert.deepEqual(stat2, stat);
    for (const entry of uidl) assert.match(entry.uid, /^[0-9a-fA-F]{16}$/);
    await first.quit();
    const second = await connectPlain(dovecot.ports.pop3);
    await second.login(user, 'pw');
    assert.deepEqual(await second.uidl(), uidl);
    await second.quit();
  });

  it('RETR returns an 8-bit ISO-8859-1 message byte for byte, and dot lines round-trip', async () => {
    const user = freshUser();
    const latin1 = Buffer.concat([
      Buffer.from('Subject: =?ISO-8859-1?Q?Canci=F3n?=\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n'),
      Buffer.from('Content-Transfer-Encoding: 8bit\r\n\r\n'),
      Buffer.from('Señor, la canción está aquí: ñ á é í ó ú ¿¡ ÿ\r\n', 'latin1'),
      Buffer.from([0xe9, 0xff, 0x80, 0x0d, 0x0a]),
    ]);
    const dots = Buffer.from(crlf('Subject: dots\n\n.\n..\n.leading dot\n...three\n. space\nend\n'));
    dovecot.deliver(user, latin1);
    dovecot.deliver(user, dots);
    const client = await connectPlain(dovecot.ports.pop3);
    await client.login(user, 'pw');
    assert.deepEqual(await readAll(await client.retr(1)), latin1);
    assert.deepEqual(await readAll(await client.retr(2)), dots);
    const top = (await readAll(await client.top(2, 0))).toString('latin1');
    assert.equal(top, 'Subject: dots\r\n\r\n');
    await client.quit();
  });

  it('a ~20 MB message is streamed: the client reads from the socket only as fast as it is consumed', async () => {
    const user = freshUser();
    const line = `${'x'.repeat(76)}\r\n`;
    const lines = Math.ceil((20 * 1024 * 1024) / line.length);
    const big = Buffer.concat([Buffer.from('Subject: big\r\n\r\n'), Buffer.alloc(lines * line.length, line)]);
    dovecot.deliver(user, big);
    const socket = net.connect({ host: '127.0.0.1', port: dovecot.ports.pop3 });
    await new Promise((resolve) => socket.once('connect', resolve));
    const client = new Pop3Client(socket, { timeoutMs: TIMEOUT });
    await client.login(user, 'pw');
    const stream = await client.retr(1);
    const hash = crypto.createHash('sha256');
    let size = 0;
    let checked = false;
    const rssBefore = process.memoryUsage().rss;
    for await (const chunk of stream) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (!checked && size > 1024 * 1024) {
        checked = true;
        // Stop consuming for a while: the socket must stay paused, not buffer the rest of the message.
        await new Promise((r) => setTimeout(r, 300));
        assert.ok(socket.bytesRead < 4 * 1024 * 1024, `read ${socket.bytesRead} bytes ahead of the consumer`);
      }
    }
    const growth = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    console.log(`20 MB RETR: rss growth ${growth.toFixed(1)} MB`);
    assert.equal(size, big.length);
    assert.equal(hash.digest('hex'), crypto.createHash('sha256').update(big).digest('hex'));
    await client.quit();
  });

  it('a stream destroyed early is drained; a command while one is being read is refused', async () => {
    const user = freshUser();
    dovecot.deliver(user, Buffer.concat([Buffer.from('Subject: a\r\n\r\n'), Buffer.alloc(300_000, 'y\r\n')]));
    const client = await connectPlain(dovecot.ports.pop3);
    await client.login(user, 'pw');
    const unread = await client.retr(1);
    await assert.rejects(client.noop(), { code: 'pop3_busy' });
    unread.destroy();
    assert.equal((await client.stat()).count, 1);
    const again = await readAll(await client.retr(1));
    assert.ok(again.toString('latin1').startsWith('Subject: a\r\n'));
    await client.quit();
  });

  it('DELE then QUIT removes the mail; RETR of a missing message is a command failure', async () => {
    const user = freshUser();
    dovecot.deliver(user, Buffer.from(crlf('Subject: keep\n\nk\n')));
    dovecot.deliver(user, Buffer.from(crlf('Subject: drop\n\nd\n')));
    const client = await connectPlain(dovecot.ports.pop3);
    await client.login(user, 'pw');
    await client.dele(2);
    await assert.rejects(client.retr(2), (error: unknown) => {
      assert.ok(isDrobotError(error));
      assert.equal(error.code, 'pop3_command_failed');
      assert.equal(error.step, 'retrieve');
      assert.ok(error.serverReply);
      return true;
    });
    await client.quit();
    const after = await connectPlain(dovecot.ports.pop3);
    await after.login(user, 'pw');
    assert.equal((await after.stat()).count, 1);
    assert.match((await readAll(await after.retr(1))).toString(), /Subject: keep/);
    await after.quit();
    const dir = dovecot.maildir(user);
    const files = [...fs.readdirSync(`${dir}/cur`), ...fs.readdirSync(`${dir}/new`)];
    assert.equal(files.length, 1);
  });

  it('RSET undoes DELE', async () => {
    const user = freshUser();
    dovecot.deliver(user, Buffer.from(crlf('Subject: stay\n\ns\n')));
    const client = await connectPlain(dovecot.ports.pop3);
    await client.login(user, 'pw');
    await client.dele(1);
    await client.rset();
    await client.quit();
    const after = await connectPlain(dovecot.ports.pop3);
    await after.login(user, 'pw');
    assert.equal((await after.stat()).count, 1);
    await after.quit();
  });
});
