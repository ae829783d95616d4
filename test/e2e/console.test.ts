import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { assertNoLeak } from '../support/store-dump.js';
import { CHROMIUM, startServe, type ServeChild } from './console-harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.resolve(here, '../../..', 'docs/screenshots');
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const MAIL_PASSWORD = 'pop-secret-Passw0rd';
const ADMIN_PASSWORD = 'jefa-contraseña-1234';
const AGENT_PASSWORD = 'luis-contraseña-1234';
const TOKEN = `e2e-admin-token-${Date.now()}`;

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

  it('creates the first administrator at the printed setup address, signs out and signs in', async () => {
    await page.goto(serve.setupUrl);
    await page.getByLabel('Usuario').fill('jefa');
    await page.getByLabel('Contraseña', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByLabel('Repita la contraseña').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Crear administrador' }).click();
    await page.getByRole('link', { name: 'Cuentas' }).waitFor();
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
  });

  it('creates a POP3 account through the seed form and its connection test passes every step, live', async () => {
    await page.goto(`${serve.url}/#/accounts/new`);
    await page.getByLabel('Nombre de cuenta').fill('soporte');
    assert.equal(await page.getByLabel('Entrada (POP3 / IMAP)').isChecked(), true);
    assert.equal(
      await page.getByLabel('Tiempo de espera (MS)').inputValue(),
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

  it('lists the accounts with their state and last test', async () => {
    await page.goto(`${serve.url}/#/accounts`);
    await page.getByRole('row', { name: /avisos/ }).waitFor();
    const row = page.getByRole('row', { name: /soporte/ });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /Correcta/);
    assert.match((await row.textContent()) ?? '', /correcta/);
    await audit('accounts list');
    await shot('accounts.png');
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
    await shot('case-thread.png');
    assert.equal(trackerHits, 0, 'the remote image was never requested');
  });

  it('shows the dashboard', async () => {
    await page.goto(`${serve.url}/#/dashboard`);
    await page.getByRole('heading', { name: 'Panel' }).waitFor();
    await page.locator('svg.chart').waitFor();
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
