import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DrobotError } from '../../src/errors/drobot-error.js';
import {
  createOAuthFixture,
  gmailInput,
  office365Input,
  type OAuthFixture,
} from '../support/oauth-fixture.js';
import { startOAuthServer, type TestOAuthServer } from '../support/oauth-server.js';
import { consentAsUser, type Landing } from '../support/oauth-user.js';

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

/** A browser that hands the URL to a user who consents (or not); the landing page is kept. */
function browser(choice: Parameters<typeof consentAsUser>[1]) {
  const seen: { url?: string; landing?: Landing; done?: Promise<void> } = {};
  const opener = (url: string) => {
    seen.url = url;
    seen.done = consentAsUser(url, choice).then((landing) => {
      seen.landing = landing;
    });
    return seen.done;
  };
  /** Waits until the browser has shown the listener's answer page. */
  const landed = async () => {
    await seen.done;
    return seen.landing;
  };
  return { seen, opener, landed };
}

describe('authorization code + PKCE through the loopback listener', () => {
  it('authorizes an Office 365 account and stores its tokens encrypted', async () => {
    const account = await fx.accounts.create(office365Input('alice'));
    assert.equal(account.state, 'authorization_required');
    const { opener, landed } = browser({ login: 'alice@contoso.test' });
    const shown: string[] = [];
    const infos = await fx.authorizer.authorize(account.id, {
      mode: 'loopback',
      lang: 'es',
      opener,
      onUrl: (url) => shown.push(url),
    });
    const url = new URL(shown[0] ?? '');
    assert.equal(url.pathname, '/microsoft/contoso/oauth2/v2.0/authorize');
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.match(url.searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(url.searchParams.get('login_hint'), 'alice@contoso.test');
    const landing = await landed();
    assert.equal(landing?.status, 200);
    assert.match(landing?.body ?? '', /Cuenta autorizada/);
    assert.equal(infos.length, 1);
    assert.equal(infos[0]?.audience, 'outlook');
    assert.equal(infos[0]?.email, 'alice@contoso.test');
    assert.ok(infos[0]?.scopes.includes('https://outlook.office.com/IMAP.AccessAsUser.All'));
    assert.equal(infos[0]?.hasRefreshToken, true);
    const stored = await fx.accounts.get(account.id);
    assert.equal(stored.state, 'ready');
    assert.deepEqual(stored.secrets.tokens, ['outlook']);
    const row = await fx.database.db
      .selectFrom('secrets')
      .select('ciphertext')
      .where('name', '=', 'oauth_token:outlook')
      .executeTakeFirstOrThrow();
    const token = await fx.tokenService.getAccessToken(account.id, 'outlook');
    assert.ok(!row.ciphertext.includes(token.accessToken), 'tokens are encrypted at rest');
    assert.ok(!fx.log.text.includes(token.accessToken), 'no token in the log');
  });

  it('asks Google for offline access with consent and the mail scope', async () => {
    const account = await fx.accounts.create(gmailInput('bob'));
    const { opener, landed } = browser({ login: 'bob@gmail.test' });
    let shown = '';
    // The account says "do not open the browser": the URL is only shown; the user opens it.
    await fx.authorizer.authorize(account.id, {
      mode: 'loopback',
      lang: 'en',
      onUrl: (url) => {
        shown = url;
        void opener(url);
      },
    });
    const url = new URL(shown);
    assert.equal(url.pathname, '/google/o/oauth2/v2/auth');
    assert.equal(url.searchParams.get('access_type'), 'offline');
    assert.equal(url.searchParams.get('prompt'), 'consent');
    assert.equal(url.searchParams.get('scope'), 'https://mail.google.com/ openid email');
    assert.match((await landed())?.body ?? '', /Account authorized/);
    const [info] = await fx.tokenService.info(account.id);
    assert.equal(info?.audience, 'google');
    assert.equal(info?.email, 'bob@gmail.test');
  });

  it('shows a declined consent as a readable error and stores nothing', async () => {
    const account = await fx.accounts.create(office365Input('carol'));
    const { opener, landed } = browser({ login: 'carol@contoso.test', decision: 'deny' });
    const error = await fx.authorizer.authorize(account.id, { mode: 'loopback', lang: 'en', opener }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof DrobotError);
    assert.equal(error.code, 'oauth_access_denied');
    const landing = await landed();
    assert.equal(landing?.status, 400);
    assert.match(landing?.body ?? '', /declined consent/);
    assert.deepEqual((await fx.accounts.get(account.id)).secrets.tokens, []);
  });

  it('turns an AADSTS error on the redirect into what to change in the app registration', async () => {
    const account = await fx.accounts.create(office365Input('dave'));
    const { opener, landed } = browser({
      login: 'dave@contoso.test',
      decision: 'deny',
      error: 'invalid_request',
      errorDescription: 'AADSTS65001: The user or administrator has not consented to use the application.',
    });
    const error = await fx.authorizer.authorize(account.id, { mode: 'loopback', lang: 'es', opener }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof DrobotError);
    assert.equal(error.code, 'oauth_aadsts_65001');
    assert.match(error.render('es').hint ?? '', /Conceder consentimiento de administrador/);
    assert.match((await landed())?.body ?? '', /AADSTS65001/);
    assert.deepEqual((await fx.accounts.get(account.id)).secrets.tokens, []);
  });

  it('ignores a callback with a wrong state and still accepts the real one', async () => {
    const account = await fx.accounts.create(office365Input('erin'));
    const forged: { status?: number; body?: string } = {};
    const opener = async (url: string) => {
      const redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
      const bad = await fetch(`${redirect}?code=stolen&state=wrong`);
      forged.status = bad.status;
      forged.body = await bad.text();
      await consentAsUser(url, { login: 'erin@contoso.test' });
    };
    const infos = await fx.authorizer.authorize(account.id, { mode: 'loopback', lang: 'en', opener });
    assert.equal(forged.status, 400);
    assert.match(forged.body ?? '', /matches no pending request/);
    assert.equal(infos[0]?.email, 'erin@contoso.test');
  });

  it('accepts exactly one callback: the listener is closed afterwards', async () => {
    const account = await fx.accounts.create(office365Input('frank'));
    let callback = '';
    const opener = async (url: string) => {
      callback = (await consentAsUser(url, { login: 'frank@contoso.test' })).callbackUrl;
    };
    await fx.authorizer.authorize(account.id, { mode: 'loopback', lang: 'en', opener });
    await assert.rejects(fetch(callback));
  });

  it('fails clearly and retryably when the token endpoint is down', async () => {
    const account = await fx.accounts.create(
      office365Input('hank', {
        oauth: { clientId: 'ms-desktop', tenantId: 'contoso', authority: 'http://127.0.0.1:9/microsoft' },
      }),
    );
    const error = await fx.authorizer.authorize(account.id, { mode: 'app', lang: 'en' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    // Without a secret, the app flow stops before any network call.
    assert.ok(error instanceof DrobotError);
    assert.equal(error.code, 'oauth_client_secret_missing');
    await fx.accounts.edit(account.id, { oauth: { clientSecret: 'anything-secret' } });
    const down = await fx.authorizer.authorize(account.id, { mode: 'app', lang: 'en' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(down instanceof DrobotError);
    assert.equal(down.code, 'oauth_endpoint_unreachable');
    assert.equal(down.retryable, true);
    assert.ok(!JSON.stringify(down.render('en')).includes('anything-secret'));
    assert.deepEqual((await fx.accounts.get(account.id)).secrets.tokens, []);
  });
});
