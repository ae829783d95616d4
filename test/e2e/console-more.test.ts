import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AccountView } from '../../src/accounts/account.view.js';
import type { CaseWithMessages } from '../../src/cases/case.service.js';
import { KINDS } from '../support/account-kinds.js';
import { runCli } from '../support/cli.js';
import * as corpus from '../support/corpus.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { startOAuthServer, TEST_CLIENTS, type TestOAuthServer } from '../support/oauth-server.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { assertNoLeak } from '../support/store-dump.js';
import {
  adminApi as callAdminApi,
  CHROMIUM,
  createFirstAdmin,
  SCREENSHOTS_DIR,
  type ServeChild,
  startServe,
} from './console-harness.js';

const SHOTS = SCREENSHOTS_DIR;
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const MAIL_PASSWORD = 'buzon-secreto-Passw0rd';
const ADMIN_PASSWORD = 'jefa-contraseña-5678';
const TOKEN = `e2e-more-admin-token-${Date.now()}`;
/** The SMTP server refuses this recipient, so the round trip fails on its send leg. */
const REFUSED = 'rechazo@example.test';

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

/** Today in the browser's and the server's time zone (both this machine's), as a date input holds it. */
function localDay(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

describe('the console: hourly dashboard, remote images on request, round trip, case filters', () => {
  let pki: TestPki;
  let dovecot: DovecotServer;
  let smtp: TestSmtpServer;
  let store: TestStore;
  let serve: ServeChild;
  let browser: Browser;
  let page: Page;
  let tracker: http.Server;
  let trackerHits = 0;
  let oauth: TestOAuthServer;
  const a11y: string[] = [];
  let imageCaseUrl = '';
  const env = () => ({
    ...store.env,
    DROBOT_ADMIN_TOKEN: TOKEN,
    DROBOT_FETCH: 'off',
    DROBOT_LOG_LEVEL: 'warn',
    NODE_EXTRA_CA_CERTS: pki.caFile,
    DROBOT_OAUTH_MICROSOFT_AUTHORITY: oauth.microsoftAuthority,
    DROBOT_OAUTH_GOOGLE_AUTHORITY: oauth.googleAuthority,
  });
  const audit = async (where: string) => {
    for (const v of await seriousViolations(page)) a11y.push(`${where}: ${v}`);
  };
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
  const adminApi = (method: string, url: string, body?: unknown) =>
    callAdminApi(serve, TOKEN, method, url, body);
  const fetchMail = async (account: string) => {
    const fetched = await runCli(['fetch', account, '--once'], { env: env(), timeoutMs: 120_000 });
    assert.equal(fetched.code, 0, fetched.stderr);
  };

  before(async () => {
    pki = createTestPki();
    dovecot = await startDovecot({
      pki,
      users: [
        { user: 'soporte', password: MAIL_PASSWORD },
        { user: 'ventas', password: MAIL_PASSWORD },
      ],
    });
    smtp = await startSmtpServer({
      pki,
      users: { avisos: MAIL_PASSWORD },
      script: {
        onRcptTo: (ctx) =>
          ctx.address?.toLowerCase() === REFUSED
            ? { code: 550, message: '5.1.1 <rechazo@example.test>: Recipient address rejected' }
            : undefined,
        // Like a real mail server: what is sent to the help desk's address lands in its mailbox.
        onData: (ctx) => {
          if (ctx.raw && ctx.to.some((to) => to.toLowerCase() === 'soporte@example.test')) {
            dovecot.deliver('soporte', ctx.raw);
          }
          return undefined;
        },
      },
    });
    tracker = http.createServer((_req, res) => {
      trackerHits += 1;
      res.writeHead(200, { 'content-type': 'image/gif' });
      res.end(Buffer.from('R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==', 'base64'));
    });
    await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
    oauth = await startOAuthServer();
    store = await createTestStore('sqlite');
    serve = await startServe(env());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1200, height: 800 }, locale: 'es-ES' });
    page.setDefaultTimeout(60_000);
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await serve?.stop();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
    tracker?.close();
    await oauth?.close();
    await store?.drop();
  });

  it('creates the first administrator; two mailboxes and an SMTP account are set up through the API', async () => {
    await createFirstAdmin(page, serve.setupUrl, 'jefa', ADMIN_PASSWORD);
    for (const user of ['soporte', 'ventas']) {
      const created = await adminApi('POST', '/api/accounts', {
        name: user,
        direction: 'inbound',
        protocol: 'pop3',
        preset: 'domain',
        host: '127.0.0.1',
        port: dovecot.ports.pop3,
        security: 'starttls',
        username: user,
        password: MAIL_PASSWORD,
      });
      assert.equal(created.status, 201, created.text);
    }
    const smtpAccount = await adminApi('POST', '/api/accounts', {
      name: 'avisos',
      direction: 'outbound',
      protocol: 'smtp',
      preset: 'domain',
      host: '127.0.0.1',
      port: smtp.port,
      security: 'starttls',
      smtpAuth: true,
      username: 'avisos',
      password: MAIL_PASSWORD,
      outbound: { fromAddress: 'avisos@example.test' },
    });
    assert.equal(smtpAccount.status, 201, smtpAccount.text);
  });

  it('blocks remote images until "Mostrar imágenes remotas" is pressed, then loads them in the still sandboxed frame', async () => {
    const pixel = `http://127.0.0.1:${(tracker.address() as AddressInfo).port}/pixel.gif`;
    const mail = [
      'From: Ana Pérez <ana@example.test>',
      'To: soporte@example.test',
      'Subject: Boletín con imágenes',
      'Message-ID: <e2e-more-images@example.test>',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<p>El logotipo no se ve en el boletín.</p><img src="${pixel}" alt="logotipo" width="1" height="1">`,
      '',
    ].join('\r\n');
    dovecot.deliver('soporte', Buffer.from(mail));
    await fetchMail('soporte');
    await page.goto(`${serve.url}/#/cases`);
    await page.getByRole('link', { name: 'Boletín con imágenes' }).click();
    await page.frameLocator('iframe.mail-html').getByText('El logotipo no se ve').waitFor();
    const button = page.getByRole('button', { name: 'Mostrar imágenes remotas' });
    await button.waitFor();
    await audit('case thread with remote images blocked');
    // Time for any stray request to arrive: the frame is drawn and nothing asked for the image.
    await page.waitForTimeout(500);
    assert.equal(trackerHits, 0, 'no request for the remote image before it was asked for');
    // By keyboard: the button takes the focus and Enter presses it.
    await button.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Imágenes remotas mostradas.').waitFor();
    for (let i = 0; i < 60 && trackerHits === 0; i++) await page.waitForTimeout(500);
    assert.ok(trackerHits >= 1, 'the remote image was requested once asked for');
    const frame = page.locator('iframe.mail-html');
    assert.equal(await frame.getAttribute('sandbox'), '', 'still sandboxed: no script, no same origin');
    assert.match((await frame.getAttribute('src')) ?? '', /\/messages\/\d+\/html\?images=remote$/);
    await page.frameLocator('iframe.mail-html').getByText('El logotipo no se ve').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Mostrar imágenes remotas' }).count(), 0);
    await audit('case thread with remote images shown');
    imageCaseUrl = page.url();
    // The page the frame shows is sandboxed by its own policy too, and loads images only when asked.
    const src = (await frame.getAttribute('src')) ?? '';
    const policies = await page.evaluate(
      async (urls) =>
        Promise.all(urls.map(async (u) => (await fetch(u)).headers.get('content-security-policy') ?? '')),
      [src, src.replace('images=remote', 'images=blocked')],
    );
    assert.match(policies[0] ?? '', /sandbox/);
    assert.match(policies[0] ?? '', /img-src data: http: https:/);
    assert.match(policies[1] ?? '', /img-src data:(;|$)/);
  });

  it('filters the cases by account and date on the server; the quarantine lists account names', async () => {
    dovecot.deliver(
      'ventas',
      Buffer.from(
        [
          'From: Luis Gómez <luis@example.test>',
          'To: ventas@example.test',
          'Subject: Presupuesto de portátiles',
          'Message-ID: <e2e-more-ventas@example.test>',
          '',
          '¿Nos mandan el presupuesto?',
          '',
        ].join('\r\n'),
      ),
    );
    await fetchMail('ventas');
    await page.goto(`${serve.url}/#/cases`);
    await page.getByRole('link', { name: 'Presupuesto de portátiles' }).waitFor();
    await page.getByRole('link', { name: 'Boletín con imágenes' }).waitFor();
    const byAccount = page.waitForResponse((r) => r.url().includes('account=ventas'));
    await page.getByLabel('Cuenta').selectOption('ventas');
    await byAccount;
    // The other account's case leaves the list (it was there before the filter).
    await page.getByRole('link', { name: 'Boletín con imágenes' }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Presupuesto de portátiles' }).waitFor();
    await page.getByLabel('Cuenta').selectOption('soporte');
    await page.getByRole('link', { name: 'Presupuesto de portátiles' }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Boletín con imágenes' }).waitFor();

    await page.getByLabel('Cuenta').selectOption('');
    await page.getByRole('link', { name: 'Presupuesto de portátiles' }).waitFor();
    await page.getByLabel('Desde').fill(localDay(1));
    const bySince = page.waitForResponse((r) => r.url().includes(`since=${localDay(1)}`));
    await page.getByRole('button', { name: 'Buscar en el asunto', exact: true }).click();
    await bySince;
    await page.getByText('No hay casos.').waitFor();
    await page.getByLabel('Desde').fill(localDay(-1));
    await page.getByLabel('Hasta').fill(localDay(0));
    await page.getByLabel('Buscar en el asunto y el texto').press('Enter');
    await page.getByRole('link', { name: 'Presupuesto de portátiles' }).waitFor();
    await page.getByRole('link', { name: 'Boletín con imágenes' }).waitFor();
    assert.equal(await page.getByLabel('Desde').inputValue(), localDay(-1), 'the filters stay as chosen');
    await audit('cases list with account and date filters');

    dovecot.deliver(
      'soporte',
      Buffer.from(
        [
          'To: soporte@example.test',
          'Subject: Sin remitente',
          'Message-ID: <e2e-more-q@example.test>',
          '',
          'x',
          '',
        ].join('\r\n'),
      ),
    );
    await fetchMail('soporte');
    await page.goto(`${serve.url}/#/quarantine`);
    const row = page.getByRole('row', { name: /ilegible/ });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    assert.equal(cells[1], 'soporte', `the account's name, not its id: ${cells.join(' | ')}`);
    await row.getByRole('link', { name: /Detalles/ }).click();
    await page.locator('dl.details').waitFor();
    assert.match((await page.locator('dl.details').textContent()) ?? '', /Cuentasoporte/);
    await audit('quarantine with account names');

    // Every fetch run so far is in the activity list, with its account and counts.
    await page.goto(`${serve.url}/#/inbound`);
    await page.getByRole('heading', { name: /^Actividad: recogidas/ }).waitFor();
    const fetchRuns = page.locator('#runs tbody tr', { hasText: 'recogida' });
    await fetchRuns.first().waitFor();
    const runCells = await fetchRuns.allTextContents();
    assert.ok(runCells.length >= 3, `three fetch runs at least: ${runCells.join(' | ')}`);
    // The counts in the console's language, by the words the CLI uses too.
    assert.match(runCells[0] ?? '', /soporte.*recibidos 1, recogidos 1/);
    assert.doesNotMatch(runCells[0] ?? '', /received|newCases/);
    assert.ok(
      runCells.some((r) => r.includes('ventas')),
      runCells.join(' | '),
    );
    await audit('activity runs');
  });

  it('draws mail received, cases opened, notifications sent and failures per hour, with the numbers in a table', async () => {
    // The two new cases were acknowledged through the SMTP account: wait until the outbox has sent both.
    for (let i = 0; i < 120; i++) {
      const summary = JSON.parse((await adminApi('GET', '/api/outbox/summary')).text) as { sent: number };
      if (summary.sent >= 2) break;
      await page.waitForTimeout(500);
    }
    await page.goto(`${serve.url}/#/dashboard`);
    await page.getByRole('heading', { name: 'Actividad por hora (últimas 72 horas)' }).waitFor();
    const charts = page.locator('#activity svg.chart');
    await charts.first().waitFor();
    assert.equal(await charts.count(), 4);
    const labels = await charts.evaluateAll((svgs) => svgs.map((s) => s.getAttribute('aria-label') ?? ''));
    // Two mails became cases (each acknowledged) and one was quarantined: three received, two cases, two
    // notifications sent, one failure.
    assert.match(labels[0] ?? '', /^Correo recibido: 3 en total/);
    assert.match(labels[1] ?? '', /^Casos abiertos: 2 en total/);
    assert.match(labels[2] ?? '', /^Notificaciones enviadas: 2 en total/);
    assert.match(labels[3] ?? '', /^Fallos .*: 1 en total/);
    await shot('dashboard.png');
    await page.getByText('Ver los datos por hora (tabla)').click();
    const rows = page.locator('#activity tbody tr');
    assert.equal(await rows.count(), 72);
    // Summed by column, so an hour turning while the mails were fetched changes nothing.
    const sums = await rows.evaluateAll((trs) =>
      [0, 1, 2, 3].map((col) =>
        trs.reduce((sum, tr) => sum + Number(tr.querySelectorAll('td')[col]?.textContent ?? 'NaN'), 0),
      ),
    );
    assert.deepEqual(sums, [3, 2, 2, 1]);
    await audit('dashboard per hour');

    // By keyboard: the range is a select; 14 days asks the server for 336 hours.
    const wider = page.waitForResponse((r) => r.url().includes('/api/activity/hourly?hours=336'));
    await page.getByLabel('Periodo', { exact: true }).selectOption('336');
    await wider;
    await page.getByRole('heading', { name: 'Actividad por hora (últimas 336 horas)' }).waitFor();
    assert.equal(await page.locator('#activity tbody tr').count(), 336);
    assert.equal(
      await page.evaluate<string>("document.activeElement?.id ?? ''"),
      'activity-range',
      'the focus stays on the range after the redraw',
    );
  });

  it("a case's page tells a delay warning from a bounce, in Spanish and English", async () => {
    dovecot.deliver(
      'soporte',
      Buffer.from(
        [
          'From: Pedro Ruiz <pedro@example.test>',
          'To: soporte@example.test',
          'Subject: Correo que no llega',
          'Message-ID: <e2e-more-reports@example.test>',
          '',
          'No me llegan los avisos.',
          '',
        ].join('\r\n'),
      ),
    );
    await fetchMail('soporte');
    const listed = JSON.parse((await adminApi('GET', '/api/cases?search=llega')).text) as { id: number }[];
    const caseId = listed[0]?.id ?? 0;
    const shown = JSON.parse((await adminApi('GET', `/api/cases/${caseId}`)).text) as CaseWithMessages;
    const ack = shown.messages.find((m) => m.direction === 'out')?.messageId ?? '';
    assert.match(ack, /^<.+>$/, 'the acknowledgment is a message of the case');
    const report = (action: string, status: string) =>
      corpus.dsnBounceMail(ack, 'pedro@example.test', { to: 'soporte@example.test' }, { action, status });
    dovecot.deliver('soporte', report('delayed', '4.4.1'));
    await fetchMail('soporte');
    dovecot.deliver('soporte', report('failed', '5.1.1'));
    await fetchMail('soporte');
    const kinds = (
      JSON.parse((await adminApi('GET', `/api/cases/${caseId}`)).text) as CaseWithMessages
    ).messages
      .filter((m) => m.bounce)
      .map((m) => m.bounce?.kind);
    assert.deepEqual(kinds, ['delay', 'failure'], 'the API gives each report its kind');

    await page.goto(`${serve.url}/#/cases/${caseId}`);
    const lines = page.locator('.thread p.bounce');
    await lines.nth(1).waitFor();
    assert.deepEqual(await lines.allTextContents(), [
      'aviso de retraso: pedro@example.test 4.4.1',
      'rebote: pedro@example.test 5.1.1',
    ]);
    await audit('case thread with a delay warning and a bounce');
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByText('delay warning: pedro@example.test 4.4.1').waitFor();
    await page.getByText('bounce: pedro@example.test 5.1.1').waitFor();
    await page.getByLabel('Language').selectOption('es');
    await page.getByText('aviso de retraso: pedro@example.test 4.4.1').waitFor();
  });

  it("a case's page says who got no mail about it and why, and every status change: from which status to which, by whom", async () => {
    dovecot.deliver(
      'soporte',
      Buffer.from(
        [
          'From: Formulario web <no-reply@example.test>',
          'To: soporte@example.test',
          'Subject: Alta de usuario desde el formulario',
          'Message-ID: <e2e-more-untold@example.test>',
          '',
          'Alta de usuario: Marta Gil, contabilidad.',
          '',
        ].join('\r\n'),
      ),
    );
    await fetchMail('soporte');
    const listed = JSON.parse((await adminApi('GET', '/api/cases?search=formulario')).text) as {
      id: number;
    }[];
    const caseId = listed[0]?.id ?? 0;
    const machine = 'es una dirección de máquina (no-reply, formularios, sistemas de correo…)';
    await page.goto(`${serve.url}/#/cases/${caseId}`);
    const received = page.locator('article.message.in');
    await received.locator('.history-events li').waitFor();
    // The mail has no Date header: its time is when DRobot received it, never a dash.
    assert.match(
      (await received.locator('header').textContent()) ?? '',
      /^Recibido · De: Formulario web <no-reply@example\.test> · \d{1,2}\/\d{1,2}\/\d{4}, \d{1,2}:\d{2}:\d{2}$/,
    );
    assert.equal(
      await received.locator('.history-events li').textContent(),
      `sin acuse de recibo: ${machine}`,
    );
    await page.getByLabel('Cambiar estado').selectOption('resolved');
    const event = page.locator('article.message.event');
    await event.waitFor();
    // Made by the person signed in; the requester not told of it, said under it.
    assert.match(
      (await event.locator('header').textContent()) ?? '',
      /^Cambio de estado: nuevo → resuelto · jefa · /,
    );
    assert.equal(
      await event.locator('p').textContent(),
      `no se avisó al solicitante (no-reply@example.test): ${machine}`,
    );
    await audit('case thread with who got no mail');
    await page.getByLabel('Idioma').selectOption('en');
    await page
      .getByText('not acknowledged: it is a machine address (no-reply, forms, mail systems…)')
      .waitFor();
    await page
      .getByText(
        'the requester (no-reply@example.test) was not told: it is a machine address (no-reply, forms, mail systems…)',
      )
      .waitFor();
    await page.getByText(/^Status change: new → resolved$/).waitFor();
    await page.getByLabel('Language').selectOption('es');
    await page.getByText(/^Cambio de estado: nuevo → resuelto$/).waitFor();

    // Someone in the conversation writes again: DRobot puts the resolved case back to work, and the page
    // says so after that mail.
    dovecot.deliver(
      'soporte',
      Buffer.from(
        [
          'From: Marta Gil <marta@example.test>',
          'To: soporte@example.test',
          'Subject: Re: Alta de usuario desde el formulario',
          'Message-ID: <e2e-more-untold-again@example.test>',
          'In-Reply-To: <e2e-more-untold@example.test>',
          'References: <e2e-more-untold@example.test>',
          '',
          'Sigo sin acceso a contabilidad.',
          '',
        ].join('\r\n'),
      ),
    );
    await fetchMail('soporte');
    await page.reload();
    const reopened = page.locator('article.message.event').nth(1);
    await reopened.waitFor();
    assert.deepEqual(
      await page
        .locator('.thread > article')
        .evaluateAll((items) => items.map((a) => a.getAttribute('data-kind'))),
      ['in', 'event', 'in', 'event'],
    );
    assert.match(
      (await reopened.locator('header').textContent()) ?? '',
      /^Cambio de estado: resuelto → abierto · DRobot · /,
    );
    assert.equal(await reopened.locator('p').textContent(), 'al llegar un correo de marta@example.test');
    await audit('case thread with status changes');
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByText(/^Status change: resolved → open$/).waitFor();
    await page.getByText('on a mail from marta@example.test').waitFor();
    await page.getByLabel('Language').selectOption('es');
    await page.getByText('al llegar un correo de marta@example.test').waitFor();
  });

  it('runs the send-and-receive round trip from the SMTP account: each leg and the delay, or the failing leg and its hint', async () => {
    await page.goto(`${serve.url}/#/accounts/avisos`);
    const section = page.locator('#round-trip');
    await section.getByRole('heading', { name: 'Envío y recepción de prueba' }).waitFor();
    await section.getByLabel('Cuenta de entrada que lo recibe').selectOption('soporte');
    await section.getByLabel('Dirección de destino (opcional)').fill('soporte@example.test');
    await section.getByRole('button', { name: 'Probar envío y recepción' }).click();
    await section.locator('.verdict.ok').waitFor({ timeout: 180_000 });
    assert.match(
      (await section.locator('.verdict').textContent()) ?? '',
      /^Ida y vuelta correcta: el correo llegó en \d+ ms\.$/,
    );
    assert.equal(await section.locator('.step-ok[data-leg="send"]').count(), 1);
    assert.equal(await section.locator('.step-ok[data-leg="receive"]').count(), 1);
    assert.ok(
      smtp.messages.some((m) => m.envelope.to.includes('soporte@example.test')),
      'the test mail went through the SMTP server',
    );
    await audit('round trip passed');
    await shot('round-trip.png');

    await section.getByLabel('Dirección de destino (opcional)').fill(REFUSED);
    await section.getByRole('button', { name: 'Probar envío y recepción' }).click();
    await section.locator('.verdict.failed').waitFor({ timeout: 120_000 });
    assert.equal(
      await section.locator('.verdict').textContent(),
      'La ida y vuelta falló en el tramo de envío.',
    );
    const failed = section.locator('.step-failed[data-leg="send"]');
    assert.match((await failed.locator('.step-reply').textContent()) ?? '', /Recipient address rejected/);
    assert.match((await failed.locator('.step-hint').textContent()) ?? '', /^Sugerencia: .+/);
    assert.equal(await section.locator('.step-skipped[data-leg="receive"]').count(), 1);
    await audit('round trip failed');

    // A bad address is refused before anything is sent, under its field.
    await section.getByLabel('Dirección de destino (opcional)').fill('no es una dirección');
    await section.getByRole('button', { name: 'Probar envío y recepción' }).click();
    await section.locator('[data-field="to"] .field-error').filter({ hasText: /«to»/ }).waitFor();
  });

  it('"Autorizar" comes back to the account\'s form with the outcome: authorized, or the provider\'s error', async () => {
    const created = await adminApi('POST', '/api/accounts', {
      name: 'o365',
      direction: 'outbound',
      protocol: 'smtp',
      preset: 'office365',
      username: 'mesa@contoso.test',
      oauth: {
        clientId: TEST_CLIENTS.msApp.clientId,
        clientSecret: TEST_CLIENTS.msApp.clientSecret,
        tenantId: 'contoso',
      },
    });
    assert.equal(created.status, 201, created.text);
    const providerOrigin = new URL(oauth.microsoftAuthority).origin;
    const serveOrigin = new URL(serve.url).origin;
    /**
     * Presses "Autorizar" and, on the provider's pages, signs in and accepts (or cancels) as the person
     * would; the provider's redirect then goes through DRobot's callback back to the account's form.
     */
    const authorize = async (decision: 'approve' | 'deny') => {
      await page.goto(`${serve.url}/#/accounts/o365`);
      await page.getByRole('button', { name: 'Autorizar' }).click();
      await page.waitForURL((url) => url.origin === providerOrigin);
      for (let step = 0; step < 4; step++) {
        await page.waitForURL(
          (url) =>
            url.origin === serveOrigin ||
            (url.origin === providerOrigin && url.pathname.startsWith('/interaction')),
        );
        if (new URL(page.url()).origin === serveOrigin) break;
        const before = page.url();
        const login = page.locator('input[name="login"]');
        if ((await login.count()) > 0) await login.fill('mesa@contoso.test');
        await page.locator(`button[value="${decision}"]`).click();
        await page.waitForURL((url) => url.href !== before);
      }
      const notice = page.locator('#oauth-result');
      await notice.waitFor();
      // Back on the account's form, the outcome's id already gone from the address.
      assert.equal(page.url(), `${serve.url}/#/accounts/o365`);
      return notice;
    };
    // Declined first: once a grant exists, the provider no longer asks.
    const declined = await authorize('deny');
    assert.match((await declined.getAttribute('class')) ?? '', /\bfailed\b/);
    assert.match(
      (await declined.textContent()) ?? '',
      /La autorización no se completó\..*rechazó el consentimiento/s,
    );
    await audit('account form after a declined consent');
    const approved = await authorize('approve');
    assert.match(
      (await approved.textContent()) ?? '',
      /^Cuenta autorizada: el proveedor dio acceso como mesa@contoso\.test\./,
    );
    assert.match((await approved.getAttribute('class')) ?? '', /\bok\b/);
    await audit('account form after authorizing');
    // A reload does not say it again.
    await page.reload();
    await page.getByRole('heading', { name: 'o365', level: 1 }).waitFor();
    assert.equal(await page.locator('#oauth-result').count(), 0);
  });

  it('pages the outbox: "Más" adds the next, older notifications below the newest ones', async () => {
    const avisos = JSON.parse((await adminApi('GET', '/api/accounts/avisos')).text) as { id: number };
    // More than the console's page of 50, whatever was queued before.
    for (let i = 1; i <= 50; i++) {
      const queued = await adminApi('POST', '/api/notifications', {
        type: 'case-created',
        to: `lote-${i}@example.test`,
        accountId: avisos.id,
        data: { caseId: 1000 + i, caseSubject: `Aviso en lote ${i}`, requesterName: `Persona ${i}` },
      });
      assert.equal(queued.status, 202, queued.text);
    }
    const all = JSON.parse((await adminApi('GET', '/api/outbox?limit=1000')).text) as { id: number }[];
    assert.ok(all.length > 50, `${all.length} notifications`);
    await page.goto(`${serve.url}/#/outbox`);
    const rows = page.locator('#outbox tbody tr');
    const more = page.getByRole('button', { name: 'Más' });
    await more.waitFor();
    assert.equal(await rows.count(), 50);
    assert.equal(await rows.first().locator('td').first().textContent(), String(all[0]?.id), 'newest first');
    // The kind of notification in the reader's language, not the API's key.
    assert.equal(await rows.first().locator('td').nth(1).textContent(), 'Caso creado');
    await audit('outbox with more to show');
    await more.click();
    await more.waitFor({ state: 'detached' });
    assert.equal(await rows.count(), all.length);
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.querySelector('td')?.textContent)));
    assert.deepEqual(
      ids,
      all.map((e) => e.id),
      'every notification once, newest first',
    );
  });

  it('speaks English in every new view', async () => {
    await page.goto(`${serve.url}/#/dashboard`);
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('heading', { name: /^Activity per hour \(last \d+ hours\)$/ }).waitFor();
    await page.locator('figcaption', { hasText: 'Mail received' }).waitFor();
    await page.getByLabel('Period', { exact: true }).waitFor();
    await page.goto(imageCaseUrl);
    await page.getByRole('button', { name: 'Show remote images' }).waitFor();
    await page.goto(`${serve.url}/#/cases`);
    await page.getByLabel('From').waitFor();
    await page.getByLabel('To', { exact: true }).waitFor();
    await page.getByLabel('Account').waitFor();
    await page.goto(`${serve.url}/#/accounts/avisos`);
    await page.getByRole('heading', { name: 'Send-and-receive round trip' }).waitFor();
    await page.getByLabel('Inbound account that receives it').waitFor();
  });

  it('fits a phone-sized screen in every new view', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    phone.setDefaultTimeout(60_000);
    await phone.goto(`${serve.url}/`);
    await phone.getByLabel('Usuario').fill('jefa');
    await phone.getByLabel('Contraseña').fill(ADMIN_PASSWORD);
    await phone.getByRole('button', { name: 'Iniciar sesión' }).click();
    await phone.getByRole('link', { name: 'Casos' }).first().waitFor();
    for (const [hash, ready] of [
      ['#/dashboard', '#activity svg.chart'],
      ['#/cases', 'form.filters'],
      [new URL(imageCaseUrl).hash, 'button.show-images'],
      ['#/accounts/avisos', '#round-trip form'],
      ['#/quarantine', 'table'],
    ] as const) {
      await phone.goto(`${serve.url}/${hash}`);
      await phone.locator(ready).first().waitFor();
      const overflow = await phone.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      assert.ok(overflow <= 0, `${hash} is ${overflow}px wider than the screen`);
    }
    await phone.close();
  });

  it("an API account's form shows, where its address is typed, the provider's address it uses when left empty", async () => {
    // The console speaks English since the tests before; the address comes from the server, with the account.
    const created = await adminApi('POST', '/api/accounts', {
      name: 'graf',
      ...KINDS.graph.body,
    });
    assert.equal(created.status, 201, created.text);
    await page.goto(`${serve.url}/#/accounts/graf`);
    await page.getByRole('heading', { name: 'graf', level: 1 }).waitFor();
    const apiUrl = page.getByLabel('API URL');
    assert.equal(await apiUrl.inputValue(), '');
    assert.equal(await apiUrl.getAttribute('placeholder'), 'https://graph.microsoft.com/v1.0');
    assert.equal(
      await page.locator('[data-field="apiUrl"] .help').textContent(),
      'Left empty, https://graph.microsoft.com/v1.0 (default) is used.',
    );
    await audit('form of a Graph account');
    // Where it signs in is the console's to set too (a national cloud); left empty, the provider's.
    const authority = page.getByLabel('OAuth authority');
    assert.equal(await authority.getAttribute('placeholder'), oauth.microsoftAuthority);
    await authority.fill('https://login.microsoftonline.us');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const storedAuthority = async () =>
      (JSON.parse((await adminApi('GET', '/api/accounts/graf')).text) as AccountView).oauth.authority;
    for (let i = 0; i < 100 && (await storedAuthority()) === null; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(await storedAuthority(), 'https://login.microsoftonline.us');
    assert.equal((await adminApi('DELETE', '/api/accounts/graf')).status, 204);
  });

  it("a new API account's form shows the address of the connection type chosen, before it is saved", async () => {
    // The server's defaults (GET /api/account-defaults), loaded once: the console's script names no origin.
    const shows = async (url: string) => {
      assert.equal(await page.getByLabel('API URL').inputValue(), '');
      assert.equal(await page.getByLabel('API URL').getAttribute('placeholder'), url);
      assert.equal(
        await page.locator('[data-field="apiUrl"] .help').textContent(),
        `Left empty, ${url} (default) is used.`,
      );
      // Its OAuth authority, likewise: here the one the configuration sets (the local stand-in), named.
      const [authority, variable] = url.includes('graph.microsoft.com')
        ? [oauth.microsoftAuthority, 'DROBOT_OAUTH_MICROSOFT_AUTHORITY']
        : [oauth.googleAuthority, 'DROBOT_OAUTH_GOOGLE_AUTHORITY'];
      assert.equal(await page.getByLabel('OAuth authority').getAttribute('placeholder'), authority);
      assert.equal(
        await page.locator('[data-field="oauth.authority"] .help').textContent(),
        `Left empty, ${authority} (${variable}) is used.`,
      );
    };
    await page.goto(`${serve.url}/#/accounts/new`);
    await page.getByRole('heading', { name: 'New account', level: 1 }).waitFor();
    await page.getByLabel('Provider').selectOption('office365');
    await page.getByLabel('Connection type').selectOption('graph');
    await shows('https://graph.microsoft.com/v1.0');
    await audit('form of a new Graph account');
    await page.getByLabel('Provider').selectOption('gmail');
    assert.equal(await page.getByLabel('API URL').count(), 0, 'a mail protocol account has no API address');
    await page.getByLabel('Connection type').selectOption('gmail-api');
    await shows('https://gmail.googleapis.com/gmail/v1');
    await page.getByLabel('Provider').selectOption('office365');
    await page.getByLabel('Connection type').selectOption('graph');
    await shows('https://graph.microsoft.com/v1.0');
  });

  it('passes the accessibility check on every new view, and no page showed a stored secret', async () => {
    assert.deepEqual(a11y, []);
    assertNoLeak(await page.content(), MAIL_PASSWORD, 'a page');
    assertNoLeak(serve.output(), MAIL_PASSWORD, "serve's output");
  });
});
