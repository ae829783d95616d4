import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Account } from '../../src/accounts/account.model.js';
import { DrobotError } from '../../src/errors/drobot-error.js';
import {
  authorizationUrl,
  challengeOf,
  newAuthorizationSecrets,
  readCallback,
  sameState,
} from '../../src/oauth/flows/authorization-request.js';
import { callbackPage } from '../../src/oauth/flows/callback.page.js';
import { runLoopbackConsent } from '../../src/oauth/flows/loopback.flow.js';
import { oauthErrors } from '../../src/oauth/oauth.errors.js';
import { endpointsFor } from '../../src/oauth/providers.js';
import { postForm, requestToken } from '../../src/oauth/token.client.js';
import { audienceOf, missingScopes } from '../../src/oauth/token.check.js';
import { identityOf, isFresh, tokenSetFrom } from '../../src/oauth/token.model.js';

const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('authorization request', () => {
  it('makes a fresh S256 PKCE pair and state each time', () => {
    const a = newAuthorizationSecrets();
    const b = newAuthorizationSecrets();
    assert.notEqual(a.state, b.state);
    assert.notEqual(a.verifier, b.verifier);
    assert.match(a.verifier, /^[A-Za-z0-9_-]{43}$/);
    // RFC 7636 appendix B.
    assert.equal(
      challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'),
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    assert.equal(sameState(a.state, a.state), true);
    assert.equal(sameState(a.state, b.state), false);
    assert.equal(sameState(a.state, undefined), false);
  });

  it('builds the URL with every parameter and reads what comes back', () => {
    const url = new URL(
      authorizationUrl({
        authorizeEndpoint: 'https://login.example/auth?x=1',
        clientId: 'app',
        redirectUri: 'http://127.0.0.1:5000/',
        scopes: ['a', 'b'],
        state: 'st',
        challenge: 'ch',
        extra: { prompt: 'consent' },
        loginHint: 'me@example.test',
      }),
    );
    assert.equal(url.searchParams.get('x'), '1');
    assert.equal(url.searchParams.get('scope'), 'a b');
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('prompt'), 'consent');
    assert.equal(url.searchParams.get('login_hint'), 'me@example.test');
    assert.deepEqual(readCallback(new URLSearchParams('code=c&state=s')), {
      kind: 'code',
      code: 'c',
      state: 's',
    });
    assert.deepEqual(readCallback(new URLSearchParams('error=access_denied&state=s')), {
      kind: 'error',
      error: 'access_denied',
      state: 's',
      description: undefined,
    });
    assert.deepEqual(readCallback(new URLSearchParams('code=c')), { kind: 'other' });
  });
});

describe('callback page', () => {
  it('speaks the language and escapes what the provider sent', () => {
    const error = new DrobotError(oauthErrors.providerError, {
      params: { error: 'x', detail: '<script>alert(1)</script>' },
      serverReply: '<img src=x>',
    });
    const page = callbackPage({ kind: 'failure', error: error.render('es') }, 'es');
    assert.match(page, /<html lang="es">/);
    assert.match(page, /No se pudo autorizar la cuenta/);
    assert.ok(!page.includes('<script>') && !page.includes('<img'));
    assert.match(
      callbackPage({ kind: 'success', email: 'a@b.test' }, 'en'),
      /can now use the account a@b\.test/,
    );
  });
});

describe('token model', () => {
  it('reads the mailbox from the id_token and keeps the previous refresh token', () => {
    assert.deepEqual(identityOf(jwt({ sub: 's', email: 'x@y.test' })), {
      email: 'x@y.test',
      username: 'x@y.test',
    });
    assert.deepEqual(identityOf(jwt({ sub: 's', preferred_username: 'u@t.test' })), { username: 'u@t.test' });
    assert.deepEqual(identityOf('not a jwt'), {});
    const now = new Date('2026-01-01T00:00:00Z');
    const first = tokenSetFrom(
      'google',
      { access_token: 'a1', refresh_token: 'r1', expires_in: 3600, id_token: jwt({ email: 'x@y.test' }) },
      ['s'],
      now,
    );
    assert.equal(first.expiresAt, '2026-01-01T01:00:00.000Z');
    assert.deepEqual(first.scopes, ['s']);
    const second = tokenSetFrom('google', { access_token: 'a2', scope: 's t' }, ['s'], now, first);
    assert.equal(second.refreshToken, 'r1');
    assert.equal(second.email, 'x@y.test');
    assert.deepEqual(second.scopes, ['s', 't']);
    assert.equal(isFresh(first, new Date('2026-01-01T00:54:00Z'), 5 * 60_000), true);
    assert.equal(isFresh(first, new Date('2026-01-01T00:56:00Z'), 5 * 60_000), false);
  });
});

const reply = (status: number, body: string) => (async () => new Response(body, { status })) as typeof fetch;

describe('token endpoint client', () => {
  const url = 'http://127.0.0.1:9/token';

  it('maps a timeout and a refused connection to a retryable "unreachable"', async () => {
    const hang = ((_u: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        // A socket would keep the process alive; the timeout signal's own timer does not.
        const alive = setTimeout(() => undefined, 5000);
        init?.signal?.addEventListener('abort', () => {
          clearTimeout(alive);
          reject(init.signal?.reason);
        });
      })) as typeof fetch;
    await assert.rejects(postForm(url, {}, 'token', { fetch: hang, timeoutMs: 50 }), (e: unknown) => {
      assert.ok(e instanceof DrobotError && e.code === 'oauth_endpoint_unreachable' && e.retryable);
      assert.match(e.message, /timeout/);
      return true;
    });
    await assert.rejects(postForm(url, {}, 'token'), { code: 'oauth_endpoint_unreachable', retryable: true });
  });

  it('tells a provider outage from a bad answer', async () => {
    await assert.rejects(postForm(url, {}, 'token', { fetch: reply(502, '<html>Bad gateway</html>') }), {
      code: 'oauth_endpoint_failed',
      retryable: true,
    });
    await assert.rejects(requestToken(url, {}, { fetch: reply(200, '{"token_type":"Bearer"}') }), {
      code: 'oauth_bad_response',
    });
    await assert.rejects(
      postForm(url, {}, 'token', { fetch: reply(503, '{"error":"temporarily_unavailable"}') }),
      {
        code: 'oauth_provider_error',
        retryable: true,
      },
    );
  });

  it('keeps a refresh token the provider gives back unchanged, as it came', async () => {
    const refresh = 'rt-0123456789';
    const same = reply(
      200,
      JSON.stringify({
        access_token: 'at-1',
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: refresh,
      }),
    );
    const token = await requestToken(
      url,
      { grant_type: 'refresh_token', refresh_token: refresh },
      { fetch: same },
    );
    assert.equal(token.refresh_token, refresh, 'stored as the provider gave it, not as *****');
    assert.equal(token.access_token, 'at-1');
  });

  it('never repeats a secret the provider echoed', async () => {
    const echo = reply(
      400,
      JSON.stringify({ error: 'invalid_grant', error_description: 'bad refresh token rt-0123456789' }),
    );
    const error = await postForm(url, { refresh_token: 'rt-0123456789' }, 'token', { fetch: echo }).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof DrobotError);
    assert.ok(!JSON.stringify(error.render('en')).includes('rt-0123456789'));
    assert.ok(!error.message.includes('rt-0123456789'));
  });
});

describe('loopback listener', () => {
  const consent = (timeoutMs: number, onUrl: (url: string) => void) =>
    runLoopbackConsent({
      endpoints: endpointsFor('microsoft', { tenant: 't', authority: 'http://127.0.0.1:9' }),
      client: { clientId: 'app' },
      scopes: ['s'],
      lang: 'en',
      openBrowser: false,
      timeoutMs,
      onUrl,
    }).catch((e: unknown) => e);

  it('gives up after the timeout', async () => {
    const error = await consent(300, () => undefined);
    assert.ok(error instanceof DrobotError);
    assert.equal(error.code, 'oauth_consent_timeout');
  });

  it('answers stray requests with 404 while it waits, then takes the callback', async () => {
    // The stray request is answered before the callback ends the wait: no race with a timer.
    let stray = 0;
    const error = await consent(120_000, (url) => {
      const authorize = new URL(url);
      const redirect = authorize.searchParams.get('redirect_uri') ?? '';
      const state = authorize.searchParams.get('state') ?? '';
      void fetch(`${redirect}favicon.ico`).then(async (r) => {
        stray = r.status;
        await fetch(`${redirect}?error=access_denied&state=${encodeURIComponent(state)}`);
      });
    });
    assert.equal(stray, 404);
    assert.ok(error instanceof DrobotError);
    assert.equal(error.code, 'oauth_access_denied');
  });
});

describe('token check helpers', () => {
  const imap = {
    preset: 'office365',
    connection: 'protocol',
    direction: 'inbound',
    protocol: 'imap',
  } as Pick<Account, 'preset' | 'connection' | 'direction' | 'protocol'>;
  it('names the audience and the scopes a token lacks', () => {
    assert.equal(audienceOf(imap), 'outlook');
    assert.deepEqual(
      missingScopes(imap, 'delegated', ['https://outlook.office.com/IMAP.AccessAsUser.All', 'openid']),
      [],
    );
    assert.deepEqual(missingScopes(imap, 'delegated', ['https://outlook.office.com/POP.AccessAsUser.All']), [
      'https://outlook.office.com/IMAP.AccessAsUser.All',
    ]);
    assert.deepEqual(missingScopes(imap, 'app', ['https://outlook.office365.com/.default']), []);
  });
  it('a sending Graph account needs Mail.Send; Mail.ReadWrite (for drafts) is asked for, not required', () => {
    const sender = { ...imap, connection: 'graph', direction: 'outbound', protocol: 'smtp' } as typeof imap;
    assert.deepEqual(missingScopes(sender, 'delegated', ['https://graph.microsoft.com/Mail.Send']), []);
    assert.deepEqual(missingScopes(sender, 'delegated', ['https://graph.microsoft.com/Mail.ReadWrite']), [
      'https://graph.microsoft.com/Mail.Send',
    ]);
    const reader = { ...sender, direction: 'inbound', protocol: 'imap' } as typeof imap;
    assert.deepEqual(missingScopes(reader, 'delegated', ['https://graph.microsoft.com/Mail.Send']), [
      'https://graph.microsoft.com/Mail.ReadWrite',
    ]);
  });
});
