import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestPki } from '../support/pki.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { ADMIN_TOKEN, startApi, type ApiFixture } from './api-fixture.js';

interface SseEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** Reads a text/event-stream answer to its end and splits it into events. */
async function events(response: Response): Promise<SseEvent[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '{}';
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

describe('the connection test as server-sent events', () => {
  let api: ApiFixture;
  let smtp: TestSmtpServer;
  const post = (path: string, body: unknown, lang = 'es') =>
    fetch(`http://127.0.0.1:${api.port}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        'content-type': 'application/json',
        'accept-language': lang,
      },
      body: JSON.stringify(body),
    });

  before(async () => {
    smtp = await startSmtpServer({ pki: createTestPki() });
    api = await startApi();
    await api.ctx.accounts.create({
      name: 'avisos',
      direction: 'outbound',
      protocol: 'smtp',
      preset: 'domain',
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      smtpAuth: false,
      timeoutMs: 3000,
      outbound: { fromAddress: 'avisos@helpdesk.test' },
    });
  });
  after(async () => {
    await api.close();
    await smtp.stop();
  });

  it('sends each step as it is recorded, then the result, which is kept as the last test', async () => {
    const response = await post('/api/accounts/avisos/test/events', {});
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const all = await events(response);
    const last = all.at(-1);
    assert.equal(last?.event, 'result');
    const result = last?.data as { ok: boolean; steps: { name: string; status: string }[] };
    assert.equal(result.ok, true);
    const streamed = all.filter((e) => e.event === 'step').map((e) => e.data.name);
    assert.ok(streamed.length >= 3, `steps streamed: ${streamed.join(',')}`);
    assert.deepEqual(
      streamed,
      result.steps.map((s) => s.name),
      'every step, skipped ones included, was streamed in order',
    );
    assert.equal((await api.ctx.accounts.get('avisos')).lastTest?.ok, true);
  });

  it('tests an Office 365 relay before it is saved: it signs in to nothing, so no authorization is awaited', async () => {
    const relay = {
      account: {
        name: 'relevo',
        direction: 'outbound',
        protocol: 'smtp',
        preset: 'office365',
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        smtpAuth: false,
        timeoutMs: 3000,
        outbound: { fromAddress: 'avisos@contoso.test' },
      },
    };
    const all = await events(await post('/api/accounts/test/events', relay));
    assert.equal(all.at(-1)?.event, 'result', JSON.stringify(all.at(-1)));
    assert.equal((all.at(-1)?.data as { ok: boolean }).ok, true, JSON.stringify(all.at(-1)));
  });

  it("streams the failing step with its hint, in the caller's language", async () => {
    const draft = {
      account: {
        name: 'nowhere',
        direction: 'outbound',
        protocol: 'smtp',
        preset: 'domain',
        host: '127.0.0.1',
        port: 9,
        security: 'none',
        smtpAuth: false,
        timeoutMs: 2000,
        outbound: { fromAddress: 'avisos@helpdesk.test' },
      },
    };
    const all = await events(await post('/api/accounts/test/events', draft, 'en'));
    const failed = all.find((e) => e.event === 'step' && e.data.status === 'failed');
    assert.equal(failed?.data.name, 'tcp');
    const error = failed?.data.error as { message: string; hint?: string };
    assert.ok(error.hint, 'the failed step carries its hint');
    assert.match(error.message, /[a-z]/);
    assert.equal(all.at(-1)?.event, 'result');
    assert.equal((all.at(-1)?.data as { ok: boolean }).ok, false);
  });

  it('ends with an error event naming the field when the input is invalid', async () => {
    const all = await events(
      await post('/api/accounts/test/events', { account: { name: 'x', direction: 'sideways' } }),
    );
    assert.deepEqual(
      all.map((e) => e.event),
      ['error'],
    );
    const { status, error } = all[0]?.data as {
      status: number;
      error: { code: string; issues?: { field: string }[] };
    };
    assert.equal(status, 400);
    assert.ok(
      error.issues?.some((i) => i.field === 'direction'),
      JSON.stringify(error),
    );
  });
});
