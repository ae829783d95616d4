import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DrobotError } from '../../src/errors/drobot-error.js';
import type { OutboundMessage, OutboundSink } from '../../src/transports/ports.js';
import { createSmtpSink } from '../../src/transports/smtp/smtp.sink.js';
import type { Endpoint } from '../../src/transports/types.js';
import {
  smtpScript,
  startHostileServer,
  type HostilePeer,
  type HostileServer,
} from '../support/hostile-server.js';
import { drobotFailure } from '../support/failure.js';
import { createTestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

/** What a scripted server does; every field optional. */
interface Dialogue {
  /** Extensions announced after EHLO (the last line gets `250 `). */
  readonly extensions?: readonly string[];
  /** The reply to a RCPT TO, when not 250. */
  readonly rcpt?: (address: string) => string | undefined;
  /** Hangs up, without a reply, once the data of this connection's nth message (from 1) ended. */
  readonly hangUpAfterData?: (connection: number, message: number) => boolean;
  /** The reply to the end of data, when not 250. */
  readonly endOfData?: (message: string[]) => string | undefined;
  /** Says 421 and hangs up at this connection's nth MAIL FROM (from 1). */
  readonly closingAtMail?: (connection: number, mail: number) => boolean;
}

/** One message as the scripted server took it, and what it saw around its end of data. */
interface Taken {
  readonly connection: number;
  readonly from: string;
  readonly to: readonly string[];
  readonly lines: readonly string[];
  /** A whole line (the next envelope) was already waiting when the server answered the end of data. */
  readonly nextWaiting: boolean;
}

/**
 * A small SMTP server that delivers into `taken`, written on the hostile server's peer, so a test sees
 * what went over the wire and in which order: commands sent before their reply, lines a client sent
 * without waiting, a connection dropped at a chosen point.
 */
function dialogue(d: Dialogue, taken: Taken[], violations: string[], connections: { count: number }) {
  return async (peer: HostilePeer): Promise<void> => {
    connections.count += 1;
    const connection = connections.count;
    const extensions = d.extensions ?? ['PIPELINING', '8BITMIME', 'SIZE 100000'];
    const pipelining = extensions.includes('PIPELINING');
    let messages = 0;
    let mails = 0;
    let from: string | undefined;
    let to: string[] = [];
    await peer.write('220 scripted.test ESMTP\r\n');
    for (let line = await peer.line(); line !== undefined; line = await peer.line()) {
      const verb = line.split(/[ :]/, 1)[0]?.toUpperCase() ?? '';
      // Without PIPELINING a client must wait for each reply before its next command.
      if (!pipelining && peer.lineWaiting) violations.push(`sent ahead of the reply to ${verb}`);
      if (verb === 'EHLO') {
        const lines = ['scripted.test', ...extensions];
        await peer.write(lines.map((l, i) => `250${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join(''));
      } else if (verb === 'MAIL') {
        mails += 1;
        if (d.closingAtMail?.(connection, mails)) {
          await peer.write('421 4.7.0 too many messages on this connection, closing\r\n');
          peer.socket.end();
          return;
        }
        from = /<([^>]*)>/.exec(line)?.[1];
        to = [];
        await peer.write('250 2.1.0 ok\r\n');
      } else if (verb === 'RCPT') {
        const address = /<([^>]*)>/.exec(line)?.[1] ?? '';
        const refusal = d.rcpt?.(address);
        if (refusal) await peer.write(`${refusal}\r\n`);
        else {
          to.push(address);
          await peer.write('250 2.1.5 ok\r\n');
        }
      } else if (verb === 'DATA') {
        if (from === undefined || to.length === 0) {
          await peer.write('554 5.5.1 no valid recipients\r\n');
          continue;
        }
        await peer.write('354 go ahead\r\n');
        const lines: string[] = [];
        for (let data = await peer.line(); data !== undefined && data !== '.'; data = await peer.line()) {
          lines.push(data);
        }
        messages += 1;
        if (d.hangUpAfterData?.(connection, messages)) {
          // Let a pipelined envelope arrive, then drop the connection without a word.
          await new Promise((resolve) => setTimeout(resolve, 50));
          while (peer.lineWaiting) await peer.line();
          peer.socket.destroy();
          return;
        }
        const nextWaiting = peer.lineWaiting;
        const refusal = d.endOfData?.(lines);
        if (!refusal) taken.push({ connection, from, to, lines, nextWaiting });
        await peer.write(refusal ? `${refusal}\r\n` : `250 2.0.0 queued as ${taken.length}\r\n`);
        from = undefined;
        to = [];
      } else if (verb === 'RSET') {
        from = undefined;
        to = [];
        await peer.write('250 2.0.0 reset\r\n');
      } else if (verb === 'QUIT') {
        await peer.write('221 bye\r\n');
        peer.socket.end();
        return;
      } else {
        await peer.write('500 5.5.2 unknown command\r\n');
      }
    }
  };
}

let serial = 0;
function message(to: string | string[], body = 'Hola.\r\n', extra = ''): OutboundMessage {
  serial += 1;
  const messageId = `<pipe.${serial}@example.test>`;
  const recipients = Array.isArray(to) ? to : [to];
  const raw = Buffer.from(
    `From: <desk@example.test>\r\nTo: <${recipients[0]}>\r\nSubject: n${serial}${extra}\r\n` +
      `Message-ID: ${messageId}\r\n\r\n${body}`,
  );
  return { raw, envelope: { from: 'desk@example.test', to: recipients }, messageId };
}

describe('SMTP sink: pipelined sending against a scripted server', () => {
  let server: HostileServer;
  let taken: Taken[];
  let violations: string[];
  let connections: { count: number };

  before(async () => {
    server = await startHostileServer();
  });
  after(async () => {
    await server.stop();
  });

  function script(d: Dialogue): void {
    taken = [];
    violations = [];
    connections = { count: 0 };
    server.script = dialogue(d, taken, violations, connections);
  }

  function sink(pool: { maxConnections: number; maxMessages: number }, timeoutMs = 3000): OutboundSink {
    const endpoint: Endpoint = {
      host: '127.0.0.1',
      port: server.port,
      security: 'none',
      timeoutMs,
      tls: { insecureSkipVerify: false },
    };
    return createSmtpSink({ endpoint, credentials: { kind: 'none' }, pool, clientName: 'drobot.test' });
  }

  test("with PIPELINING a message's data, its end and the next envelope go in one write", async () => {
    script({});
    const s = sink({ maxConnections: 1, maxMessages: 100 });
    const messages = Array.from({ length: 5 }, (_, i) => message(`r${i}@example.test`));
    const sent = await Promise.all(messages.map((m) => s.send(m)));
    await s.close();
    assert.deepEqual(
      taken.map((t) => t.to[0]),
      messages.map((m) => m.envelope.to[0]),
    );
    assert.deepEqual(
      sent.map((r) => r.response),
      [1, 2, 3, 4, 5].map((n) => `250 2.0.0 queued as ${n}`),
    );
    // Each end of data but the last came with the next message's envelope behind it.
    assert.deepEqual(
      taken.map((t) => t.nextWaiting),
      [true, true, true, true, false],
    );
    assert.equal(connections.count, 1);
  });

  test('without PIPELINING each command waits for its reply, and every message goes', async () => {
    script({ extensions: ['8BITMIME'] });
    const s = sink({ maxConnections: 1, maxMessages: 100 });
    await Promise.all([1, 2, 3].map((i) => s.send(message(`w${i}@example.test`))));
    await s.close();
    assert.equal(taken.length, 3);
    assert.deepEqual(violations, []);
  });

  test('lines starting with a dot are doubled and come back as they were; a last line gets its CRLF', async () => {
    script({});
    const s = sink({ maxConnections: 1, maxMessages: 100 });
    await s.send(message('dots@example.test', '.\r\n..two\r\nmiddle .\r\n.end'));
    await s.close();
    // The server reads the doubled dots; removing one gives the message's own lines.
    const body = taken[0]?.lines.slice(taken[0].lines.indexOf('') + 1);
    assert.deepEqual(body, ['..', '...two', 'middle .', '..end']);
  });

  test('a refused recipient fails its message only (5xx: not retried, step rcpt); the next goes after RSET', async () => {
    script({ rcpt: (a) => (a === 'gone@example.test' ? '550 5.1.1 no such user' : undefined) });
    const s = sink({ maxConnections: 1, maxMessages: 100 });
    const [first, refused, last] = [
      s.send(message('a@example.test')),
      s.send(message('gone@example.test')),
      s.send(message('b@example.test')),
    ];
    await first;
    const error = await drobotFailure(refused);
    await last;
    await s.close();
    assert.equal(error.code, 'smtp_permanent');
    assert.equal(error.step, 'rcpt');
    assert.equal(error.retryable, false);
    assert.match(error.serverReply ?? '', /^550 5\.1\.1 no such user/);
    assert.deepEqual(
      taken.map((t) => t.to[0]),
      ['a@example.test', 'b@example.test'],
    );
    const lines = server.peers.at(-1)?.received ?? [];
    assert.ok(lines.includes('RSET'), 'the open transaction was reset');
  });

  test('one of two recipients refused: the other gets it, and the refusal is reported', async () => {
    script({ rcpt: (a) => (a === 'gone@example.test' ? '550 5.1.1 no such user' : undefined) });
    const s = sink({ maxConnections: 1, maxMessages: 100 });
    const error = await drobotFailure(s.send(message(['ok@example.test', 'gone@example.test'])));
    await s.close();
    assert.equal(error.step, 'rcpt');
    assert.deepEqual(taken[0]?.to, ['ok@example.test']);
  });

  test('a 4xx at the end of data fails that message as retryable, the others go', async () => {
    script({
      endOfData: (lines) => (lines.some((l) => l.includes('busy')) ? '451 4.3.0 try later' : undefined),
    });
    const s = sink({ maxConnections: 1, maxMessages: 100 });
    const results = await Promise.allSettled([
      s.send(message('a@example.test')),
      s.send(message('b@example.test', 'busy\r\n')),
      s.send(message('c@example.test')),
    ]);
    await s.close();
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    const error = (results[1] as PromiseRejectedResult).reason as DrobotError;
    assert.equal(error.code, 'smtp_transient');
    assert.equal(error.retryable, true);
    assert.equal(error.step, 'data');
  });

  test("any 2xx at the end of data is delivery; a reply of another class fails that message as retryable, naming the server's reply", async () => {
    script({
      endOfData: (lines) =>
        lines.some((l) => l.includes('otro-2xx'))
          ? '251 2.0.0 accepted'
          : lines.some((l) => l.includes('raro'))
            ? '354 send more'
            : undefined,
    });
    const s = sink({ maxConnections: 1, maxMessages: 100 });
    const results = await Promise.allSettled([
      s.send(message('a@example.test')),
      s.send(message('b@example.test', 'otro-2xx\r\n')),
      s.send(message('c@example.test', 'raro\r\n')),
    ]);
    await s.close();
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'fulfilled', 'rejected'],
    );
    assert.equal(
      (results[1] as PromiseFulfilledResult<{ response?: string }>).value.response,
      '251 2.0.0 accepted',
    );
    const error = (results[2] as PromiseRejectedResult).reason as DrobotError;
    assert.equal(error.code, 'smtp_unexpected_reply');
    assert.equal(error.retryable, true);
    assert.equal(error.step, 'data');
    assert.equal(error.serverReply, '354 send more');
  });

  test('a connection lost after a message ended: that one fails (retryable), the next goes once on a new connection', async () => {
    script({ hangUpAfterData: (connection, n) => connection === 1 && n === 1 });
    const s = sink({ maxConnections: 1, maxMessages: 100 });
    const [lost, next] = await Promise.allSettled([
      s.send(message('lost@example.test')),
      s.send(message('next@example.test')),
    ]);
    await s.close();
    assert.equal(lost.status, 'rejected');
    const error = (lost as PromiseRejectedResult).reason as DrobotError;
    assert.equal(error.code, 'connection_closed');
    assert.equal(error.retryable, true);
    assert.equal(next.status, 'fulfilled');
    assert.deepEqual(
      taken.map((t) => [t.connection, t.to[0]]),
      [[2, 'next@example.test']],
    );
    // The next message's envelope had gone out on the lost connection, its data had not.
    assert.ok(server.peers.at(-2)?.received.includes('RCPT TO:<next@example.test>'));
  });

  test('421 at MAIL FROM (the server closing): the mail goes on a new connection, not failed', async () => {
    script({ closingAtMail: (connection, mail) => connection === 1 && mail === 2 });
    const s = sink({ maxConnections: 1, maxMessages: 100 });
    await Promise.all([1, 2, 3].map((i) => s.send(message(`c${i}@example.test`))));
    await s.close();
    assert.deepEqual(
      taken.map((t) => [t.connection, t.to[0]]),
      [
        [1, 'c1@example.test'],
        [2, 'c2@example.test'],
        [2, 'c3@example.test'],
      ],
    );
  });

  test('a connection carries at most maxMessages, then a new one takes the rest', async () => {
    script({});
    const s = sink({ maxConnections: 1, maxMessages: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((i) => s.send(message(`m${i}@example.test`))));
    await s.close();
    assert.deepEqual(
      taken.map((t) => t.connection),
      [1, 1, 2, 2, 3],
    );
  });

  test('refused before anything is written: an address that would inject a command, UTF-8 without SMTPUTF8, a message over SIZE', async () => {
    script({ extensions: ['PIPELINING', 'SIZE 1000'] });
    const s = sink({ maxConnections: 1, maxMessages: 100 });
    const injected = await drobotFailure(s.send(message('x@example.test>\r\nRCPT TO:<victim@example.test')));
    assert.equal(injected.code, 'smtp_invalid_address');
    assert.equal(injected.retryable, false);
    assert.notEqual(injected.step, 'rcpt', 'not a bounce: the address is not suppressed');
    const utf8 = await drobotFailure(s.send(message('josé@ejemplo.test')));
    assert.equal(utf8.code, 'smtp_utf8_unsupported');
    assert.match(utf8.render('en').message, /SMTPUTF8/);
    assert.match(utf8.render('es').message, /no ofrece SMTPUTF8/);
    const nobody = await drobotFailure(s.send(message([])));
    assert.equal(nobody.code, 'smtp_no_recipient');
    assert.equal(nobody.retryable, false);
    assert.equal(nobody.render('en').message, 'The message has no recipient: there is nobody to send it to.');
    assert.match(nobody.render('es').message, /no tiene ningún destinatario/);
    const large = await drobotFailure(s.send(message('big@example.test', `${'x'.repeat(2000)}\r\n`)));
    assert.equal(large.code, 'smtp_message_too_large');
    assert.match(large.render('es').message, /admite como máximo 1000/);
    await s.send(message('fine@example.test'));
    await s.close();
    const lines = server.peers.flatMap((p) => p.received);
    assert.ok(!lines.some((l) => l.includes('victim')), 'no injected command');
    assert.ok(!lines.some((l) => l.includes('josé') || l.includes('big@')), 'nothing of the refused ones');
    assert.deepEqual(
      taken.map((t) => t.to[0]),
      ['fine@example.test'],
    );
  });

  test('SIZE and 8BITMIME parameters follow what the server announced', async () => {
    script({ extensions: ['PIPELINING', '8BITMIME', 'SIZE 100000'] });
    const s = sink({ maxConnections: 1, maxMessages: 100 });
    const ascii = message('a@example.test');
    const eight = message('b@example.test', 'Adiós\r\n');
    await s.send(ascii);
    await s.send(eight);
    await s.close();
    const mails = (server.peers.at(-1)?.received ?? []).filter((l) => l.startsWith('MAIL FROM'));
    assert.deepEqual(mails, [
      `MAIL FROM:<desk@example.test> SIZE=${ascii.raw.length}`,
      `MAIL FROM:<desk@example.test> SIZE=${eight.raw.length} BODY=8BITMIME`,
    ]);
  });

  test('a server that never ends its EHLO reply, or says nothing at all, ends in a bounded error', async () => {
    server.script = smtpScript({ EHLO: async (p) => void (await p.flood('250-flood flood flood\r\n')) });
    const flooded = sink({ maxConnections: 1, maxMessages: 100 });
    const flood = await drobotFailure(flooded.send(message('f@example.test')));
    await flooded.close();
    assert.equal(flood.code, 'reply_too_large');

    server.script = (peer) => peer.hush();
    const silent = sink({ maxConnections: 1, maxMessages: 100 }, 500);
    const started = Date.now();
    const hush = await drobotFailure(silent.send(message('s@example.test')));
    await silent.close();
    assert.equal(hush.code, 'reply_timeout');
    assert.equal(hush.retryable, true);
    assert.ok(Date.now() - started < 5000, `ended after ${Date.now() - started} ms`);
  });

  test("the end of data may take longer than the account's timeout: a slow server's mail is not given up", async () => {
    server.script = smtpScript({
      EHLO: (p) => p.write('250-hostile.test\r\n250 PIPELINING\r\n'),
      DATA: async (p) => {
        await p.write('354 go\r\n');
        for (let l = await p.line(); l !== undefined && l !== '.'; l = await p.line());
        // Content checks: past the account's 500 ms, within the floor for the end of data.
        await new Promise((resolve) => setTimeout(resolve, 1200));
        await p.write('250 2.0.0 queued after checks\r\n');
      },
    });
    const slow = sink({ maxConnections: 1, maxMessages: 100 }, 500);
    const sent = await slow.send(message('slow@example.test'));
    await slow.close();
    assert.equal(sent.response, '250 2.0.0 queued after checks');
  });
});

describe('SMTP sink against smtp-server: many messages over few connections', () => {
  let server: TestSmtpServer;
  let plain: TestSmtpServer;
  before(async () => {
    const pki = createTestPki();
    server = await startSmtpServer({ pki });
    plain = await startSmtpServer({ pki, hidePipelining: true });
  });
  after(async () => {
    await server.stop();
    await plain.stop();
  });

  for (const [label, get] of [
    ['with PIPELINING', () => server],
    ['without PIPELINING', () => plain],
  ] as const) {
    test(`${label}: 120 messages each delivered once, byte for byte, over at most 3 connections`, async () => {
      const target = get();
      target.reset();
      const opened = target.connectionCount();
      const s = createSmtpSink({
        endpoint: {
          host: '127.0.0.1',
          port: target.port,
          security: 'none',
          timeoutMs: 5000,
          tls: { insecureSkipVerify: false },
        },
        credentials: { kind: 'none' },
        pool: { maxConnections: 3, maxMessages: 50 },
      });
      const messages = Array.from({ length: 120 }, (_, i) =>
        message(`u${i}@example.test`, i % 7 === 0 ? `.leading dot ${i}\r\nend\r\n` : `body ${i}\r\n`),
      );
      await Promise.all(messages.map((m) => s.send(m)));
      await s.close();
      await target.waitForMessages(120);
      const byId = new Map(target.messages.map((m) => [m.messageId, m]));
      assert.equal(byId.size, 120, 'each once');
      for (const m of messages) assert.deepEqual(byId.get(m.messageId)?.raw, m.raw, m.messageId);
      assert.ok(target.connectionCount() - opened <= 3 + 2, `opened ${target.connectionCount() - opened}`);
    });
  }
});
