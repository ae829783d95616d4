import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { startDovecot, type DovecotServer } from './dovecot.js';
import { createTestPki, type TestPki } from './pki.js';

/** Reads until the buffer holds `until`, or fails after two seconds. */
function readUntil(socket: net.Socket, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no ${until} in ${JSON.stringify(text)}`)), 2000);
    const onData = (d: Buffer) => {
      text += d.toString('latin1');
      if (until.test(text)) {
        clearTimeout(timer);
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
  });
}

async function plain(port: number): Promise<net.Socket> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return socket;
}

async function secure(port: number, ca: string): Promise<tls.TLSSocket> {
  const socket = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost' });
  await new Promise((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
  return socket;
}

describe('private Dovecot harness', () => {
  let pki: TestPki;
  let dovecot: DovecotServer;

  before(async () => {
    pki = createTestPki();
    dovecot = await startDovecot({ pki, users: [{ user: 'ana@example.test', password: 'uno' }] });
  });
  after(async () => {
    await dovecot?.stop();
  });

  it('serves POP3 and IMAP, plain and implicit TLS, on four loopback ports', async () => {
    const { pop3, pop3s, imap, imaps } = dovecot.ports;
    assert.equal(new Set([pop3, pop3s, imap, imaps]).size, 4);
    for (const [port, greeting] of [
      [pop3, /^\+OK/],
      [imap, /^\* OK/],
    ] as const) {
      const s = await plain(port);
      assert.match(await readUntil(s, /\r\n/), greeting);
      s.destroy();
    }
    for (const [port, greeting] of [
      [pop3s, /^\+OK/],
      [imaps, /^\* OK/],
    ] as const) {
      const s = await secure(port, pki.caPem);
      assert.equal(s.authorized, true);
      assert.match(await readUntil(s, /\r\n/), greeting);
      s.destroy();
    }
  });

  it('delivers into the Maildir and POP3 sees it; a changed password applies at once', async () => {
    dovecot.deliver('ana@example.test', Buffer.from('Subject: uno\r\n\r\nhola\r\n'));
    dovecot.deliver('ana@example.test', Buffer.from('Subject: dos\r\n\r\nleído\r\n'), { seen: true });
    assert.equal(fs.readdirSync(`${dovecot.maildir('ana@example.test')}/new`).length, 1);
    assert.equal(fs.readdirSync(`${dovecot.maildir('ana@example.test')}/cur`).length, 1);
    const s = await plain(dovecot.ports.pop3);
    await readUntil(s, /\r\n/);
    s.write('USER ana@example.test\r\nPASS uno\r\n');
    assert.match(await readUntil(s, /PASS|\+OK.*\r\n.*\r\n|-ERR/), /\+OK/);
    s.write('STAT\r\n');
    assert.match(await readUntil(s, /\+OK 2 \d+\r\n/), /\+OK 2/);
    s.destroy();

    dovecot.setPassword('ana@example.test', 'dos');
    const t = await plain(dovecot.ports.pop3);
    await readUntil(t, /\r\n/);
    t.write('USER ana@example.test\r\nPASS uno\r\n');
    assert.match(await readUntil(t, /-ERR.*\r\n/), /-ERR/);
    t.destroy();
  });

  it('delivers into other folders, seen or not, as IMAP sees them', async () => {
    dovecot.addUser('bea@example.test', 'tres');
    dovecot.deliver('bea@example.test', Buffer.from('Subject: a\r\n\r\na\r\n'), { folder: 'Archive/2024' });
    dovecot.deliver('bea@example.test', Buffer.from('Subject: b\r\n\r\nb\r\n'), {
      folder: 'Archive/2024',
      seen: true,
    });
    dovecot.deliverMany('bea@example.test', [
      Buffer.from('Subject: c\r\n\r\nc\r\n'),
      Buffer.from('Subject: d\r\n\r\nd\r\n'),
    ]);
    const s = await plain(dovecot.ports.imap);
    await readUntil(s, /\r\n/);
    s.write('a LOGIN bea@example.test tres\r\n');
    assert.match(await readUntil(s, /^a (OK|NO|BAD).*\r\n/m), /^a OK/m);
    s.write('b STATUS "Archive.2024" (MESSAGES UNSEEN)\r\n');
    assert.match(await readUntil(s, /^b (OK|NO|BAD).*\r\n/m), /MESSAGES 2 UNSEEN 1/);
    s.write('c STATUS INBOX (MESSAGES UNSEEN)\r\n');
    assert.match(await readUntil(s, /^c (OK|NO|BAD).*\r\n/m), /MESSAGES 2 UNSEEN 2/);
    s.destroy();
  });

  it('serves another certificate when asked, and stop() removes everything', async () => {
    const other = await startDovecot({ pki, users: [], certificate: pki.wrongName });
    try {
      const socket = tls.connect({ host: '127.0.0.1', port: other.ports.pop3s, ca: pki.caPem });
      const error = await new Promise<Error>((resolve) => socket.once('error', resolve));
      assert.match(error.message, /altnames|hostname/i);
    } finally {
      const dir = other.maildir('x');
      await other.stop();
      assert.equal(fs.existsSync(dir.split('/mail/')[0] ?? dir), false);
    }
  });
});
