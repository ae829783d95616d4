import assert from 'node:assert/strict';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { ImapFlow } from 'imapflow';
import { isDrobotError } from '../../src/errors/drobot-error.js';
import { Pop3Client } from '../../src/transports/pop3/pop3.client.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createOAuthFixture, office365Input, type OAuthFixture } from '../support/oauth-fixture.js';
import { INTROSPECTION_CLIENT, startOAuthServer, type TestOAuthServer } from '../support/oauth-server.js';
import { consentAsUser } from '../support/oauth-user.js';
import { createTestPki, type TestPki } from '../support/pki.js';

const USER = 'mailbox@contoso.test';

let pki: TestPki;
let server: TestOAuthServer;
let dovecot: DovecotServer;
let fx: OAuthFixture;
let accountId: number;

before(async () => {
  pki = createTestPki();
  server = await startOAuthServer();
  // Dovecot authenticates to the introspection endpoint with HTTP Basic credentials in the URL.
  const introspection = new URL(server.introspectionUrl);
  introspection.username = INTROSPECTION_CLIENT.clientId;
  introspection.password = INTROSPECTION_CLIENT.clientSecret;
  dovecot = await startDovecot({
    pki,
    users: [{ user: USER, password: 'not-used-here' }],
    oauth2: { introspectionUrl: introspection.href },
  });
  fx = await createOAuthFixture('sqlite', server);
  accountId = (await fx.accounts.create(office365Input('mailbox'))).id;
});
after(async () => {
  await fx?.close();
  await dovecot?.stop();
  await server?.close();
});

async function authorize(): Promise<void> {
  await fx.authorizer.authorize(accountId, {
    mode: 'loopback',
    lang: 'en',
    opener: (url) => consentAsUser(url, { login: USER }),
  });
}

/** Logs in over IMAPS with SASL XOAUTH2 (imapflow) and reports whether Dovecot accepted the token. */
async function imapLogin(accessToken: string): Promise<boolean> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.ports.imaps,
    secure: true,
    tls: { ca: pki.caPem, servername: 'localhost' },
    auth: { user: USER, accessToken },
    logger: false,
  });
  try {
    await client.connect();
    const box = await client.mailboxOpen('INBOX');
    assert.equal(box.path, 'INBOX');
    await client.logout();
    return true;
  } catch (error) {
    if ((error as { authenticationFailed?: boolean }).authenticationFailed) return false;
    throw error;
  } finally {
    client.close();
  }
}

/** POP3 AUTH XOAUTH2 with DRobot's POP3 client on POP3S; true when Dovecot accepted the token. */
async function pop3Login(accessToken: string): Promise<boolean> {
  const socket = tls.connect({
    host: '127.0.0.1',
    port: dovecot.ports.pop3s,
    ca: pki.caPem,
    servername: 'localhost',
  });
  await new Promise((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
  const client = new Pop3Client(socket, { timeoutMs: 3000 });
  try {
    await client.authenticate(
      'XOAUTH2',
      { kind: 'oauth2', username: USER, accessToken },
      { host: 'localhost', port: dovecot.ports.pop3s },
    );
    await client.stat();
    await client.quit();
    return true;
  } catch (error) {
    if (isDrobotError(error) && error.code === 'pop3_oauth_rejected') return false;
    throw error;
  } finally {
    client.close();
  }
}

describe('SASL OAuth with DRobot tokens against Dovecot (IMAP: imapflow, POP3: DRobot POP3 client XOAUTH2)', () => {
  it('logs in over IMAP and POP3 with a valid token', async () => {
    server.setAccessTokenTtl(3600);
    await authorize();
    const { accessToken } = await fx.tokenService.getAccessToken(accountId, 'outlook');
    assert.equal(await imapLogin(accessToken), true, dovecot.log());
    assert.equal(await pop3Login(accessToken), true, dovecot.log());
  });

  it('fails with an expired token and succeeds again once DRobot refreshed it', async () => {
    server.setAccessTokenTtl(1);
    await authorize();
    const stale = await fx.tokens.get(fx.database.db, accountId, 'outlook');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(await imapLogin(stale?.accessToken ?? ''), false);
    assert.equal(await pop3Login(stale?.accessToken ?? ''), false);
    server.setAccessTokenTtl(3600);
    const fresh = await fx.tokenService.getAccessToken(accountId, 'outlook');
    assert.equal(fresh.refreshed, true);
    assert.equal(await imapLogin(fresh.accessToken), true);
  });

  it('fails with a token whose grant was revoked', async () => {
    const { accessToken } = await fx.tokenService.getAccessToken(accountId, 'outlook');
    assert.equal(await imapLogin(accessToken), true);
    await server.revokeUser(USER);
    assert.equal(await imapLogin(accessToken), false);
  });
});
