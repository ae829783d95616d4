/**
 * The connection test against hostile POP3, IMAP and SMTP servers: endless and huge lines, literals
 * far larger than asked, huge capability lists, multi-line replies that never end, dripping and silent
 * servers, servers echoing the credentials. Each test must end as a failed step with a clear error
 * (Spanish and English) within a deadline derived from the timeout, with bounded memory, and never show
 * a secret.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  runConnectionTest,
  type ConnectionTestResult,
  type ConnectionTestSpec,
  type StepName,
} from '../../src/diagnostics/index.js';
import type { Credentials } from '../../src/transports/types.js';
import { underAttack } from '../support/hostile-measure.js';
import {
  imapScript,
  numbered,
  pop3Script,
  smtpScript,
  startHostileServer,
  type HostilePeer,
  type HostileScript,
  type HostileServer,
} from '../support/hostile-server.js';

const TIMEOUT = 500;
const MiB = 1024 * 1024;
const USER = 'desk@example.test';
const PASSWORD = 'Hostile-S3cret!pw';
const TOKEN = 'ya29.hostile-access-token-0123456789';

let server: HostileServer;
const results: ConnectionTestResult[] = [];

before(async () => {
  server = await startHostileServer();
});
after(async () => {
  await server.stop();
  // Whatever the servers said, no secret ever appears in a result.
  for (const result of results) {
    const json = JSON.stringify(result);
    assert.ok(!json.includes(PASSWORD) && !json.includes(TOKEN), 'a secret leaked into a result');
  }
});

type Protocol = ConnectionTestSpec['protocol'];

/** Runs the connection test against `script`, measured, in `lang`. */
async function attack(
  label: string,
  protocol: Protocol,
  script: HostileScript,
  over: {
    credentials?: Credentials;
    sasl?: ConnectionTestSpec['sasl'];
    lang?: 'es' | 'en';
    timeoutMs?: number;
    proxy?: ConnectionTestSpec['endpoint']['proxy'];
  } = {},
): Promise<ConnectionTestResult> {
  server.script = script;
  const timeoutMs = over.timeoutMs ?? TIMEOUT;
  const spec: ConnectionTestSpec = {
    protocol,
    endpoint: {
      host: '127.0.0.1',
      port: server.port,
      security: 'none',
      timeoutMs,
      tls: { insecureSkipVerify: false },
      ...(over.proxy ? { proxy: over.proxy } : {}),
    },
    sasl: over.sasl ?? 'auto',
    credentials: over.credentials ?? { kind: 'password', username: USER, password: PASSWORD },
    smtpAuth: true,
    lang: over.lang ?? 'es',
  };
  const cost = await underAttack(`${protocol}: ${label}`, timeoutMs, () => runConnectionTest(spec));
  assert.ok(cost.outcome.ok, 'a failed connection test is a result, not an exception');
  results.push(cost.outcome.value);
  return cost.outcome.value;
}

/** The test failed at `step` with `code`, with a hint, and the message names the step when it should. */
function failedAt(result: ConnectionTestResult, step: StepName, code: string) {
  const where = JSON.stringify(result.steps, null, 1);
  assert.equal(result.ok, false, where);
  assert.equal(result.failedStep, step, where);
  const failed = result.steps.find((s) => s.name === step);
  assert.equal(failed?.error?.code, code, where);
  assert.ok(failed.error.hint, `a hint for ${code}`);
  assert.doesNotMatch(failed.error.message, /\{\w+\}/);
  return failed.error;
}

/** Every text of a result, data included, as it would be printed (JSON would hide a raw control character). */
function wordsOf(result: unknown): string {
  if (typeof result === 'string') return result;
  if (Array.isArray(result)) return result.map(wordsOf).join('\n');
  if (result && typeof result === 'object') return Object.values(result).map(wordsOf).join('\n');
  return '';
}

/** A line made of `unit` without end, after `head`. */
const endlessLine =
  (head: string, unit = 'A'): ((p: HostilePeer) => Promise<void>) =>
  async (p) => {
    await p.write(head);
    await p.flood(unit, 1024 * MiB);
  };

describe('connection test against hostile IMAP servers', () => {
  it('an endless greeting line (1 GB) fails at the greeting', async () => {
    const result = await attack('endless greeting', 'imap', endlessLine('* OK '));
    const error = failedAt(result, 'greeting', 'reply_line_too_long');
    assert.match(error.message, /greeting/);
  });

  it('a greeting dripped one byte at a time fails at the greeting', async () => {
    const result = await attack('dripped greeting', 'imap', (p) => p.drip('* OK slowly ', 50));
    failedAt(result, 'greeting', 'reply_too_slow');
  });

  it('a huge capability list fails at capabilities', async () => {
    const caps = [...numbered(1500, (i) => `X${i}`)].join(' ');
    const script = imapScript(
      { CAPABILITY: (p, tag) => p.write(`* CAPABILITY ${caps}\r\n${tag} OK\r\n`) },
      '* OK ready\r\n',
    );
    failedAt(await attack('huge capability list', 'imap', script), 'capabilities', 'too_many_capabilities');
  });

  it('untagged lines without end fail at capabilities', async () => {
    const script = imapScript(
      {
        CAPABILITY: async (p) => {
          await p.flood('* OK still thinking\r\n');
        },
      },
      '* OK ready\r\n',
    );
    failedAt(await attack('endless untagged lines', 'imap', script), 'capabilities', 'reply_too_many_lines');
  });

  it('silence after CAPABILITY fails at capabilities within the timeout', async () => {
    const script = imapScript({ CAPABILITY: (p) => p.hush() }, '* OK ready\r\n');
    const result = await attack('silent CAPABILITY', 'imap', script);
    failedAt(result, 'capabilities', 'reply_timeout');
  });

  it('an endless AUTHENTICATE exchange fails at auth', async () => {
    const script = imapScript({
      AUTHENTICATE: async (p) => {
        for (let line: string | undefined = ''; line !== undefined; line = await p.line())
          await p.write('+ \r\n');
      },
    });
    failedAt(await attack('endless AUTHENTICATE', 'imap', script), 'auth', 'auth_exchange_endless');
  });

  it('a literal far larger than the test accepts fails at the mailbox, before it is read', async () => {
    const script = imapScript({
      EXAMINE: (p, tag) => p.write(`* 1 EXISTS\r\n* FLAGS {99999999999}\r\nxx\r\n${tag} OK\r\n`),
    });
    const error = failedAt(await attack('huge literal', 'imap', script), 'mailbox', 'literal_too_large');
    assert.match(error.message, /99999999999/);
  });

  it('a literal followed by far more than announced fails at the mailbox', async () => {
    const script = imapScript({
      EXAMINE: async (p) => {
        await p.write('* 1 EXISTS {5}\r\nabcde');
        await p.flood('overflow ', 1024 * MiB);
      },
    });
    failedAt(await attack('literal overflow', 'imap', script), 'mailbox', 'reply_line_too_long');
  });

  it('a mailbox reply dripped line by line fails at the mailbox', async () => {
    const script = imapScript({ EXAMINE: (p) => p.drip('* 1 RECENT\r\n', 30) });
    failedAt(await attack('dripped EXAMINE', 'imap', script), 'mailbox', 'reply_too_slow');
  });

  it('the unseen count comes from STATUS; a server refusing STATUS is asked SEARCH, counted', async () => {
    const viaStatus = imapScript({
      STATUS: (p, tag) => p.write(`* STATUS "INBOX" (UNSEEN 250000)\r\n${tag} OK\r\n`),
      SEARCH: (p, tag) => p.write(`${tag} BAD not expected\r\n`),
    });
    const counted = await attack('unseen from STATUS', 'imap', viaStatus);
    assert.equal(counted.ok, true, JSON.stringify(counted.steps, null, 1));
    assert.equal(counted.steps.find((s) => s.name === 'mailbox')?.data?.unseen, 250_000);
    const viaSearch = imapScript({
      STATUS: (p, tag) => p.write(`${tag} BAD no STATUS here\r\n`),
      SEARCH: async (p, tag) => {
        await p.write('* SEARCH');
        await p.stream(numbered(5000, (i) => ` ${i}`));
        await p.write(`\r\n${tag} OK done\r\n`);
      },
    });
    const searched = await attack('unseen from SEARCH', 'imap', viaSearch);
    assert.equal(searched.ok, true, JSON.stringify(searched.steps, null, 1));
    assert.equal(searched.steps.find((s) => s.name === 'mailbox')?.data?.unseen, 5000);
  });

  it('a server echoing the login never shows the password; its reply is bounded and visible', async () => {
    for (const [sasl, credentials] of [
      ['auto', { kind: 'password', username: USER, password: PASSWORD }],
      ['plain', { kind: 'password', username: USER, password: PASSWORD }],
      ['xoauth2', { kind: 'oauth2', username: USER, accessToken: TOKEN }],
    ] as const) {
      const echo = async (p: HostilePeer, tag: string) =>
        p.write(
          Buffer.concat([
            Buffer.from(`${tag} NO ${p.received.join(' ')} \u001b[31m`, 'latin1'),
            Buffer.from(`\u202e${'x'.repeat(5000)}\r\n`, 'utf8'),
          ]),
        );
      const script = imapScript(
        { LOGIN: echo, AUTHENTICATE: echo },
        '* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=XOAUTH2 AUTH=OAUTHBEARER] ready\r\n',
      );
      const result = await attack(`echoed login (${sasl})`, 'imap', script, { sasl, credentials });
      const error = failedAt(result, 'auth', 'auth_failed');
      const reply = error.serverReply ?? '';
      // The line that echoes a secret is withheld whole, its control characters and flood with it.
      assert.equal(reply, '*****');
      const shown = wordsOf(result);
      assert.ok(!shown.includes('\u001b') && !shown.includes('\u202e'), 'nothing of the echo kept');
      assert.ok(!shown.includes('xxxxxxxx') && !shown.includes('\\x1b'), shown);
    }
  });
});

describe('connection test against hostile SMTP servers', () => {
  it('an endless greeting line fails at the greeting', async () => {
    failedAt(
      await attack('endless greeting', 'smtp', endlessLine('220 ')),
      'greeting',
      'reply_line_too_long',
    );
  });

  it('a multi-line greeting that never ends fails at the greeting', async () => {
    const result = await attack('endless multi-line greeting', 'smtp', async (p) => {
      await p.flood('220-still greeting you\r\n');
    });
    failedAt(result, 'greeting', 'reply_too_large');
  });

  it('an EHLO reply that never ends fails at capabilities', async () => {
    const script = smtpScript({
      EHLO: async (p) => {
        await p.flood('250-X-EXTENSION\r\n');
      },
    });
    failedAt(await attack('endless EHLO', 'smtp', script), 'capabilities', 'reply_too_large');
  });

  it('an EHLO reply dripped line by line fails at capabilities', async () => {
    const script = smtpScript({ EHLO: (p) => p.drip('250-X-SLOW\r\n', 20) });
    failedAt(await attack('dripped EHLO', 'smtp', script), 'capabilities', 'reply_too_slow');
  });

  it('silence after AUTH fails at auth within the timeout', async () => {
    const script = smtpScript({ AUTH: (p) => p.hush() });
    failedAt(await attack('silent AUTH', 'smtp', script), 'auth', 'reply_timeout');
  });

  it('a server echoing the login never shows a secret', async () => {
    for (const [sasl, credentials] of [
      ['plain', { kind: 'password', username: USER, password: PASSWORD }],
      ['login', { kind: 'password', username: USER, password: PASSWORD }],
      ['xoauth2', { kind: 'oauth2', username: USER, accessToken: TOKEN }],
    ] as const) {
      const script = smtpScript({
        EHLO: (p) => p.write('250-hostile.test\r\n250 AUTH PLAIN LOGIN XOAUTH2\r\n'),
        AUTH: async (p, args) => {
          if (/^LOGIN$/i.test(args)) {
            await p.write('334 VXNlcm5hbWU6\r\n');
            await p.line();
            await p.write('334 UGFzc3dvcmQ6\r\n');
            await p.line();
          }
          const sent = p.received.join(' ');
          const decoded = p.received.map((l) => Buffer.from(l.split(' ').at(-1) ?? '', 'base64').toString());
          await p.write(`535-5.7.8 ${sent}\r\n535 5.7.8 ${decoded.join(' ')} \u0007\r\n`);
        },
      });
      const result = await attack(`echoed AUTH (${sasl})`, 'smtp', script, { sasl, credentials });
      const error = failedAt(result, 'auth', 'auth_failed');
      assert.match(error.serverReply ?? '', /^\*{5}(\n\*{5})?$/, 'each echoing line withheld whole');
      const shown = wordsOf(result);
      assert.ok(!shown.includes('\u0007') && !shown.includes('\\x07'), shown);
    }
  });
});

describe('connection test against hostile POP3 servers', () => {
  it('an endless greeting line fails at the greeting', async () => {
    failedAt(await attack('endless greeting', 'pop3', endlessLine('+OK ')), 'greeting', 'pop3_line_too_long');
  });

  it('a greeting dripped one byte at a time fails at the greeting', async () => {
    const result = await attack('dripped greeting', 'pop3', (p) => p.drip('+OK slowly ', 50), { lang: 'en' });
    const error = failedAt(result, 'greeting', 'pop3_too_slow');
    assert.match(error.message, /step "greeting"/);
  });

  it('a CAPA reply that never ends fails at capabilities', async () => {
    const script = pop3Script({
      CAPA: async (p) => {
        await p.write('+OK\r\n');
        await p.flood('X-CAPABILITY\r\n');
      },
    });
    failedAt(await attack('endless CAPA', 'pop3', script), 'capabilities', 'pop3_reply_too_large');
  });

  it('a STAT claiming a billion messages fails at the mailbox', async () => {
    const script = pop3Script({ STAT: (p) => p.write('+OK 1000000000 1\r\n') });
    failedAt(await attack('huge STAT', 'pop3', script), 'mailbox', 'pop3_mailbox_too_large');
  });

  it('a server echoing the login never shows a secret', async () => {
    const script = pop3Script({
      CAPA: (p) => p.write('+OK\r\nSASL PLAIN XOAUTH2 OAUTHBEARER\r\nUSER\r\n.\r\n'),
      AUTH: (p) => p.write(`-ERR ${p.received.join(' ')} \u001b]0;title\u0007\r\n`),
      PASS: (p) => p.write(`-ERR ${p.received.join(' ')}\r\n`),
    });
    for (const credentials of [
      { kind: 'password', username: USER, password: PASSWORD },
      { kind: 'oauth2', username: USER, accessToken: TOKEN },
    ] as const) {
      const result = await attack(`echoed login (${credentials.kind})`, 'pop3', script, { credentials });
      const error = failedAt(
        result,
        'auth',
        credentials.kind === 'oauth2' ? 'pop3_oauth_rejected' : 'pop3_auth_failed',
      );
      assert.equal(error.serverReply, '*****', 'the echoing line withheld whole');
      const shown = wordsOf(result);
      assert.ok(!shown.includes('\u001b') && !shown.includes('\u0007'), 'nothing of the echo kept');
      assert.ok(!shown.includes('\\x1b'), shown);
    }
  });
});

describe('connection test: what a server says is shown, never kept raw', () => {
  it('greetings and capabilities with terminal escapes are shown visibly (POP3, IMAP)', async () => {
    const escape = '\u001b]0;owned\u0007\u001b[2J';
    const pop3 = await attack(
      'escapes in POP3 words',
      'pop3',
      pop3Script({ CAPA: (p) => p.write(`+OK\r\nUSER\r\nX-${escape}\r\n.\r\n`) }, `+OK hi ${escape}\r\n`),
    );
    const imap = await attack(
      'escapes in IMAP words',
      'imap',
      imapScript({}, `* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN X-${escape}] hi ${escape}\r\n`),
    );
    for (const result of [pop3, imap]) {
      assert.equal(result.ok, true, JSON.stringify(result.steps, null, 1));
      const shown = wordsOf(result);
      assert.ok(!shown.includes('\u001b') && !shown.includes('\u0007'), shown);
      assert.match(wordsOf(result), /\\x1b\]0;owned\\x07/);
    }
  });

  it("an HTTP proxy's refusal is kept bounded and visible", async () => {
    const proxyScript: HostileScript = async (p) => {
      await p.line();
      await p.write(`HTTP/1.1 403 \u001b[2J${'no '.repeat(3000)}\r\n\r\n`);
    };
    const result = await attack('hostile HTTP proxy', 'imap', proxyScript, {
      proxy: { type: 'http', host: '127.0.0.1', port: server.port },
    });
    const error = failedAt(result, 'proxy', 'proxy_refused');
    assert.ok((error.serverReply ?? '').length <= 513);
    assert.ok(!wordsOf(result).includes('\u001b') && wordsOf(result).includes('\\x1b'));
  });
});
