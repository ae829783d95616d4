import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  adminApi as callAdminApi,
  type ConsoleFixture,
  createFirstAdmin,
  freshDashboard,
  openConsole,
  type ServeChild,
} from './console-harness.js';

const ADMIN_PASSWORD = 'jefa-contraseña-5678';
const TOKEN = `e2e-attention-admin-token-${Date.now()}`;

describe('the console: the dashboard lists the accounts that need attention', () => {
  let serve: ServeChild;
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
    await freshDashboard(page, serve);
    return page
      .locator('section.card', { has: page.getByRole('heading', { name: heading, exact: true }) })
      .innerText();
  };

  let fixture: ConsoleFixture | undefined;
  before(async () => {
    fixture = await openConsole(TOKEN);
    ({ serve, page } = fixture);
  });
  after(async () => {
    await fixture?.close();
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
