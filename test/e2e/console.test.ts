import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../support/smtp-server.js';
import { assertNoLeak } from '../support/store-dump.js';
import {
  CHROMIUM,
  createFirstAdmin,
  SCREENSHOTS_DIR,
  type ServeChild,
  startServe,
} from './console-harness.js';

const SHOTS = SCREENSHOTS_DIR;
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const MAIL_PASSWORD = 'pop-secret-Passw0rd';
const ADMIN_PASSWORD = 'jefa-contraseña-1234';
const AGENT_PASSWORD = 'luis-contraseña-1234';
const TOKEN = `e2e-admin-token-${Date.now()}`;
const REPLY_TEXT = 'Hola Ana: hemos cambiado el rodillo de arrastre de la HP-2. Ya imprime.';
const NOTE_TEXT = 'Pedir rodillos de repuesto: revisar el rodillo antes del lunes.';
/** Bytes that are not text, so the check sees them travel intact. */
const ATTACHMENT = Buffer.from([
  0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0x00, 0xff, 0xfe, 0x80, 0x7f, 0x10, 0x20,
]);

/** Runs axe-core in the page and returns its serious and critical violations. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    return axe.run();
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('the web console in headless Chromium, against a real drobot serve, Dovecot and SMTP server', () => {
  let pki: TestPki;
  let dovecot: DovecotServer;
  let smtp: TestSmtpServer;
  let store: TestStore;
  let serve: ServeChild;
  let browser: Browser;
  let page: Page;
  let tracker: http.Server;
  let trackerHits = 0;
  const a11y: string[] = [];
  let caseUrl = '';
  let caseNumber = 0;
  /** Waits for a mail to `to` that `match` accepts, as the SMTP test server received it. */
  const mailTo = async (
    to: string,
    match: (m: ReceivedMail, text: string) => boolean,
  ): Promise<ReceivedMail> => {
    for (let n = 1; ; n++) {
      for (const m of await smtp.waitForMessages(n, 120_000)) {
        if (m.envelope.to.includes(to) && match(m, (await simpleParser(m.raw)).text ?? '')) return m;
      }
    }
  };
  const env = () => ({
    ...store.env,
    DROBOT_ADMIN_TOKEN: TOKEN,
    DROBOT_FETCH: 'off',
    DROBOT_LOG_LEVEL: 'warn',
    // The suite's CA, so the console's test can verify Dovecot's certificate like a real one.
    NODE_EXTRA_CA_CERTS: pki.caFile,
  });
  const audit = async (where: string) => {
    for (const v of await seriousViolations(page)) a11y.push(`${where}: ${v}`);
  };
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });

  before(async () => {
    pki = createTestPki();
    dovecot = await startDovecot({ pki, users: [{ user: 'soporte', password: MAIL_PASSWORD }] });
    smtp = await startSmtpServer({ pki, users: { avisos: MAIL_PASSWORD } });
    tracker = http.createServer((_req, res) => {
      trackerHits += 1;
      res.end();
    });
    await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
    store = await createTestStore('sqlite');
    serve = await startServe(env());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1200, height: 800 }, locale: 'es-ES' });
    // A machine shared with other work can be slow: waits are generous, and never asserted as timings.
    page.setDefaultTimeout(60_000);
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await serve?.stop();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
    tracker?.close();
    await store?.drop();
  });

  it('creates the first administrator at the setup address, signs out and signs in', async () => {
    await createFirstAdmin(page, serve.setupUrl, 'jefa', ADMIN_PASSWORD);
    assert.doesNotMatch(page.url(), /setup/, 'the token left the address bar');
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    await audit('sign-in');
    await page.getByLabel('Usuario').fill('jefa');
    await page.getByLabel('Contraseña').fill('wrong-password-0');
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByText('Usuario o contraseña incorrectos.').waitFor();
    // By keyboard alone: the fields are reached with Tab and the form is sent with Enter.
    await page.getByLabel('Usuario').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Cuentas' }).waitFor();
    // The role in the console's language, as `drobot users list` names it.
    await page.getByText('Sesión de jefa (administrador)').waitFor();
  });

  it('creates a POP3 account through the seed form and its connection test passes every step, live', async () => {
    await page.goto(`${serve.url}/#/accounts/new`);
    await page.getByLabel('Nombre de cuenta').fill('soporte');
    assert.equal(await page.getByLabel('Entrada (POP3 / IMAP)').isChecked(), true);
    assert.equal(
      await page.getByLabel('Tiempo de espera (ms)').inputValue(),
      '5000',
      'the preset filled its defaults',
    );
    assert.equal(await page.getByLabel('Seguridad').inputValue(), 'implicit');
    assert.ok(await page.getByText('Dejar una copia de los mensajes en el servidor').isVisible());
    assert.equal(
      await page.getByText('El servidor requiere autenticación').count(),
      0,
      'an inbound form has no SMTP field',
    );
    await page.getByLabel('Nombre del servidor').fill('127.0.0.1');
    await page.getByLabel('Puerto del servidor').fill(String(dovecot.ports.pop3));
    await page.getByLabel('Seguridad').selectOption('starttls');
    await page.getByLabel('Usuario', { exact: true }).fill('soporte');
    await page.getByLabel('Contraseña', { exact: true }).fill(MAIL_PASSWORD);
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.waitForURL(/#\/accounts\/soporte$/);
    await page.getByRole('heading', { name: 'soporte', level: 1 }).waitFor();
    const password = page.getByLabel('Contraseña', { exact: true });
    assert.equal(await password.inputValue(), '', 'the saved password is never sent back');
    assert.match((await password.getAttribute('placeholder')) ?? '', /^\*\*\*\*\*/);
    await page.getByRole('button', { name: 'Conexión de prueba' }).click();
    await page.locator('.verdict.ok').waitFor({ timeout: 60_000 });
    const failed = await page.locator('.step-failed').count();
    assert.equal(failed, 0);
    const ran = await page.locator('.step-ok .step-name').allTextContents();
    for (const step of ['DNS', 'Conexión TCP', 'TLS y certificado', 'Autenticación', 'Buzón']) {
      assert.ok(ran.includes(step), `${step} passed: ${ran.join(', ')}`);
    }
    await audit('account form');
    await shot('account-form-test.png');
  });

  it('shows a wrong password failing at the authentication step, with its hint, without saving it', async () => {
    await page.getByLabel('Contraseña', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Conexión de prueba' }).click();
    const auth = page.locator('.step-failed[data-step="auth"]');
    await auth.waitFor({ timeout: 60_000 });
    assert.ok((await auth.locator('.step-hint').textContent())?.includes('Sugerencia'));
    await page.locator('.verdict.failed').waitFor();
    const saved = await fetch(`${serve.url}/api/accounts/soporte`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(
      ((await saved.json()) as { lastTest: { ok: boolean } }).lastTest.ok,
      true,
      'a test of changes is not kept',
    );
  });

  it('creates an SMTP account through the form: only outbound fields, and its test passes', async () => {
    await page.goto(`${serve.url}/#/accounts/new`);
    await page.getByLabel('Nombre de cuenta').fill('avisos');
    await page.getByLabel('Salida (SMTP)').check();
    assert.equal(
      await page.getByLabel('Seguridad').inputValue(),
      'starttls',
      'SMTP defaults to explicit TLS',
    );
    assert.equal(await page.getByText('Dejar una copia de los mensajes en el servidor').count(), 0);
    assert.equal(await page.getByLabel('El servidor requiere autenticación').isChecked(), true);
    // Without authentication the form shows the type as none, and asks for no user name or password.
    const authType = page.getByLabel('Tipo de autenticación');
    await page.getByLabel('El servidor requiere autenticación').uncheck();
    assert.deepEqual(
      [await authType.inputValue(), await authType.isDisabled(), await authType.textContent()],
      ['none', true, 'Sin autenticación'],
    );
    assert.equal(await page.getByLabel('Usuario', { exact: true }).count(), 0);
    assert.equal(await page.getByLabel('Contraseña', { exact: true }).count(), 0);
    await page.getByLabel('El servidor requiere autenticación').check();
    assert.deepEqual([await authType.inputValue(), await authType.isDisabled()], ['password', false]);
    await page.getByLabel('Nombre del servidor').fill('127.0.0.1');
    await page.getByLabel('Puerto del servidor').fill(String(smtp.port));
    await page.getByLabel('Usuario', { exact: true }).fill('avisos');
    await page.getByLabel('Contraseña', { exact: true }).fill(MAIL_PASSWORD);
    await page.getByLabel('Dirección del remitente').fill('avisos@example.test');
    await page.getByRole('button', { name: 'Conexión de prueba' }).click();
    await page.locator('.verdict.ok').waitFor();
    assert.ok((await page.locator('.step-ok .step-name').allTextContents()).includes('Autenticación'));
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.waitForURL(/#\/accounts\/avisos$/);
    assert.deepEqual(
      smtp.logins.map((l) => [l.user, l.ok]),
      [['avisos', true]],
      'the draft was tested with the typed password',
    );
  });

  it('creates an Office 365 SMTP relay through the form: no login, so no type, SASL method or authorization', async () => {
    await page.goto(`${serve.url}/#/accounts/new`);
    await page.getByLabel('Nombre de cuenta').fill('relevo');
    await page.getByLabel('Salida (SMTP)').check();
    await page.getByLabel('Proveedor').selectOption('office365');
    assert.equal(await page.getByLabel('Método').count(), 1, 'a login has its SASL method');
    // A type chosen, then no login: the form sends no type (the server would refuse one not the preset's).
    await page.getByLabel('Tipo de autenticación').selectOption('password');
    await page.getByLabel('El servidor requiere autenticación').uncheck();
    assert.equal(await page.getByLabel('Método').count(), 0, 'no login, no SASL method');
    await page.getByLabel('Dirección del remitente').fill('avisos@contoso.test');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.waitForURL(/#\/accounts\/relevo$/);
    await page.getByRole('heading', { name: 'relevo', level: 1 }).waitFor();
    const authType = page.getByLabel('Tipo de autenticación');
    assert.deepEqual([await authType.inputValue(), await authType.isDisabled()], ['none', true]);
    assert.equal(await page.getByLabel('Método').count(), 0);
    assert.equal(await page.getByLabel('ClientID').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Autorizar' }).count(), 0);
    await page.getByRole('button', { name: 'Conexión de prueba' }).waitFor();
    const relay = (method = 'GET') =>
      fetch(`${serve.url}/api/accounts/relevo`, { method, headers: { authorization: `Bearer ${TOKEN}` } });
    const view = (await (await relay()).json()) as {
      state: string;
      smtpAuth: boolean;
      auth: string;
      sasl: string;
    };
    assert.deepEqual([view.state, view.smtpAuth, view.auth, view.sasl], ['ready', false, 'oauth2', 'auto']);
    // One sending account stays, the one the outbox picks for the answers below.
    assert.equal((await relay('DELETE')).status, 204);
  });

  it('lists the accounts with their state and last test', async () => {
    await page.goto(`${serve.url}/#/accounts`);
    await page.getByRole('row', { name: /avisos/ }).waitFor();
    const row = page.getByRole('row', { name: /soporte/ });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /Correcta/);
    assert.match((await row.textContent()) ?? '', /correcta/);
    await audit('accounts list');
    await shot('accounts.png');

    // A disabled account says so, by the rule `drobot accounts list` follows too.
    const toggle = (action: 'disable' | 'enable') =>
      fetch(`${serve.url}/api/accounts/avisos/${action}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: '{}',
      });
    assert.equal((await toggle('disable')).status, 200);
    try {
      await page.reload();
      const avisos = page.getByRole('row', { name: /avisos/ });
      await avisos.waitFor();
      assert.match((await avisos.textContent()) ?? '', /Desactivada/);
    } finally {
      assert.equal((await toggle('enable')).status, 200);
    }
  });

  it('shows a fetched mail as a case thread, its HTML in a sandboxed frame without remote images', async () => {
    const mail = [
      'From: Ana Pérez <ana@example.test>',
      'To: soporte@example.test',
      'Subject: La impresora de la planta 2 no imprime',
      'Message-ID: <e2e-1@example.test>',
      'Date: Mon, 30 Nov 2026 08:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<p>Hola,</p><p>La impresora <b>HP-2</b> muestra «atasco de papel» desde esta mañana.</p><img src="http://127.0.0.1:${(tracker.address() as AddressInfo).port}/pixel.png" alt="pixel"><p>Gracias, Ana</p>`,
      '',
    ].join('\r\n');
    dovecot.deliver('soporte', Buffer.from(mail));
    const fetched = await runCli(['fetch', 'soporte', '--once'], { env: env(), timeoutMs: 120_000 });
    assert.equal(fetched.code, 0, fetched.stderr);
    await page.goto(`${serve.url}/#/cases`);
    await page.getByRole('link', { name: 'La impresora de la planta 2 no imprime' }).click();
    const frame = page.locator('iframe.mail-html');
    await frame.waitFor();
    assert.equal(await frame.getAttribute('sandbox'), '');
    await page.frameLocator('iframe.mail-html').getByText('atasco de papel').waitFor();
    await audit('case thread');
    assert.equal(trackerHits, 0, 'the remote image was never requested');
    caseUrl = page.url();
    caseNumber = Number(/#\/cases\/(\d+)$/.exec(caseUrl)?.[1]);
    assert.ok(caseNumber > 0, caseUrl);
  });

  it('answers the case through the reply box with an attachment and adds a note; only the answer is mailed', async () => {
    await page.goto(caseUrl);
    await page.getByLabel('Texto de la respuesta').fill(REPLY_TEXT);
    await page.getByLabel('Adjuntar archivos').setInputFiles({
      name: 'parte-de-trabajo.pdf',
      mimeType: 'application/pdf',
      buffer: ATTACHMENT,
    });
    await page.getByLabel('Estado después de responder').selectOption('pending');
    // By keyboard: from the status choice, Tab reaches the send button and Enter presses it.
    await page.getByLabel('Estado después de responder').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Respuesta guardada; la bandeja de salida la enviará.').waitFor();
    const answer = page.locator('article.message.out', { hasText: 'rodillo de arrastre' });
    await answer.waitFor();
    assert.match((await answer.textContent()) ?? '', /Autor: jefa/);
    assert.match((await answer.textContent()) ?? '', /parte-de-trabajo\.pdf/);
    assert.equal(await page.getByLabel('Cambiar estado').inputValue(), 'pending');

    // Blank text passes the browser's "required" check; the API refuses it, naming the field, and the
    // box keeps what was typed.
    await page.getByLabel('Texto de la nota (no se envía)').fill('   ');
    await page.getByRole('button', { name: 'Añadir nota' }).click();
    await page.locator('#note-outcome.error').waitFor();
    assert.match((await page.locator('#note-outcome').textContent()) ?? '', /text/);
    assert.equal(await page.locator('article.message.note').count(), 0);
    await page.getByLabel('Texto de la nota (no se envía)').fill(NOTE_TEXT);
    await page.getByRole('button', { name: 'Añadir nota' }).click();
    await page.getByText('Nota añadida.').waitFor();
    const note = page.locator('article.message.note', { hasText: NOTE_TEXT });
    await note.waitFor();
    assert.match((await note.textContent()) ?? '', /Nota interna.*Autor: jefa/s);
    assert.equal(await note.locator('.badge').count(), 0, 'a note has no delivery state');

    const sent = await runCli(['outbox', 'send'], { env: env(), timeoutMs: 120_000 });
    assert.equal(sent.code, 0, sent.stderr);
    const mailed = await mailTo('ana@example.test', (m) => m.raw.includes('parte-de-trabajo.pdf'));
    const parsed = await simpleParser(mailed.raw);
    assert.match(parsed.subject ?? '', new RegExp(`\\[Caso #${caseNumber}\\]`));
    assert.match(parsed.text ?? '', /rodillo de arrastre/);
    const file = parsed.attachments.find((a) => a.filename === 'parte-de-trabajo.pdf');
    assert.ok(file, parsed.attachments.map((a) => a.filename).join(', '));
    assert.deepEqual(Buffer.from(file.content), ATTACHMENT, 'the attachment travelled byte for byte');
    for (const m of smtp.messages) {
      const text = `${(await simpleParser(m.raw)).text ?? ''} ${m.raw.toString('utf8')}`;
      assert.ok(!text.includes('revisar el rodillo antes del lunes'), 'a note is never mailed');
    }
    // The thread shows the answer delivered once the outbox has sent it.
    for (let i = 0; i < 60; i++) {
      await page.reload();
      await answer.waitFor();
      if ((await answer.locator('.delivery-sent').count()) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    assert.equal(await answer.locator('.delivery-sent').textContent(), 'enviado');
    await audit('case thread with answer and note');
    await shot('case-thread.png');
  });

  it('searches the cases on the server (subject and text) and filters them by status', async () => {
    await page.goto(`${serve.url}/#/cases`);
    await page.getByRole('link', { name: 'La impresora de la planta 2 no imprime' }).waitFor();
    // "atasco" is only in the mail's text: a search of the shown subjects would not find it.
    const searched = page.waitForRequest(
      (r) => r.url().includes('/api/cases?') && r.url().includes('search=atasco'),
    );
    await page.getByLabel('Buscar en el asunto y el texto').fill('atasco');
    await page.getByLabel('Buscar en el asunto y el texto').press('Enter');
    await searched;
    // The list (and its search box) is drawn anew when the answer comes: typing before would go to the old box.
    await page.locator('main:not([aria-busy])').waitFor();
    await page.getByRole('link', { name: 'La impresora de la planta 2 no imprime' }).waitFor();
    await page.getByLabel('Buscar en el asunto y el texto').fill('escáner');
    await page.getByLabel('Buscar en el asunto y el texto').press('Enter');
    await page.getByText('No hay casos.').waitFor();
    await page.getByLabel('Buscar en el asunto y el texto').fill('');
    await page.getByLabel('Buscar en el asunto y el texto').press('Enter');
    await page.getByRole('link', { name: 'La impresora de la planta 2 no imprime' }).waitFor();
    const closed = page.waitForResponse((r) => r.url().includes('status=closed'));
    await page.getByLabel('Estado').selectOption('closed');
    await closed;
    await page.getByText('No hay casos.').waitFor();
    await page.getByLabel('Estado').selectOption('pending');
    await page.getByRole('link', { name: 'La impresora de la planta 2 no imprime' }).waitFor();
    await audit('cases list');
  });

  it('follows the server\'s next cursor with "Más": the second page is added below the first', async () => {
    for (let i = 1; i <= 26; i++) {
      const mail = [
        `From: Persona ${i} <persona${i}@example.test>`,
        'To: soporte@example.test',
        `Subject: Consulta de inventario ${i}`,
        `Message-ID: <e2e-inventario-${i}@example.test>`,
        'Date: Mon, 30 Nov 2026 09:00:00 +0000',
        '',
        `¿Cuántos portátiles quedan en el almacén ${i}?`,
        '',
      ].join('\r\n');
      dovecot.deliver('soporte', Buffer.from(mail));
    }
    const fetched = await runCli(['fetch', 'soporte', '--once'], { env: env(), timeoutMs: 120_000 });
    assert.equal(fetched.code, 0, fetched.stderr);
    await page.goto(`${serve.url}/#/cases`);
    // Each answer draws the list and its filters anew: typing or clicking before it lands would go to the
    // old ones (the unfiltered first page holds the same 25 newest cases and a "Más" of its own). A change
    // of filter marks the list busy at once, so waiting for it not to be busy waits for that answer.
    await page.getByLabel('Estado').selectOption('');
    await page.locator('main:not([aria-busy])').waitFor();
    const searched = page.waitForResponse((r) => r.url().includes('search=inventario'));
    await page.getByLabel('Buscar en el asunto y el texto').fill('inventario');
    await page.getByLabel('Buscar en el asunto y el texto').press('Enter');
    await searched;
    await page.locator('main:not([aria-busy])').waitFor();
    const rows = page.locator('tbody tr', { hasText: 'Consulta de inventario' });
    await page.getByRole('button', { name: 'Más' }).waitFor();
    assert.equal(await rows.count(), 25);
    await page.getByRole('button', { name: 'Más' }).click();
    await page.getByRole('button', { name: 'Más' }).waitFor({ state: 'detached' });
    assert.equal(await rows.count(), 26);
    const subjects = await rows.locator('th a').allTextContents();
    assert.equal(new Set(subjects).size, 26, 'no case shown twice');
    assert.equal(
      await page.evaluate<string>("document.activeElement?.textContent ?? ''"),
      subjects[25],
      'the keyboard goes on from the first new row',
    );
  });

  it('lists the inbound log with the fetched mail and a link to its case', async () => {
    await page.goto(`${serve.url}/#/inbound`);
    const row = page.locator('#inbound-log tr', { hasText: 'La impresora de la planta 2 no imprime' });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /soporte/);
    assert.match((await row.textContent()) ?? '', /ana@example\.test/);
    assert.match((await row.textContent()) ?? '', /caso creado/);
    await row.getByRole('link', { name: `#${caseNumber}` }).click();
    await page.waitForURL(new RegExp(`#/cases/${caseNumber}$`));
    await page.goto(`${serve.url}/#/inbound`);
    await page.locator('#inbound-log').waitFor();
    await audit('inbound log');
  });

  it('shows a quarantined mail: its details, and its original as a message/rfc822 download', async () => {
    const mail = [
      'To: soporte@example.test',
      'Subject: Correo sin remitente e2e',
      'Message-ID: <e2e-nofrom@example.test>',
      'Date: Mon, 30 Nov 2026 08:30:00 +0000',
      '',
      'Sin cabecera From: no puede ser un caso.',
      '',
    ].join('\r\n');
    dovecot.deliver('soporte', Buffer.from(mail));
    const fetched = await runCli(['fetch', 'soporte', '--once'], { env: env(), timeoutMs: 120_000 });
    assert.equal(fetched.code, 0, fetched.stderr);
    await page.goto(`${serve.url}/#/quarantine`);
    // The reason in words, and why, in the page's language (the API's code never shows).
    const row = page.getByRole('row', {
      name: /ilegible — El correo no tiene dirección de remitente \(From\)/,
    });
    await row.waitFor();
    assert.doesNotMatch((await page.locator('table').textContent()) ?? '', /unparseable|no sender address/);
    await audit('quarantine list');
    await row.getByRole('link', { name: /Detalles/ }).click();
    await page.getByRole('heading', { name: /Cuarentena #\d+/ }).waitFor();
    const id = Number(/#\/quarantine\/(\d+)$/.exec(page.url())?.[1]);
    const details = (await page.locator('dl.details').textContent()) ?? '';
    assert.match(details, /Motivoilegible/);
    assert.match(details, /DetalleEl correo no tiene dirección de remitente \(From\)/);
    const link = page.getByRole('link', { name: 'Descargar el correo original (.eml)' });
    assert.equal(await link.getAttribute('href'), `/api/quarantine/${id}/raw`);
    const raw = await page.evaluate(async (href) => {
      const response = await fetch(href);
      return { type: response.headers.get('content-type'), body: await response.text() };
    }, `/api/quarantine/${id}/raw`);
    assert.match(raw.type ?? '', /^message\/rfc822/);
    assert.match(raw.body, /Subject: Correo sin remitente e2e/);
    await audit('quarantine details');
    await page.goto(`${serve.url}/#/inbound`);
    // A mail that could not be read has no subject or sender to show: its row links to the quarantine.
    const logged = page.locator('#inbound-log tr', { hasText: `Cuarentena #${id}` });
    await logged.waitFor();
    assert.match((await logged.textContent()) ?? '', /en cuarentena/);
    await logged.getByRole('link', { name: `Cuarentena #${id}` }).click();
    await page.waitForURL(new RegExp(`#/quarantine/${id}$`));
  });

  it('shows the dashboard', async () => {
    await page.goto(`${serve.url}/#/dashboard`);
    await page.getByRole('heading', { name: 'Panel' }).waitFor();
    await page.locator('svg.chart').first().waitFor();
    await audit('dashboard');
    await shot('dashboard.png');
  });

  it('keeps an agent out of the account settings, in the page and in the API', async () => {
    const added = await runCli(['users', 'add', 'luis', '--role', 'agent', '--password-stdin'], {
      env: env(),
      input: `${AGENT_PASSWORD}\n`,
    });
    assert.equal(added.code, 0, added.stderr);
    const context = await browser.newContext();
    const agent = await context.newPage();
    await agent.goto(`${serve.url}/`);
    await agent.getByLabel('Usuario').fill('luis');
    await agent.getByLabel('Contraseña').fill(AGENT_PASSWORD);
    await agent.getByRole('button', { name: 'Iniciar sesión' }).click();
    await agent.getByRole('heading', { name: 'Casos' }).waitFor();
    await agent.getByText('Sesión de luis (agente)').waitFor();
    assert.equal(
      await agent.getByRole('link', { name: 'Cuentas' }).count(),
      0,
      'no accounts link for an agent',
    );
    await agent.goto(`${serve.url}/#/accounts/soporte`);
    await agent.getByText('Su rol no permite ver esta página').waitFor();
    const status = await agent.evaluate(async () => (await fetch('/api/accounts/soporte')).status);
    assert.equal(status, 403);
    assert.doesNotMatch(await agent.content(), new RegExp(MAIL_PASSWORD));
    await context.close();
  });

  it('lets an agent answer a case and add a note, but not read raw mail or the inbound log', async () => {
    const context = await browser.newContext({ locale: 'es-ES' });
    const agent = await context.newPage();
    agent.setDefaultTimeout(60_000);
    await agent.goto(`${serve.url}/`);
    await agent.getByLabel('Usuario').fill('luis');
    await agent.getByLabel('Contraseña').fill(AGENT_PASSWORD);
    await agent.getByRole('button', { name: 'Iniciar sesión' }).click();
    await agent.getByRole('heading', { name: 'Casos' }).waitFor();
    await agent.goto(caseUrl);
    await agent
      .getByLabel('Texto de la respuesta')
      .fill('Hola Ana: el técnico pasará mañana a revisar la bandeja.');
    await agent.getByRole('button', { name: 'Enviar respuesta' }).click();
    const answer = agent.locator('article.message.out', { hasText: 'el técnico pasará mañana' });
    await answer.waitFor();
    assert.match((await answer.textContent()) ?? '', /Autor: luis/);
    await agent.getByLabel('Texto de la nota (no se envía)').fill('Avisado el técnico de guardia.');
    await agent.getByRole('button', { name: 'Añadir nota' }).click();
    await agent.locator('article.message.note', { hasText: 'Avisado el técnico de guardia.' }).waitFor();
    const statuses = await agent.evaluate(async () => [
      (await fetch('/api/inbound/log')).status,
      (await fetch('/api/quarantine/1/raw')).status,
    ]);
    assert.deepEqual(statuses, [403, 403]);
    const sent = await runCli(['outbox', 'send'], { env: env(), timeoutMs: 120_000 });
    assert.equal(sent.code, 0, sent.stderr);
    const mailed = await mailTo('ana@example.test', (_m, text) => text.includes('el técnico pasará mañana'));
    assert.match((await simpleParser(mailed.raw)).subject ?? '', new RegExp(`\\[Caso #${caseNumber}\\]`));
    await context.close();
  });

  it('switches to English and remembers it', async () => {
    await page.goto(`${serve.url}/#/accounts`);
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Accounts' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.goto(`${serve.url}/#/accounts/soporte`);
    await page.getByLabel('Timeout (ms)').waitFor();
    await page.getByText('Leave a copy of messages on the server').waitFor();
    await page.goto(caseUrl);
    await page.getByRole('heading', { name: 'Reply to the requester' }).waitFor();
    await page.getByLabel('Note text (never sent)').waitFor();
    await page.locator('article.message.note', { hasText: 'Internal note' }).first().waitFor();
    assert.ok((await page.locator('article.message.out .delivery-sent').allTextContents()).includes('sent'));
    await page.goto(`${serve.url}/#/quarantine`);
    const held = page.getByRole('row', { name: /unparseable — The mail has no sender address \(From\)/ });
    await held.waitFor();
    await held.getByRole('link', { name: /^Details #/ }).click();
    await page.getByRole('heading', { name: /Quarantine #\d+/ }).waitFor();
    const details = (await page.locator('dl.details').textContent()) ?? '';
    assert.match(details, /Reasonunparseable/);
    assert.match(details, /DetailThe mail has no sender address \(From\)/);
  });

  it('fits a phone-sized screen: no page scrolls sideways, wide tables scroll inside their box', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    phone.setDefaultTimeout(60_000);
    await phone.goto(`${serve.url}/`);
    await phone.getByLabel('Usuario').fill('jefa');
    await phone.getByLabel('Contraseña').fill(ADMIN_PASSWORD);
    await phone.getByRole('button', { name: 'Iniciar sesión' }).click();
    for (const [hash, ready] of [
      ['#/accounts', 'table'],
      ['#/accounts/soporte', 'form'],
      ['#/cases', 'table'],
      [new URL(caseUrl).hash, 'form.composer'],
      ['#/inbound', '#inbound-log'],
      ['#/quarantine', 'table'],
      ['#/dashboard', 'svg.chart'],
    ] as const) {
      await phone.goto(`${serve.url}/${hash}`);
      await phone.locator(ready).first().waitFor();
      // Runs in the page; the string keeps the suite's Node-only type check free of DOM types.
      const overflow = await phone.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      const wide = await phone.evaluate<string[]>(
        `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(-3).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`,
      );
      assert.ok(overflow <= 0, `${hash} is ${overflow}px wider than the screen: ${wide.join(', ')}`);
    }
    await phone.close();
  });

  it('passes the accessibility check on every page visited, and no page showed a stored secret', async () => {
    assert.deepEqual(a11y, []);
    assertNoLeak(await page.content(), MAIL_PASSWORD, 'a page');
    assertNoLeak(serve.output(), MAIL_PASSWORD, "serve's output");
  });
});
