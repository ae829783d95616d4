import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createContext, type AppContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/config.js';
import { notificationsOf } from '../../src/notifications/notifications.context.js';
import { buildServer } from '../../src/server/app.js';
import { createTestStore, DIALECTS, type TestStore } from '../support/databases.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { SAMPLE_DATA } from './outbox.fixture.js';

const TOKEN = 'outbox-api-token-0123456789';
let pki: TestPki;
let server: TestSmtpServer;

before(async () => {
  pki = createTestPki();
  server = await startSmtpServer({ pki });
});
after(() => server.stop());

for (const dialect of DIALECTS) {
  describe(`/api/notifications and /api/outbox (${dialect})`, () => {
    let store: TestStore;
    let ctx: AppContext;
    let app: FastifyInstance;
    const call = async (
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      url: string,
      payload?: unknown,
      lang = 'es',
    ) => {
      const response = await app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'accept-language': lang,
          // A POST always declares JSON, with or without a body.
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
        },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      return {
        status: response.statusCode,
        body: response.body ? (JSON.parse(response.body) as never) : undefined,
      };
    };

    before(async () => {
      store = await createTestStore(dialect);
      const config = loadConfig({
        ...store.env,
        DROBOT_MASTER_KEY: crypto.randomBytes(32).toString('base64'),
        DROBOT_LOG_LEVEL: 'silent',
        DROBOT_NOTIFY_ACCOUNT: 'desk',
      });
      ctx = await createContext(config);
      await ctx.accounts.create({
        name: 'desk',
        direction: 'outbound',
        protocol: 'smtp',
        preset: 'domain',
        host: '127.0.0.1',
        port: server.port,
        security: 'starttls',
        smtpAuth: false,
        outbound: { fromAddress: 'desk@drobot.test' },
        tls: { caPem: pki.caPem },
      });
      app = await buildServer(ctx, { adminToken: TOKEN });
    });
    after(async () => {
      await app.close();
      await (await notificationsOf(ctx)).close();
      await ctx.close();
      await store.drop();
    });

    test('POST /api/notifications queues; the worker sends; GET /api/outbox shows it', async () => {
      server.reset({});
      const queued = await call('POST', '/api/notifications', {
        type: 'account-verification',
        lang: 'en',
        to: 'new.user@example.test',
        data: SAMPLE_DATA['account-verification'],
      });
      assert.equal(queued.status, 202);
      const result = queued.body as unknown as { status: string; id: number; messageId: string };
      assert.equal(result.status, 'queued');
      assert.equal((await (await notificationsOf(ctx)).worker.drain()).sent, 1);
      assert.equal(server.messages[0]?.messageId, result.messageId);
      assert.equal(server.messages[0]?.subject, 'Verify your account');

      const list = await call('GET', '/api/outbox?state=sent');
      assert.equal(list.status, 200);
      assert.deepEqual(
        (list.body as unknown as Array<{ id: number }>).map((e) => e.id),
        [result.id],
      );
      const shown = await call('GET', `/api/outbox/${result.id}`);
      assert.equal(
        (shown.body as unknown as { headers: Record<string, string> }).headers['Auto-Submitted'],
        'auto-generated',
      );
      const summary = await call('GET', '/api/outbox/summary');
      assert.equal((summary.body as unknown as { sent: number }).sent, 1);
    });

    test('bad input is a 400 naming the field, in the language asked for; nothing queued', async () => {
      const bad = await call(
        'POST',
        '/api/notifications',
        { type: 'alarm', to: 'ops@example.test', lang: 'fr', data: SAMPLE_DATA.alarm },
        'en',
      );
      assert.equal(bad.status, 400);
      const error = (bad.body as unknown as { error: { issues: Array<{ field: string; message: string }> } })
        .error;
      assert.equal(error.issues[0]?.field, 'lang');
      assert.match(error.issues[0]?.message ?? '', /Unsupported language/);
      const injected = await call('POST', '/api/notifications', {
        type: 'case-created',
        to: 'a@example.test',
        data: { ...SAMPLE_DATA['case-created'], caseSubject: 'x\nBcc: y@example.test' },
      });
      assert.equal(injected.status, 400);
      const all = await call('GET', '/api/outbox');
      assert.equal((all.body as unknown as unknown[]).length, 1);
      assert.equal((await call('GET', '/api/outbox?state=nope')).status, 400);
      assert.equal((await call('GET', '/api/outbox/9999')).status, 404);
    });

    test('retry and the suppression list through the API', async () => {
      server.reset({ onData: () => ({ code: 550, message: '5.7.1 No' }) });
      const queued = await call('POST', '/api/notifications', {
        type: 'alarm',
        to: 'ops@example.test',
        data: SAMPLE_DATA.alarm,
      });
      const id = (queued.body as unknown as { id: number }).id;
      await (await notificationsOf(ctx)).worker.drain();
      server.reset({});
      const retried = await call('POST', `/api/outbox/${id}/retry`);
      assert.equal(retried.status, 200);
      assert.equal((retried.body as unknown as { state: string }).state, 'queued');
      assert.equal((await call('POST', `/api/outbox/${id}/retry`)).status, 409);

      assert.equal((await call('PUT', '/api/outbox/suppressions/Blocked@example.test')).status, 200);
      const skipped = await call('POST', '/api/notifications', {
        type: 'alarm',
        to: 'blocked@example.test',
        data: SAMPLE_DATA.alarm,
      });
      assert.equal(skipped.status, 200);
      assert.equal((skipped.body as unknown as { status: string }).status, 'suppressed');
      const list = await call('GET', '/api/outbox/suppressions');
      assert.equal((list.body as unknown as Array<{ address: string }>)[0]?.address, 'blocked@example.test');
      assert.equal((await call('DELETE', '/api/outbox/suppressions/blocked@example.test')).status, 204);
      assert.equal((await call('DELETE', '/api/outbox/suppressions/blocked@example.test')).status, 404);

      // An internationalized address, as the outbox sends to it (its domain in A-labels).
      const intl = await call('PUT', `/api/outbox/suppressions/${encodeURIComponent('José@Añoranza.es')}`);
      assert.equal(intl.status, 200, JSON.stringify(intl.body));
      assert.equal((intl.body as unknown as { address: string }).address, 'josé@xn--aoranza-4za.es');
      const intlSkipped = await call('POST', '/api/notifications', {
        type: 'alarm',
        to: 'josé@añoranza.es',
        data: SAMPLE_DATA.alarm,
      });
      assert.equal((intlSkipped.body as unknown as { status: string }).status, 'suppressed');
      const cleared = await call(
        'DELETE',
        `/api/outbox/suppressions/${encodeURIComponent('josé@añoranza.es')}`,
      );
      assert.equal(cleared.status, 204);
      const notAddress = await call('PUT', `/api/outbox/suppressions/${encodeURIComponent('no es@correo')}`);
      assert.equal(notAddress.status, 400);
      assert.match(JSON.stringify(notAddress.body), /address/);
    });

    test('the OpenAPI document lists the outbox routes', async () => {
      const doc = await call('GET', '/api/openapi.json');
      const paths = Object.keys((doc.body as unknown as { paths: Record<string, unknown> }).paths);
      for (const p of [
        '/api/notifications',
        '/api/outbox',
        '/api/outbox/{id}/retry',
        '/api/accounts/{ref}/roundtrip',
      ]) {
        assert.ok(paths.includes(p), p);
      }
    });
  });
}
