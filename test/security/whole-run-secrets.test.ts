import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIALECTS, createTestStore, type TestStore } from '../support/databases.js';
import { runCli, type CliResult } from '../support/cli.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startServer } from '../support/server.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { dumpStore, leakForms } from '../support/store-dump.js';

/**
 * A whole run as an administrator makes it — accounts of every kind with every secret, a connection test,
 * a fetch, a notification sent, an export, a key rotation, a console user, the API — then a search of
 * everything DRobot wrote or answered (database, data directory files and logs, every CLI output, every
 * API answer, the export) for each configured secret in clear, base64, base64url, hex and the SASL forms
 * a client sends (PLAIN and LOGIN).
 */

const INBOX_USER = 'soporte@example.test';
const SECRETS = {
  pop3Password: 'Pop3-clave-#1-ñ',
  smtpPassword: 'Smtp-clave-#2-€',
  proxyPassword: 'Proxy-clave-#3',
  clientSecret: 'Client-secret-#4-0123456789',
  consolePassword: 'Consola-clave-#5-larga',
  adminToken: 'whole-run-admin-token-0123456789',
} as const;
const USERS: Readonly<Record<string, string>> = {
  pop3Password: INBOX_USER,
  smtpPassword: 'desk@drobot.test',
  proxyPassword: 'proxyuser',
  consolePassword: 'ana',
};

/** The forms a secret takes on the wire and in encodings: clear, base64/url, hex, SASL PLAIN. */
function forms(name: string, secret: string): string[] {
  const user = USERS[name];
  const plain = user
    ? [`\0${user}\0${secret}`, `${user}\0${user}\0${secret}`].map((s) => Buffer.from(s).toString('base64'))
    : [];
  return [...leakForms(secret), ...plain];
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

let pki: TestPki;
let dovecot: DovecotServer;
let smtp: TestSmtpServer;
let caFile: string;

before(async () => {
  pki = createTestPki();
  dovecot = await startDovecot({ pki, users: [{ user: INBOX_USER, password: SECRETS.pop3Password }] });
  smtp = await startSmtpServer({ pki, users: { 'desk@drobot.test': SECRETS.smtpPassword } });
  caFile = path.join(fs.mkdtempSync('/tmp/drobot-ca-'), 'ca.pem');
  fs.writeFileSync(caFile, pki.caPem);
});

after(async () => {
  await smtp.stop();
  await dovecot.stop();
});

// SQLite: its raw database files are searched byte for byte; PostgreSQL: every row of the test's schema.
for (const dialect of DIALECTS) {
  describe(`no configured secret anywhere after a whole run (${dialect})`, () => {
    let store: TestStore;
    const seen: { where: string; text: string }[] = [];

    before(async () => {
      store = await createTestStore(dialect);
    });
    after(async () => {
      await store.drop();
    });

    const cli = async (args: string[], input?: string): Promise<CliResult> => {
      const result = await runCli(args, {
        env: { ...store.env, DROBOT_LANG: 'en', DROBOT_ADMIN_TOKEN: SECRETS.adminToken },
        ...(input !== undefined ? { input } : {}),
        timeoutMs: 120_000,
      });
      seen.push({ where: `drobot ${args.join(' ')}`, text: result.stdout + result.stderr });
      return result;
    };

    test('the run itself works', async () => {
      const common = ['--preset', 'domain', '--host', '127.0.0.1', '--ca-file', caFile];
      const added = [
        await cli(
          [
            'accounts',
            'add',
            '--name',
            'pop',
            '--direction',
            'inbound',
            '--protocol',
            'pop3',
            ...common,
            '--port',
            String(dovecot.ports.pop3s),
            '--security',
            'implicit',
            '--username',
            INBOX_USER,
            '--password-stdin',
          ],
          `${SECRETS.pop3Password}\n`,
        ),
        await cli(
          [
            'accounts',
            'add',
            '--name',
            'out',
            '--direction',
            'outbound',
            '--protocol',
            'smtp',
            ...common,
            '--port',
            String(smtp.port),
            '--security',
            'starttls',
            '--username',
            'desk@drobot.test',
            '--password-stdin',
          ],
          `${SECRETS.smtpPassword}\n`,
        ),
        // Never connected: its proxy password is configured, listed, exported and rotated only.
        await cli(
          [
            'accounts',
            'add',
            '--name',
            'behind-proxy',
            '--direction',
            'inbound',
            '--protocol',
            'imap',
            ...common,
            '--port',
            String(dovecot.ports.imaps),
            '--security',
            'implicit',
            '--username',
            INBOX_USER,
            '--proxy',
            'socks5://proxyuser@127.0.0.1:1',
            '--password-stdin',
            '--proxy-password-stdin',
            '--disable',
          ],
          `${SECRETS.pop3Password}\n${SECRETS.proxyPassword}\n`,
        ),
        await cli(
          [
            'accounts',
            'add',
            '--name',
            'o365',
            '--direction',
            'inbound',
            '--protocol',
            'imap',
            '--preset',
            'office365',
            '--auth',
            'oauth2',
            '--username',
            'soporte@contoso.example',
            '--client-id',
            '00000000-0000-0000-0000-000000000001',
            '--tenant-id',
            'contoso.example',
            '--client-secret-stdin',
          ],
          `${SECRETS.clientSecret}\n`,
        ),
      ];
      for (const r of added) assert.equal(r.code, 0, r.stderr);

      const tested = await cli(['accounts', 'test', 'pop']);
      assert.equal(tested.code, 0, tested.stdout + tested.stderr);
      dovecot.deliver(
        INBOX_USER,
        Buffer.from(
          'From: Ana <ana@example.test>\r\nTo: soporte@example.test\r\nSubject: Impresora\r\n' +
            'Message-ID: <whole-run.1@example.test>\r\n\r\nNo imprime.\r\n',
        ),
      );
      const fetched = await cli(['fetch', '--once', '--all', 'pop']);
      assert.equal(fetched.code, 0, fetched.stderr);
      const sent = await cli(['outbox', 'send']);
      assert.equal(sent.code, 0, sent.stderr);
      assert.ok(smtp.messages.length >= 1, 'the acknowledgment went out through the SMTP account');

      for (const args of [
        ['accounts', 'list'],
        ['accounts', 'list', '--json'],
        ['accounts', 'show', 'pop'],
        ['accounts', 'show', 'out', '--json'],
        ['accounts', 'show', 'behind-proxy', '--json'],
        ['accounts', 'show', 'o365', '--json'],
        ['accounts', 'export'],
        ['cases', 'list', '--json'],
        ['cases', 'show', '1', '--json'],
        ['inbound', 'log', '--json'],
        ['outbox', 'list', '--json'],
        ['keys', 'status', '--json'],
      ]) {
        const r = await cli(args);
        assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      }
      const rotated = await cli(['keys', 'rotate']);
      assert.equal(rotated.code, 0, rotated.stderr);
      const user = await cli(
        ['users', 'add', 'ana', '--role', 'admin', '--password-stdin'],
        `${SECRETS.consolePassword}\n`,
      );
      assert.equal(user.code, 0, user.stderr);
      const shownAfter = await cli(['accounts', 'show', 'pop', '--json']);
      assert.equal(shownAfter.code, 0, 'the password is still readable after the rotation');

      const server = await startServer(store.env, SECRETS.adminToken);
      try {
        const calls: [string, string, unknown?][] = [
          ['GET', '/api/accounts'],
          ['GET', '/api/accounts/pop'],
          ['GET', '/api/accounts/out'],
          ['GET', '/api/accounts/behind-proxy'],
          ['GET', '/api/accounts/o365'],
          ['GET', '/api/accounts/export'],
          ['POST', '/api/accounts/pop/test', {}],
          ['POST', '/api/accounts/out/test', {}],
          ['GET', '/api/cases'],
          ['GET', '/api/cases/1'],
          ['GET', '/api/inbound/log'],
          ['GET', '/api/outbox'],
          ['GET', '/api/openapi.json'],
          ['POST', '/api/session', { name: 'ana', password: SECRETS.consolePassword }],
          ['GET', '/api/users'],
        ];
        for (const [method, url, body] of calls) {
          const answer = await server.api(method, url, body);
          assert.ok(answer.status < 500, `${method} ${url}: ${answer.status} ${answer.text}`);
          const headers = [...answer.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
          seen.push({ where: `${method} ${url}`, text: `${headers}\n${answer.text}` });
        }
      } finally {
        await server.stop();
        seen.push({ where: 'drobot serve output', text: server.stderr() });
      }
    });

    test('no secret in any output, answer, file of the data directory or row of the database', async () => {
      const where = [...seen];
      where.push({ where: 'the database', text: await dumpStore(store) });
      for (const file of filesUnder(store.dataDir)) {
        // The key file holds the master keys by design; the token file the token (not used here).
        if (/keys\.json$|admin\.token$/.test(file)) continue;
        where.push({
          where: path.relative(store.dataDir, file),
          text: fs.readFileSync(file).toString('latin1'),
        });
      }
      assert.ok(where.length > 30, 'the run produced outputs to search');
      for (const [name, secret] of Object.entries(SECRETS)) {
        for (const form of forms(name, secret)) {
          for (const place of where) {
            assert.ok(
              !place.text.includes(form),
              `${name} leaked into ${place.where} (as "${form.slice(0, 6)}…")`,
            );
          }
        }
      }
    });
  });
}
