import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestStore, type TestStore } from '../support/databases.js';
import {
  adminApi as callAdminApi,
  CHROMIUM,
  createFirstAdmin,
  type ServeChild,
  startServe,
} from './console-harness.js';

const ADMIN_PASSWORD = 'jefa-contraseña-5678';
const TOKEN = `e2e-attention-admin-token-${Date.now()}`;

describe('the console: the dashboard lists the accounts that need attention', () => {
  let store: TestStore;
  let serve: ServeChild;
  let browser: Browser;
  let page: Page;
  const adminApi = (method: string, url: string, body?: unknown) =>
    callAdminApi(serve, TOKEN, method, url, body);
  // An inbound account stored without its password: it waits for one ("password required").
  const addInbound = async (name: string) => {
    const created = await adminApi('POST', '/api/accounts', {
      name,
      direction: 'inbound',
      protocol: 'imap',
      preset: 'domain',
      host: '127.0.0.1',
      port: 993,
      security: 'implicit',
      username: `${name}@example.test`,
    });
    assert.equal(created.status, 201, created.text);
  };
  const attentionText = async (heading: string) => {
    // Loaded afresh: going to the hash the page already shows would not draw the dashboard again.
    await page.goto(`${serve.url}/#/dashboard`);
    await page.reload();
    await page.locator('#activity').waitFor();
    return page
      .locator('section.card', { has: page.getByRole('heading', { name: heading, exact: true }) })
      .innerText();
  };

  before(async () => {
    store = await createTestStore('sqlite');
    serve = await startServe({ ...store.env, DROBOT_ADMIN_TOKEN: TOKEN, DROBOT_FETCH: 'off' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1200, height: 800 }, locale: 'es-ES' });
    page.setDefaultTimeout(60_000);
  });
  after(async () => {
    await browser?.close();
    await serve?.stop();
    await store?.drop();
  });

  it('an account turned off on purpose is not listed; one waiting for its password is', async () => {
    await createFirstAdmin(page, serve.setupUrl, 'jefa', ADMIN_PASSWORD);

    await addInbound('soporte');
    await addInbound('antiguo');
    const before = await attentionText('Cuentas que requieren atención');
    assert.match(before, /soporte — Falta la contraseña/);
    assert.match(before, /antiguo — Falta la contraseña/);

    const disabled = await adminApi('POST', '/api/accounts/antiguo/disable', {});
    assert.equal(disabled.status, 200, disabled.text);
    const es = await attentionText('Cuentas que requieren atención');
    assert.match(es, /soporte — Falta la contraseña/);
    assert.doesNotMatch(es, /antiguo/);
    // The accounts page still shows it, as disabled.
    await page.getByRole('link', { name: 'Cuentas' }).click();
    await page
      .getByRole('row', { name: /antiguo/ })
      .getByText('Desactivada')
      .waitFor();

    assert.equal((await adminApi('POST', '/api/accounts/soporte/disable', {})).status, 200);
    assert.match(await attentionText('Cuentas que requieren atención'), /Todas las cuentas están bien\./);
    await page.getByLabel('Idioma').selectOption('en');
    assert.match(await attentionText('Accounts that need attention'), /Every account is fine\./);
  });
});
