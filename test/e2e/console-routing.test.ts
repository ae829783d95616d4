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
const TOKEN = `e2e-routing-admin-token-${Date.now()}`;

describe('the console: the dashboard says when notifications have no outbound account to go by', () => {
  let serve: ServeChild;
  let page: Page;
  const adminApi = (method: string, url: string, body?: unknown) =>
    callAdminApi(serve, TOKEN, method, url, body);
  const addOutbound = async (name: string) => {
    const created = await adminApi('POST', '/api/accounts', {
      name,
      direction: 'outbound',
      protocol: 'smtp',
      preset: 'domain',
      host: '127.0.0.1',
      port: 2525,
      security: 'none',
      smtpAuth: false,
      outbound: { fromAddress: `${name}@example.test` },
    });
    assert.equal(created.status, 201, created.text);
  };
  const dashboardItem = async () => {
    await freshDashboard(page, serve);
    const item = page.locator('#notify-routing-problem');
    return (await item.count()) === 0 ? undefined : item.innerText();
  };

  let fixture: ConsoleFixture | undefined;
  before(async () => {
    fixture = await openConsole(TOKEN);
    ({ serve, page } = fixture);
  });
  after(async () => {
    await fixture?.close();
  });

  it('no item with one outbound account; with two, one naming them and what to do (es, en)', async () => {
    await createFirstAdmin(page, serve.setupUrl, 'jefa', ADMIN_PASSWORD);

    await addOutbound('avisos');
    assert.equal(await dashboardItem(), undefined);

    await addOutbound('alarmas');
    const es = (await dashboardItem()) ?? '';
    assert.match(es, /no tienen cuenta de salida/);
    assert.match(es, /avisos/);
    assert.match(es, /alarmas/);
    assert.match(es, /Ponga DROBOT_NOTIFY_ACCOUNT con el nombre de una de ellas y reinicie DRobot/);

    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('heading', { name: /^Activity per hour/ }).waitFor();
    const en = await page.locator('#notify-routing-problem').innerText();
    assert.match(en, /Set DROBOT_NOTIFY_ACCOUNT to the name of one of them and restart DRobot, or disable/);
  });
});
