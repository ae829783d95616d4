import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, startApi, type ApiFixture } from './api-fixture.js';

const PATH = '/api/account-defaults';

/**
 * GET /api/account-defaults: what an account that leaves its API address or OAuth authority empty uses,
 * before any account exists (the console's form for a new account shows it). Admin only, as accounts are.
 */
describe('GET /api/account-defaults', () => {
  let api: ApiFixture;
  let configured: ApiFixture;
  before(async () => {
    api = await startApi();
    configured = await startApi({
      env: { DROBOT_OAUTH_MICROSOFT_AUTHORITY: 'https://login.microsoftonline.us' },
    });
  });
  after(async () => {
    await api?.close();
    await configured?.close();
  });

  const get = (on: ApiFixture, headers: Record<string, string>) =>
    on.app.inject({ method: 'GET', url: PATH, headers });
  const asAdmin = { authorization: `Bearer ${ADMIN_TOKEN}` };

  it("gives the providers' API addresses by connection type and their authorities", async () => {
    const response = await get(api, asAdmin);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(JSON.parse(response.body), {
      apiUrls: {
        graph: 'https://graph.microsoft.com/v1.0',
        'gmail-api': 'https://gmail.googleapis.com/gmail/v1',
      },
      authorities: {
        microsoft: { url: 'https://login.microsoftonline.com', source: 'provider' },
        google: { url: 'https://accounts.google.com', source: 'provider' },
      },
    });
  });

  it('gives the authority DROBOT_OAUTH_*_AUTHORITY sets, saying it comes from the configuration', async () => {
    const response = await get(configured, asAdmin);
    assert.equal(response.statusCode, 200, response.body);
    const body = JSON.parse(response.body) as { authorities: Record<string, unknown> };
    assert.deepEqual(body.authorities, {
      microsoft: { url: 'https://login.microsoftonline.us', source: 'configuration' },
      google: { url: 'https://accounts.google.com', source: 'provider' },
    });
  });

  it('is refused without credentials (401) and to an agent (403); a signed-in administrator reads it', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token' }] as Record<string, string>[]) {
      const refused = await get(api, headers);
      assert.equal(refused.statusCode, 401, refused.body);
      assert.doesNotMatch(refused.body, /graph\.microsoft\.com|login\.microsoftonline/);
    }
    await api.ctx.users.add({ name: 'jefa', role: 'admin', password: 'jefa-password-1' });
    await api.ctx.users.add({ name: 'mesa', role: 'agent', password: 'mesa-password-1' });
    const cookieOf = async (name: string, password: string) =>
      `drobot_session=${(await api.ctx.sessions.signIn(name, password, '127.0.0.1')).cookie}`;
    const agent = await get(api, { cookie: await cookieOf('mesa', 'mesa-password-1') });
    assert.equal(agent.statusCode, 403, agent.body);
    const admin = await get(api, { cookie: await cookieOf('jefa', 'jefa-password-1') });
    assert.equal(admin.statusCode, 200, admin.body);
  });

  it('is described in the OpenAPI document with the refusals of every operation', async () => {
    const document = await api.app.inject({ method: 'GET', url: '/api/openapi.json', headers: asAdmin });
    const paths = (JSON.parse(document.body) as { paths: Record<string, Record<string, unknown>> }).paths;
    const operation = paths[PATH]?.get as { responses: Record<string, unknown> } | undefined;
    assert.ok(operation, `${PATH} is documented`);
    for (const status of ['200', '401', '403', '500']) assert.ok(operation.responses[status], status);
  });
});
