import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ADMIN_TOKEN, startApi, type ApiFixture } from './api-fixture.js';

interface RoutingStatus {
  problem: {
    kind: string;
    name?: string;
    type?: string;
    accounts: string[];
    disabled?: string[];
    message: string;
  } | null;
}

const outbound = (name: string) => ({
  name,
  direction: 'outbound',
  protocol: 'smtp',
  preset: 'domain',
  host: '127.0.0.1',
  port: 2525,
  security: 'none',
  smtpAuth: false,
  outbound: { fromAddress: `${name}@helpdesk.test` },
});

describe('/api/notifications/routing tells the dashboard when notifications have no account to go by', () => {
  const fixtures: ApiFixture[] = [];
  after(async () => {
    for (const api of fixtures) await api.close();
  });

  async function start(env: Record<string, string> = {}) {
    const api = await startApi({ env });
    fixtures.push(api);
    return api;
  }
  async function routing(api: ApiFixture, lang: 'es' | 'en') {
    const response = await api.app.inject({
      method: 'GET',
      url: '/api/notifications/routing',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'accept-language': lang },
    });
    assert.equal(response.statusCode, 200, response.body);
    return JSON.parse(response.body) as RoutingStatus;
  }

  it('no problem with one enabled outbound account; with a second one, none is the default', async () => {
    const api = await start();
    await api.ctx.accounts.create(outbound('avisos'));
    assert.deepEqual(await routing(api, 'es'), { problem: null });

    await api.ctx.accounts.create(outbound('alarmas'));
    const es = await routing(api, 'es');
    assert.equal(es.problem?.kind, 'no-default');
    assert.deepEqual([...(es.problem?.accounts ?? [])].sort(), ['alarmas', 'avisos']);
    assert.match(es.problem?.message ?? '', /no tienen cuenta de salida/);
    assert.match(es.problem?.message ?? '', /DROBOT_NOTIFY_ACCOUNT/);
    assert.match(es.problem?.message ?? '', /avisos/);
    assert.match(es.problem?.message ?? '', /alarmas/);
    assert.match(es.problem?.message ?? '', /reinicie DRobot, o desactive las demás/);
    const en = await routing(api, 'en');
    assert.equal(en.problem?.kind, 'no-default');
    assert.match(en.problem?.message ?? '', /have no outbound account/);
    assert.match(
      en.problem?.message ?? '',
      /Set DROBOT_NOTIFY_ACCOUNT .* restart DRobot, or disable the others/,
    );

    // Disabling one of them brings the default back.
    await api.ctx.accounts.edit('alarmas', { enabled: false });
    assert.deepEqual(await routing(api, 'en'), { problem: null });

    // Disabling the other too leaves none: notifications wait unsent.
    await api.ctx.accounts.edit('avisos', { enabled: false });
    const none = await routing(api, 'es');
    assert.equal(none.problem?.kind, 'none-enabled');
    assert.deepEqual(none.problem?.accounts, []);
    assert.deepEqual([...(none.problem?.disabled ?? [])].sort(), ['alarmas', 'avisos']);
    assert.match(
      none.problem?.message ?? '',
      /todas las cuentas de salida están desactivadas \((alarmas, avisos|avisos, alarmas)\) y las notificaciones esperan sin enviarse\. Active una/,
    );
    assert.match(
      (await routing(api, 'en')).problem?.message ?? '',
      /every outbound account is disabled \(.*\) and notifications wait unsent\. Enable one/,
    );
  });

  it('no problem when DROBOT_NOTIFY_ACCOUNT names one of several', async () => {
    const api = await start({ DROBOT_NOTIFY_ACCOUNT: 'avisos' });
    await api.ctx.accounts.create(outbound('avisos'));
    await api.ctx.accounts.create(outbound('alarmas'));
    assert.deepEqual(await routing(api, 'es'), { problem: null });
  });

  it('a type DROBOT_NOTIFY_ACCOUNTS sends through a disabled account', async () => {
    const api = await start({ DROBOT_NOTIFY_ACCOUNT: 'avisos', DROBOT_NOTIFY_ACCOUNTS: 'alarm=alarmas' });
    await api.ctx.accounts.create(outbound('avisos'));
    await api.ctx.accounts.create(outbound('alarmas'));
    await api.ctx.accounts.edit('alarmas', { enabled: false });
    const es = await routing(api, 'es');
    assert.equal(es.problem?.kind, 'disabled-route');
    assert.equal(es.problem?.name, 'alarmas');
    assert.equal(es.problem?.type, 'alarm');
    assert.match(
      es.problem?.message ?? '',
      /DROBOT_NOTIFY_ACCOUNTS envía las notificaciones «Alarma» \(alarm\) por «alarmas», que está desactivada: esperan sin enviarse\./,
    );
    // The type by its label in the reader's language, with the key DROBOT_NOTIFY_ACCOUNTS takes beside it.
    const en = (await routing(api, 'en')).problem?.message ?? '';
    assert.match(en, /sends "Alarm" \(alarm\) notifications through "alarmas", which is disabled/);
    assert.doesNotMatch(en, /Alarma/);
    await api.ctx.accounts.edit('alarmas', { enabled: true });
    assert.deepEqual(await routing(api, 'es'), { problem: null });
  });

  it('a configured name that is no outbound account, or a disabled one', async () => {
    const api = await start({ DROBOT_NOTIFY_ACCOUNT: 'avisso' });
    await api.ctx.accounts.create(outbound('avisos'));
    const unknown = await routing(api, 'en');
    assert.equal(unknown.problem?.kind, 'unknown-account');
    assert.equal(unknown.problem?.name, 'avisso');
    assert.match(unknown.problem?.message ?? '', /"avisso", which is not an outbound account/);
    assert.match(
      (await routing(api, 'es')).problem?.message ?? '',
      /«avisso», que no es una cuenta de salida/,
    );

    const other = await start({ DROBOT_NOTIFY_ACCOUNT: 'avisos' });
    await other.ctx.accounts.create(outbound('avisos'));
    await other.ctx.accounts.edit('avisos', { enabled: false });
    const disabled = await routing(other, 'es');
    assert.equal(disabled.problem?.kind, 'disabled-account');
    assert.match(disabled.problem?.message ?? '', /«avisos», que está desactivada/);
    assert.match((await routing(other, 'en')).problem?.message ?? '', /"avisos", which is disabled/);
  });
});
