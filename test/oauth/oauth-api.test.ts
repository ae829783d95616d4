import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadKeyring } from '../../src/secrets/keyring.js';
import { SecretStore } from '../../src/secrets/secret.store.js';
import { KINDS } from '../support/account-kinds.js';
import { DIALECTS, createTestStore, type TestStore } from '../support/databases.js';
import {
  startOAuthServer,
  storeAsEarlierRelay,
  TEST_CLIENTS,
  type TestOAuthServer,
} from '../support/oauth-server.js';
import { consentAsUser } from '../support/oauth-user.js';
import { startServer, type RunningServer } from '../support/server.js';
import { assertNoLeak } from '../support/store-dump.js';

let oauth: TestOAuthServer;
before(async () => {
  oauth = await startOAuthServer();
});
after(() => oauth.close());

for (const dialect of DIALECTS) {
  describe(`console consent through the REST API (${dialect})`, () => {
    let store: TestStore;
    let server: RunningServer;
    const bodies: string[] = [];
    const api = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
      const r = await server.api(method, path, body, headers);
      bodies.push(r.text);
      return r;
    };

    before(async () => {
      store = await createTestStore(dialect);
      server = await startServer({
        ...store.env,
        DROBOT_OAUTH_MICROSOFT_AUTHORITY: oauth.microsoftAuthority,
        DROBOT_OAUTH_GOOGLE_AUTHORITY: oauth.googleAuthority,
      });
    });
    after(async () => {
      await server.stop();
      await store.drop();
    });

    it('starts a consent, receives the redirect on its callback route and stores the tokens', async () => {
      const created = await api('POST', '/api/accounts', {
        name: 'console',
        direction: 'outbound',
        protocol: 'smtp',
        preset: 'office365',
        username: 'console@contoso.test',
        oauth: {
          clientId: TEST_CLIENTS.msApp.clientId,
          clientSecret: TEST_CLIENTS.msApp.clientSecret,
          tenantId: 'contoso',
        },
      });
      assert.equal(created.status, 201, created.text);
      assert.equal(
        (await api('POST', '/api/accounts/console/oauth/start', {}, { authorization: '' })).status,
        401,
      );
      const start = await api('POST', '/api/accounts/console/oauth/start', {}, { 'accept-language': 'en' });
      assert.equal(start.status, 200, start.text);
      const { url } = start.json<{ url: string }>();
      const authorize = new URL(url);
      assert.equal(authorize.searchParams.get('redirect_uri'), `${server.url}/api/oauth/callback`);
      assert.equal(
        authorize.searchParams.get('scope'),
        'https://outlook.office.com/SMTP.Send offline_access openid email',
      );
      const landing = await consentAsUser(url, { login: 'console@contoso.test' }, { deliver: false });
      // The browser goes back to the account's form, which reads how it went by the id in the address.
      const back = await fetch(landing.callbackUrl, { redirect: 'manual' });
      assert.equal(back.status, 303, await back.text());
      const id = /^\/\?oauth=([\w-]+)#\/accounts\/console$/.exec(back.headers.get('location') ?? '')?.[1];
      assert.ok(id, back.headers.get('location') ?? 'no location');
      const result = await api('GET', `/api/oauth/results/${id}`, undefined, { 'accept-language': 'en' });
      assert.equal(result.status, 200, result.text);
      assert.deepEqual(
        (({ account, ok, token }) => ({ account, ok, email: token.email, audience: token.audience }))(
          result.json<{ account: string; ok: boolean; token: { email: string; audience: string } }>(),
        ),
        { account: 'console', ok: true, email: 'console@contoso.test', audience: 'outlook' },
      );
      assert.equal(
        (await api('GET', `/api/oauth/results/${id}`, undefined, { authorization: '' })).status,
        401,
        'only an administrator reads it',
      );
      assert.equal((await api('GET', '/api/oauth/results/not-an-id-0')).status, 404);
      const status = await api('GET', '/api/accounts/console/oauth');
      const info = status.json<{ state: string; tokens: { audience: string; email: string }[] }>();
      assert.equal(info.state, 'ready');
      assert.equal(info.tokens[0]?.audience, 'outlook');
      assert.equal(info.tokens[0]?.email, 'console@contoso.test');
      // The same redirect again is refused: a state is used once.
      const replay = await fetch(landing.callbackUrl);
      assert.equal(replay.status, 400);
      assert.match(await replay.text(), /ninguna solicitud en curso|matches no pending request/);
    });

    it("sends a declined consent back to the account's form with the provider's error; the account stays unauthorized", async () => {
      await api('POST', '/api/accounts', {
        name: 'declined',
        direction: 'inbound',
        protocol: 'imap',
        preset: 'office365',
        username: 'declined@contoso.test',
        oauth: { clientId: TEST_CLIENTS.msDesktop.clientId, tenantId: 'contoso' },
      });
      const { url } = (await api('POST', '/api/accounts/declined/oauth/start', {})).json<{ url: string }>();
      const landing = await consentAsUser(
        url,
        { login: 'declined@contoso.test', decision: 'deny' },
        { deliver: false },
      );
      const back = await fetch(landing.callbackUrl, { redirect: 'manual' });
      assert.equal(back.status, 303);
      const id = /^\/\?oauth=([\w-]+)#\/accounts\/declined$/.exec(back.headers.get('location') ?? '')?.[1];
      assert.ok(id, back.headers.get('location') ?? 'no location');
      for (const [lang, said] of [
        ['es', /rechazó el consentimiento/],
        ['en', /declined|denied/i],
      ] as const) {
        const result = await api('GET', `/api/oauth/results/${id}`, undefined, { 'accept-language': lang });
        const body = result.json<{
          account: string;
          ok: boolean;
          error: { code: string; message: string };
        }>();
        assert.equal(body.account, 'declined');
        assert.equal(body.ok, false);
        assert.match(body.error.message, said);
      }
      const info = (await api('GET', '/api/accounts/declined/oauth')).json<{
        state: string;
        tokens: unknown[];
      }>();
      assert.equal(info.state, 'authorization_required');
      assert.deepEqual(info.tokens, []);
    });

    it('starts no consent for an SMTP account without authentication, which signs in to nothing', async () => {
      for (const name of ['relevo', 'relevo-viejo']) {
        const created = await api('POST', '/api/accounts', { name, ...KINDS.smtpOffice365.body });
        assert.equal(created.status, 201, created.text);
      }
      // As an earlier version stored one: the preset's app registration kept, waiting for an authorization.
      const database = await store.open();
      const pending = async () =>
        (await database.db.selectFrom('oauth_pending').select('account_id').execute()).map(
          (r) => r.account_id,
        );
      try {
        await storeAsEarlierRelay(database, 'relevo-viejo');
        const before = await pending();
        for (const name of ['relevo', 'relevo-viejo']) {
          const shown = (await api('GET', `/api/accounts/${name}`)).text;
          for (const [lang, said] of [
            [
              'es',
              new RegExp(`La cuenta «${name}» no inicia sesión: .*no necesita ninguna autorización OAuth`),
            ],
            ['en', new RegExp(`The account "${name}" does not sign in: .*needs no OAuth authorization`)],
          ] as const) {
            const start = await api(
              `POST`,
              `/api/accounts/${name}/oauth/start`,
              {},
              { 'accept-language': lang },
            );
            assert.equal(start.status, 409, `${name} (${lang}): ${start.text}`);
            const error = start.json<{ error: { code: string; message: string; field: string } }>().error;
            assert.deepEqual([error.code, error.field], ['oauth_no_login', 'smtpAuth']);
            assert.match(error.message, said);
          }
          assert.equal((await api('GET', `/api/accounts/${name}`)).text, shown, `${name} changed`);
        }
        assert.deepEqual(await pending(), before, 'a consent was started');
      } finally {
        await database.close();
      }
      for (const name of ['relevo', 'relevo-viejo']) await api('DELETE', `/api/accounts/${name}`);
    });

    it('never returns a token in API responses or exports', async () => {
      bodies.push((await api('GET', '/api/accounts')).text);
      bodies.push((await api('GET', '/api/accounts/console')).text);
      bodies.push((await api('GET', '/api/accounts/export')).text);
      bodies.push((await api('GET', '/api/openapi.json')).text);
      const database = await store.open();
      const secrets = new SecretStore(loadKeyring({ masterKey: undefined, dataDir: store.dataDir }));
      const id = (
        await database.db
          .selectFrom('accounts')
          .select('id')
          .where('name', '=', 'console')
          .executeTakeFirstOrThrow()
      ).id;
      const set = JSON.parse(
        (await secrets.get(database.db, { kind: 'account', id }, 'oauth_token:outlook')) ?? '{}',
      ) as {
        accessToken: string;
        refreshToken: string;
      };
      await database.close();
      assert.ok(set.accessToken && set.refreshToken);
      for (const token of [set.accessToken, set.refreshToken]) {
        assertNoLeak(bodies.join('\n'), token, 'API responses');
        assertNoLeak(server.stderr(), token, 'the server log');
      }
    });
  });
}
