import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DrobotError } from '../../src/errors/drobot-error.js';
import { OAuthAuthorizer } from '../../src/oauth/authorization.service.js';
import type { DeviceCodePrompt } from '../../src/oauth/flows/device.flow.js';
import { PendingConsentRepository } from '../../src/oauth/pending.repository.js';
import { checkAccountToken } from '../../src/oauth/token.check.js';
import {
  createOAuthFixture,
  gmailInput,
  office365Input,
  type OAuthFixture,
} from '../support/oauth-fixture.js';
import { startOAuthServer, TEST_CLIENTS, type TestOAuthServer } from '../support/oauth-server.js';
import { consentAsUser, enterDeviceCode, type UserChoice } from '../support/oauth-user.js';

let server: TestOAuthServer;
let fx: OAuthFixture;
before(async () => {
  server = await startOAuthServer();
  fx = await createOAuthFixture('sqlite', server);
});
after(async () => {
  await fx.close();
  await server.close();
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => assert.fail('expected an error'),
    (e: unknown) => {
      assert.ok(e instanceof DrobotError, String(e));
      return e;
    },
  );

describe('device authorization grant', () => {
  /** A user who reads the code on the terminal and enters it on another device. */
  function deviceUser(choice: UserChoice) {
    const seen: { prompt?: DeviceCodePrompt; done?: Promise<unknown> } = {};
    const waits: number[] = [];
    return {
      seen,
      waits,
      onDeviceCode: (prompt: DeviceCodePrompt) => {
        seen.prompt = prompt;
        seen.done = enterDeviceCode(prompt.verificationUri, prompt.userCode, choice);
      },
      sleep: async (ms: number) => {
        waits.push(ms);
        await new Promise((resolve) => setTimeout(resolve, 20));
      },
    };
  }

  it('shows the code, polls while pending, slows down when told, and stores the tokens', async () => {
    const account = await fx.accounts.create(office365Input('headless'));
    const user = deviceUser({ login: 'headless@contoso.test' });
    server.failNext('token', { status: 400, body: { error: 'slow_down' } });
    const infos = await fx.authorizer.authorize(account.id, {
      mode: 'device',
      lang: 'en',
      onDeviceCode: user.onDeviceCode,
      sleep: user.sleep,
    });
    await user.seen.done;
    assert.match(user.seen.prompt?.userCode ?? '', /^[A-Z]{4}-[A-Z]{4}$/);
    assert.match(user.seen.prompt?.verificationUri ?? '', /^http:\/\/127\.0\.0\.1:\d+\/device$/);
    assert.equal(user.waits[0], 5000, 'the RFC 8628 default interval');
    assert.equal(user.waits[1], 10000, 'slow_down adds 5 seconds');
    assert.equal(infos[0]?.email, 'headless@contoso.test');
    assert.equal((await fx.accounts.get(account.id)).state, 'ready');
  });

  it('reports a declined device sign-in and an expired code, storing nothing', async () => {
    const account = await fx.accounts.create(office365Input('declined'));
    const user = deviceUser({ login: 'declined@contoso.test', decision: 'deny' });
    const denied = await failure(
      fx.authorizer.authorize(account.id, { mode: 'device', lang: 'en', ...user }),
    );
    assert.equal(denied.code, 'oauth_access_denied');
    await user.seen.done;
    server.failNext('token', { status: 400, body: { error: 'expired_token' } });
    const expired = await failure(
      fx.authorizer.authorize(account.id, {
        mode: 'device',
        lang: 'en',
        sleep: () => Promise.resolve(),
      }),
    );
    assert.equal(expired.code, 'oauth_device_code_expired');
    assert.match(expired.render('es').hint ?? '', /--device/);
    assert.deepEqual((await fx.accounts.get(account.id)).secrets.tokens, []);
  });

  it('is what an Office 365 account without the HTTP listener gets by default', async () => {
    const account = await fx.accounts.create(
      office365Input('nolistener', {
        oauth: { clientId: TEST_CLIENTS.msDesktop.clientId, tenantId: 'contoso', useLoopback: false },
      }),
    );
    const user = deviceUser({ login: 'nolistener@contoso.test' });
    const infos = await fx.authorizer.authorize(account.id, { lang: 'es', ...user });
    await user.seen.done;
    assert.ok(user.seen.prompt, 'a device code was shown');
    assert.equal(infos[0]?.email, 'nolistener@contoso.test');
  });

  it('is offered for Microsoft only', async () => {
    const account = await fx.accounts.create(gmailInput('gdevice'));
    const error = await failure(fx.authorizer.authorize(account.id, { mode: 'device', lang: 'en' }));
    assert.equal(error.code, 'oauth_device_flow_unsupported');
    const check = await checkAccountToken(fx.tokenService, await fx.accounts.get(account.id));
    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.error.code, 'oauth_not_authorized');
  });
});

describe('client credentials (app-only)', () => {
  it('gets a Graph .default token with the client secret and renews it without a refresh token', async () => {
    const account = await fx.accounts.create(
      office365Input('daemon', {
        connection: 'graph',
        oauth: {
          clientId: TEST_CLIENTS.msApp.clientId,
          clientSecret: TEST_CLIENTS.msApp.clientSecret,
          tenantId: 'contoso',
        },
      }),
    );
    server.setAccessTokenTtl(60);
    const [info] = await fx.authorizer.authorize(account.id, { mode: 'app', lang: 'en' });
    assert.deepEqual(info?.scopes, ['https://graph.microsoft.com/.default']);
    assert.equal(info?.audience, 'graph');
    assert.equal(info?.flow, 'app');
    assert.equal(info?.hasRefreshToken, false);
    const before = server.grants.client_credentials ?? 0;
    const token = await fx.tokenService.getAccessToken(account.id, 'graph');
    assert.equal(token.refreshed, true);
    assert.equal(server.grants.client_credentials, before + 1);
    server.setAccessTokenTtl(3600);
    // The connection test's "token" step: a value saying what it found.
    const check = await checkAccountToken(fx.tokenService, await fx.accounts.get(account.id));
    assert.equal(check.ok, true);
    assert.equal(check.ok && check.audience, 'graph');
  });

  it('turns AADSTS replies of the token endpoint into hints, and stores nothing', async () => {
    const account = await fx.accounts.create(
      office365Input('badsecret', {
        connection: 'graph',
        oauth: {
          clientId: TEST_CLIENTS.msApp.clientId,
          clientSecret: 'wrong-secret-value',
          tenantId: 'contoso',
        },
      }),
    );
    server.failNext('token', {
      status: 401,
      body: {
        error: 'invalid_client',
        error_description:
          'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent is the client secret value.',
        error_codes: [7000215],
      },
    });
    const error = await failure(fx.authorizer.authorize(account.id, { mode: 'app', lang: 'es' }));
    assert.equal(error.code, 'oauth_aadsts_7000215');
    assert.match(error.render('es').hint ?? '', /VALOR del secreto/);
    // The real server, with the wrong secret, refuses the client.
    const refused = await failure(fx.authorizer.authorize(account.id, { mode: 'app', lang: 'en' }));
    assert.equal(refused.code, 'oauth_invalid_client');
    assert.ok(!JSON.stringify(refused.render('en')).includes('wrong-secret-value'));
    assert.deepEqual((await fx.accounts.get(account.id)).secrets.tokens, []);
  });

  it('says when the tenant does not exist', async () => {
    const account = await fx.accounts.create(
      office365Input('fabrikam', {
        connection: 'graph',
        oauth: {
          clientId: TEST_CLIENTS.msApp.clientId,
          clientSecret: TEST_CLIENTS.msApp.clientSecret,
          tenantId: 'fabrikam',
        },
      }),
    );
    const error = await failure(fx.authorizer.authorize(account.id, { mode: 'app', lang: 'en' }));
    assert.equal(error.code, 'oauth_aadsts_90002');
    assert.match(error.serverReply ?? '', /Tenant 'fabrikam' not found/);
  });
});

describe('console consent', () => {
  const redirectUri = 'http://127.0.0.1:8025/oauth/callback';
  /** Another worker process: its own authorizer, sharing only the database. */
  const otherWorker = () =>
    new OAuthAuthorizer({
      database: fx.database,
      accounts: fx.accountRepository,
      tokenService: fx.tokenService,
      pending: new PendingConsentRepository(fx.secrets),
      authorities: { microsoft: server.microsoftAuthority, google: server.googleAuthority },
    });

  it('is started by one worker and completed by another from the database', async () => {
    const account = await fx.accounts.create(office365Input('console'));
    const { url } = await fx.authorizer.startConsole(account.id, { redirectUri, lang: 'en' });
    assert.equal(new URL(url).searchParams.get('redirect_uri'), redirectUri);
    const landing = await consentAsUser(url, { login: 'console@contoso.test' }, { deliver: false });
    const query = new URL(landing.callbackUrl).searchParams;
    const done = await otherWorker().completeConsole(query);
    assert.equal(done.accountName, 'console');
    assert.equal(done.lang, 'en');
    assert.equal(done.token.email, 'console@contoso.test');
    assert.equal((await fx.accounts.get(account.id)).state, 'ready');
    // A state is redeemed once.
    const replay = await failure(otherWorker().completeConsole(query));
    assert.equal(replay.code, 'oauth_state_mismatch');
    const pending = await fx.database.db.selectFrom('oauth_pending').selectAll().execute();
    assert.equal(pending.length, 0);
  });

  it('refuses an unknown state and reports a declined consent, storing nothing', async () => {
    const account = await fx.accounts.create(office365Input('console2'));
    const forged = await failure(
      fx.authorizer.completeConsole(new URLSearchParams({ code: 'x', state: 'forged' })),
    );
    assert.equal(forged.code, 'oauth_state_mismatch');
    const { url } = await fx.authorizer.startConsole(account.id, { redirectUri, lang: 'es' });
    const landing = await consentAsUser(
      url,
      { login: 'console2@contoso.test', decision: 'deny' },
      { deliver: false },
    );
    const denied = await failure(fx.authorizer.completeConsole(new URL(landing.callbackUrl).searchParams));
    assert.equal(denied.code, 'oauth_access_denied');
    assert.deepEqual((await fx.accounts.get(account.id)).secrets.tokens, []);
  });

  it('keeps the PKCE verifier encrypted and lets a consent expire', async () => {
    const account = await fx.accounts.create(office365Input('console3'));
    const expired = new OAuthAuthorizer({
      database: fx.database,
      accounts: fx.accountRepository,
      tokenService: fx.tokenService,
      pending: new PendingConsentRepository(fx.secrets),
      authorities: { microsoft: server.microsoftAuthority },
      consoleTtlMs: -1,
    });
    const { url } = await expired.startConsole(account.id, { redirectUri, lang: 'es' });
    const verifierRow = await fx.database.db
      .selectFrom('secrets')
      .select(['ciphertext'])
      .where('owner_kind', '=', 'oauth_pending')
      .executeTakeFirstOrThrow();
    assert.match(verifierRow.ciphertext, /^v1\./);
    const landing = await consentAsUser(url, { login: 'console3@contoso.test' }, { deliver: false });
    const error = await failure(expired.completeConsole(new URL(landing.callbackUrl).searchParams));
    assert.equal(error.code, 'oauth_state_mismatch');
    assert.deepEqual((await fx.accounts.get(account.id)).secrets.tokens, []);
  });
});
