import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import type { AccountTestReport } from '../../src/accounts/account-test.service.js';
import { jsonOf, runCli, type CliResult } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startHttpConnectProxy, type HttpConnectProxy } from '../support/http-connect-proxy.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

const USER = 'salida@example.test';
const PASSWORD = `Pw-${crypto.randomBytes(8).toString('hex')}`;
const FROM = 'soporte@ayuda.example.test';
const PROBE_STEPS = ['dns', 'tcp', 'proxy', 'greeting', 'capabilities', 'starttls', 'tls', 'auth'];

/**
 * The connection test of an outbound SMTP account proves each step with its own probe, then sends the
 * test message through the sink the outbox uses (the same settings, the one composer).
 */
describe('accounts test sends the test message through the outbox sink', () => {
  let pki: TestPki;
  let smtp: TestSmtpServer;
  let proxy: HttpConnectProxy;
  let store: TestStore;
  const cli = (args: string[], input?: string, env: Record<string, string> = {}): Promise<CliResult> =>
    runCli(args, { env: { ...store.env, ...env }, input });

  const add = async (name: string, flags: string[]): Promise<void> => {
    const added = await cli(
      [
        'accounts',
        'add',
        '--name',
        name,
        '--direction',
        'outbound',
        '--protocol',
        'smtp',
        '--preset',
        'domain',
        '--host',
        '127.0.0.1',
        '--port',
        String(smtp.port),
        '--security',
        'starttls',
        '--username',
        USER,
        '--from',
        FROM,
        '--proxy',
        `http://127.0.0.1:${proxy.port}`,
        '--password-stdin',
        ...flags,
      ],
      `${PASSWORD}\n`,
    );
    assert.equal(added.code, 0, added.stderr);
  };

  before(async () => {
    pki = createTestPki();
    smtp = await startSmtpServer({ pki, users: { [USER]: PASSWORD }, allowInsecureAuth: false });
    proxy = await startHttpConnectProxy();
    store = await createTestStore('sqlite');
  });
  after(async () => {
    await proxy?.stop();
    await smtp?.stop();
    await store?.drop();
  });

  it('the test message arrives as the outbox sends its mails, over a second connection', async () => {
    await add('salida', ['--ca-file', pki.caFile]);
    const tunnels = proxy.connections;
    const sessions = smtp.connectionCount();
    const before = smtp.messages.length;
    const test = await cli(['accounts', 'test', 'salida', '--send-to', 'destino@example.test', '--json']);
    assert.equal(test.code, 0, test.stdout + test.stderr);
    const report = jsonOf<AccountTestReport>(test);
    assert.equal(report.ok, true);
    assert.deepEqual(
      report.steps.filter((s) => s.status === 'ok').map((s) => s.name),
      [...PROBE_STEPS, 'send'],
    );
    const send = report.steps.find((s) => s.name === 'send');
    assert.match(send?.detail ?? '', /^Mensaje de prueba enviado a destino@example\.test: Ok: queued/);
    assert.deepEqual(send?.data, { from: FROM, to: 'destino@example.test' });
    // One tunnel and session for the probe's steps, one for the outbox's sink.
    assert.equal(proxy.connections - tunnels, 2);
    assert.equal(smtp.connectionCount() - sessions, 2);
    assert.equal(smtp.messages.length, before + 1, 'the probe sent nothing itself');

    const mail = smtp.messages.at(-1);
    assert.deepEqual(mail?.envelope, { from: FROM, to: ['destino@example.test'] });
    assert.equal(mail?.user, USER);
    assert.equal(mail?.secure, true);
    assert.match(mail?.messageId ?? '', /^<drobot\.[0-9a-z]+\.[0-9a-f]{24}@ayuda\.example\.test>$/);
    assert.equal(mail?.headers['auto-submitted'], 'auto-generated');
    assert.equal(mail?.headers['x-auto-response-suppress'], 'All');
    const parsed = await simpleParser(mail?.raw ?? Buffer.alloc(0));
    assert.equal(parsed.subject, 'Conexión de prueba de DRobot');
    assert.match(parsed.text ?? '', /^Este es un mensaje de prueba enviado por DRobot/);
    assert.equal(parsed.html, false, 'plain text only, as before');
  });

  it('a pinned certificate is trusted by the sink as by the probe; a refusal fails the send step', async () => {
    // One trust rule for the connection test, fetching and sending: the pinned fingerprint alone.
    await add('fijada', ['--pin-sha256', pki.server.sha256]);
    const sent = await cli(['accounts', 'test', 'fijada', '--send-to', 'destino@example.test', '--json']);
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    assert.equal(smtp.messages.at(-1)?.envelope.to[0], 'destino@example.test');

    // What only the sink meets (the probe leaves before sending): the server refuses the recipient.
    smtp.reset({ onRcptTo: () => ({ code: 550, message: '5.1.1 No such user' }) });
    try {
      const test = await cli(['accounts', 'test', 'fijada', '--send-to', 'nadie@example.test', '--json']);
      assert.equal(test.code, 1, test.stdout + test.stderr);
      const report = jsonOf<AccountTestReport>(test);
      assert.equal(report.failedStep, 'send');
      assert.deepEqual(
        report.steps.filter((s) => s.status === 'ok').map((s) => s.name),
        PROBE_STEPS,
      );
      const failed = report.steps.find((s) => s.name === 'send');
      assert.equal(failed?.error?.code, 'smtp_permanent');
      assert.match(failed?.error?.message ?? '', /^El servidor SMTP rechazó el envío \(550\) en RCPT TO\./);
      assert.match(failed?.error?.serverReply ?? '', /550 5\.1\.1 No such user/);
      assert.doesNotMatch(test.stdout, new RegExp(PASSWORD));

      const english = await cli(
        ['accounts', 'test', 'fijada', '--send-to', 'nadie@example.test', '--json'],
        undefined,
        { DROBOT_LANG: 'en' },
      );
      const step = jsonOf<AccountTestReport>(english).steps.find((s) => s.name === 'send');
      assert.match(step?.error?.message ?? '', /^The SMTP server refused the message \(550\) at RCPT TO\./);
      assert.equal(smtp.messages.length, 0, 'nothing was sent');
    } finally {
      smtp.reset({});
    }

    // Without a test address the probe alone decides, and the pinned account passes.
    const probeOnly = jsonOf<AccountTestReport>(await cli(['accounts', 'test', 'fijada', '--json']));
    assert.equal(probeOnly.ok, true, JSON.stringify(probeOnly.steps));
    assert.equal(probeOnly.steps.find((s) => s.name === 'send')?.status, 'skipped');
  });
});
