import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DrobotError } from '../../src/errors/drobot-error.js';
import { DIALECTS } from '../support/databases.js';
import {
  createOAuthFixture,
  gmailInput,
  office365Input,
  type OAuthFixture,
} from '../support/oauth-fixture.js';
import { startOAuthServer, type TestOAuthServer } from '../support/oauth-server.js';
import { consentAsUser } from '../support/oauth-user.js';

let server: TestOAuthServer;
before(async () => {
  server = await startOAuthServer();
});
after(() => server.close());

const refreshes = () => server.grants.refresh_token ?? 0;

for (const dialect of DIALECTS) {
  describe(`token storage and refresh (${dialect})`, () => {
    let fx: OAuthFixture;
    before(async () => {
      fx = await createOAuthFixture(dialect, server);
    });
    after(() => fx.close());

    /** Creates an account and lets its user consent in the "browser"; tokens live `ttl` seconds. */
    async function authorized(name: string, ttl: number): Promise<number> {
      server.setAccessTokenTtl(ttl);
      const account = await fx.accounts.create(office365Input(name));
      await fx.authorizer.authorize(account.id, {
        mode: 'loopback',
        lang: 'en',
        opener: (url) => consentAsUser(url, { login: `${name}@contoso.test` }),
      });
      return account.id;
    }

    it('hands out the stored token while it is valid beyond the margin', async () => {
      const id = await authorized('fresh', 3600);
      const before = refreshes();
      const first = await fx.tokenService.getAccessToken(id, 'outlook');
      const second = await fx.tokenService.getAccessToken(id, 'outlook');
      assert.equal(first.accessToken, second.accessToken);
      assert.equal(first.refreshed, false);
      assert.equal(first.email, 'fresh@contoso.test');
      assert.equal(refreshes(), before);
    });

    it('refreshes before expiry and stores the rotated refresh token', async () => {
      // 60 s of life is inside the 5-minute margin: every use refreshes.
      const id = await authorized('rotate', 60);
      const stored = await fx.tokens.get(fx.database.db, id, 'outlook');
      const before = refreshes();
      const first = await fx.tokenService.getAccessToken(id, 'outlook');
      assert.equal(first.refreshed, true);
      assert.notEqual(first.accessToken, stored?.accessToken);
      const rotated = await fx.tokens.get(fx.database.db, id, 'outlook');
      assert.ok(rotated?.refreshToken && rotated.refreshToken !== stored?.refreshToken, 'rotated');
      assert.equal(rotated?.email, 'rotate@contoso.test', 'identity kept across refreshes');
      // The server treats a reused rotated-away refresh token as theft; a second refresh proves the new
      // one was stored.
      const second = await fx.tokenService.getAccessToken(id, 'outlook');
      assert.equal(second.refreshed, true);
      assert.equal(refreshes(), before + 2);
      assert.equal((await fx.accounts.get(id)).state, 'ready');
    });

    it('renews a token the API refused although it had not expired, unless another worker did already', async () => {
      const id = await authorized('refused', 3600);
      const before = refreshes();
      const stored = await fx.tokenService.getAccessToken(id, 'outlook');
      assert.equal(stored.refreshed, false);
      const renewed = await fx.tokenService.getAccessToken(id, 'outlook', { refused: stored.accessToken });
      assert.equal(renewed.refreshed, true);
      assert.notEqual(renewed.accessToken, stored.accessToken);
      assert.equal(refreshes(), before + 1);
      // A second worker refused the old token too: the one stored meanwhile serves, no second refresh.
      const worker = await fx.secondWorker();
      try {
        const late = await worker.tokenService.getAccessToken(id, 'outlook', { refused: stored.accessToken });
        assert.equal(late.accessToken, renewed.accessToken);
        assert.equal(late.refreshed, false);
      } finally {
        await worker.close();
      }
      assert.equal(refreshes(), before + 1);
    });

    it('refreshes a Gmail token too, keeping the mailbox identity', async () => {
      server.setAccessTokenTtl(60);
      const account = await fx.accounts.create(gmailInput('gmailer'));
      await fx.authorizer.authorize(account.id, {
        mode: 'loopback',
        lang: 'en',
        openBrowser: true,
        opener: (url) => consentAsUser(url, { login: 'gmailer@gmail.test' }),
      });
      const token = await fx.tokenService.getAccessToken(account.id, 'google');
      assert.equal(token.refreshed, true);
      assert.equal(token.email, 'gmailer@gmail.test');
      assert.deepEqual(token.scopes, ['https://mail.google.com/', 'openid', 'email']);
    });

    it('refreshes once for many concurrent callers, also from another worker', async () => {
      const id = await authorized('crowd', 60);
      const other = await fx.secondWorker();
      server.setAccessTokenTtl(3600);
      const before = refreshes();
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 === 0 ? fx.tokenService : other.tokenService).getAccessToken(id, 'outlook'),
        ),
      );
      await other.close();
      assert.equal(refreshes(), before + 1, 'one refresh');
      assert.equal(new Set(results.map((r) => r.accessToken)).size, 1);
      assert.equal((await fx.accounts.get(id)).state, 'ready');
    });

    it('puts the account in "authorization required" when the grant is revoked', async () => {
      const id = await authorized('revoked', 60);
      await server.revokeUser('revoked@contoso.test');
      const error = await fx.tokenService.getAccessToken(id, 'outlook').then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof DrobotError);
      assert.equal(error.code, 'oauth_authorization_required');
      const account = await fx.accounts.get(id);
      assert.equal(account.state, 'authorization_required');
      assert.ok(account.stateDetail && account.stateDetail.length > 0, 'the provider message is kept');
      // The robot stops using it: no more calls to the provider until it is authorized again.
      const before = { ...server.grants };
      await assert.rejects(fx.tokenService.getAccessToken(id, 'outlook'), {
        code: 'oauth_authorization_required',
      });
      assert.deepEqual(server.grants, before);
      server.setAccessTokenTtl(3600);
      await fx.authorizer.authorize(id, {
        mode: 'loopback',
        lang: 'en',
        opener: (url) => consentAsUser(url, { login: 'revoked@contoso.test' }),
      });
      assert.equal((await fx.accounts.get(id)).state, 'ready');
      assert.equal((await fx.tokenService.getAccessToken(id, 'outlook')).refreshed, false);
    });

    it('keeps tokens and state when the token endpoint fails, using a still-valid token meanwhile', async () => {
      const id = await authorized('flaky', 60);
      const stored = await fx.tokens.get(fx.database.db, id, 'outlook');
      server.failNext('token', { status: 503, body: {} });
      const meanwhile = await fx.tokenService.getAccessToken(id, 'outlook');
      assert.equal(meanwhile.accessToken, stored?.accessToken);
      assert.equal(meanwhile.refreshed, false);
      assert.deepEqual(await fx.tokens.get(fx.database.db, id, 'outlook'), stored);
      assert.match(fx.log.text, /oauth refresh failed; using the current token/);
      assert.equal((await fx.tokenService.getAccessToken(id, 'outlook')).refreshed, true);
    });

    it('says the failure is retryable once the token has expired, and changes nothing', async () => {
      const id = await authorized('expired', 1);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const stored = await fx.tokens.get(fx.database.db, id, 'outlook');
      server.failNext('token', { status: 503, body: {} });
      await assert.rejects(fx.tokenService.getAccessToken(id, 'outlook'), (e: unknown) => {
        assert.ok(e instanceof DrobotError);
        assert.equal(e.code, 'oauth_endpoint_failed');
        assert.equal(e.retryable, true);
        return true;
      });
      assert.deepEqual(await fx.tokens.get(fx.database.db, id, 'outlook'), stored);
      assert.equal((await fx.accounts.get(id)).state, 'ready');
      server.setAccessTokenTtl(3600);
      assert.equal((await fx.tokenService.getAccessToken(id, 'outlook')).refreshed, true);
    });

    it('never writes a token to the log', async () => {
      const secrets: string[] = [];
      for (const row of await fx.database.db.selectFrom('accounts').select('id').execute()) {
        for (const audience of await fx.tokens.audiences(fx.database.db, row.id)) {
          const set = await fx.tokens.get(fx.database.db, row.id, audience);
          if (set) secrets.push(set.accessToken, ...(set.refreshToken ? [set.refreshToken] : []));
        }
      }
      assert.ok(secrets.length > 4);
      assert.match(fx.log.text, /oauth access token refreshed/);
      for (const secret of secrets) assert.ok(!fx.log.text.includes(secret));
    });
  });
}
