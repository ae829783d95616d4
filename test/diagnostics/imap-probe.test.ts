import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { runConnectionTest, type ConnectionTestSpec } from '../../src/diagnostics/index.js';
import { ImapProbe } from '../../src/transports/imap/imap-probe.js';
import { imapString } from '../../src/transports/imap/imap-probe.string.js';
import { connectEndpoint } from '../../src/transports/net/connect.js';
import { LineConnection } from '../../src/transports/net/line-connection.js';
import type { Credentials } from '../../src/transports/types.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createTestPki, type TestPki } from '../support/pki.js';

const QUOTED_USER = 'quote@example.test';
const QUOTED_PASSWORD = 'pa ss"w\\rd';
const LITERAL_USER = 'literal@example.test';
const LITERAL_PASSWORD = 'contraseña-ñ';
const OAUTH_USER = 'oauth@example.test';
const GOOD_TOKEN = 'good-token-1234';

describe('IMAP strings', () => {
  it('quotes printable ASCII, escaping backslash and double quote', () => {
    assert.deepEqual(imapString('a"b\\c d'), { kind: 'quoted', text: '"a\\"b\\\\c d"' });
    assert.deepEqual(imapString(''), { kind: 'quoted', text: '""' });
  });

  it('sends 8-bit text and line breaks as a literal', () => {
    const ene = imapString('ñ');
    assert.equal(ene.kind, 'literal');
    assert.deepEqual(ene.kind === 'literal' ? [...ene.bytes] : [], [0xc3, 0xb1]);
    assert.equal(imapString('a\r\nb').kind, 'literal');
  });
});

describe('IMAP probe against Dovecot', () => {
  let pki: TestPki;
  let dovecot: DovecotServer;
  let introspection: http.Server;

  before(async () => {
    pki = createTestPki();
    // A minimal RFC 7662 introspection endpoint: one good token.
    introspection = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const token = new URLSearchParams(body).get('token');
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify(token === GOOD_TOKEN ? { active: true, username: OAUTH_USER } : { active: false }),
        );
      });
    });
    await new Promise<void>((resolve) => introspection.listen(0, '127.0.0.1', resolve));
    const port = (introspection.address() as net.AddressInfo).port;
    dovecot = await startDovecot({
      pki,
      users: [
        { user: QUOTED_USER, password: QUOTED_PASSWORD },
        { user: LITERAL_USER, password: LITERAL_PASSWORD },
        { user: OAUTH_USER, password: 'unused-Password-9' },
      ],
      oauth2: { introspectionUrl: `http://127.0.0.1:${port}/introspect` },
    });
  });

  after(async () => {
    await dovecot?.stop();
    introspection?.close();
  });

  async function probe(): Promise<{ imap: ImapProbe; lines: LineConnection; caps: readonly string[] }> {
    const peer = { host: '127.0.0.1', port: dovecot.ports.imap, timeoutMs: 2000 };
    const lines = new LineConnection(await connectEndpoint(peer), peer);
    const imap = new ImapProbe(lines, []);
    const greeting = await imap.greeting();
    return { imap, lines, caps: greeting.capabilities ?? (await imap.capability()) };
  }

  it('logs in with LOGIN and quoted specials, then examines INBOX', async () => {
    const { imap, lines, caps } = await probe();
    await imap.login(QUOTED_USER, QUOTED_PASSWORD, caps);
    const inbox = await imap.examine('INBOX');
    assert.equal(inbox.exists, 0);
    assert.ok((inbox.uidValidity ?? 0) > 0);
    await imap.logout();
    lines.close();
  });

  it('logs in with LOGIN and a literal for an 8-bit password', async () => {
    const { imap, lines, caps } = await probe();
    await imap.login(LITERAL_USER, LITERAL_PASSWORD, caps);
    lines.close();
  });

  it('reports a wrong LOGIN as auth_failed with the server reply', async () => {
    const { imap, lines, caps } = await probe();
    await assert.rejects(imap.login(QUOTED_USER, 'nope-nope', caps), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'auth_failed');
      return true;
    });
    // The connection is still in step: a tagged command after the failure still gets its reply.
    assert.ok((await imap.capability()).includes('IMAP4REV1'));
    lines.close();
  });

  it('reports a folder that does not exist', async () => {
    const { imap, lines, caps } = await probe();
    await imap.login(QUOTED_USER, QUOTED_PASSWORD, caps);
    await assert.rejects(imap.examine('No "such" folder'), /No "such" folder/);
    lines.close();
  });

  const spec = (
    credentials: Credentials,
    sasl: ConnectionTestSpec['sasl'],
    protocol: 'imap' | 'pop3' = 'imap',
  ) =>
    ({
      protocol,
      endpoint: {
        host: 'localhost',
        port: protocol === 'imap' ? dovecot.ports.imaps : dovecot.ports.pop3s,
        security: 'implicit',
        timeoutMs: 2000,
        tls: { caPem: pki.caPem, insecureSkipVerify: false },
      },
      sasl,
      credentials,
      smtpAuth: true,
      lang: 'en',
    }) satisfies ConnectionTestSpec;

  it('AUTHENTICATE LOGIN answers both challenges', async () => {
    const result = await runConnectionTest(
      spec({ kind: 'password', username: LITERAL_USER, password: LITERAL_PASSWORD }, 'login'),
    );
    assert.equal(result.ok, true, JSON.stringify(result.steps, null, 1));
    assert.equal(result.steps.find((s) => s.name === 'auth')?.data?.mechanism, 'AUTHENTICATE LOGIN');
  });

  for (const protocol of ['imap', 'pop3'] as const) {
    for (const [sasl, mechanism] of [
      ['auto', 'OAUTHBEARER'],
      ['xoauth2', 'XOAUTH2'],
    ] as const) {
      it(`${protocol}: ${mechanism} with a good token, and a refused one answered`, async () => {
        const good = await runConnectionTest(
          spec({ kind: 'oauth2', username: OAUTH_USER, accessToken: GOOD_TOKEN }, sasl, protocol),
        );
        assert.equal(good.ok, true, JSON.stringify(good.steps, null, 1));
        assert.match(
          String(good.steps.find((s) => s.name === 'auth')?.data?.mechanism),
          new RegExp(mechanism),
        );
        const started = Date.now();
        const bad = await runConnectionTest(
          spec({ kind: 'oauth2', username: OAUTH_USER, accessToken: 'revoked-token-999' }, sasl, protocol),
        );
        assert.equal(bad.failedStep, 'auth');
        // The error continuation was answered: the refusal came at once, not after a timeout.
        assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
        assert.doesNotMatch(JSON.stringify(bad), /revoked-token-999/);
      });
    }
  }
});
