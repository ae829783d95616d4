import type { AccessTokenProvider } from '../../src/transports/ports.js';
import type { OAuthFixture } from './oauth-fixture.js';
import { TEST_CLIENTS } from './oauth-server.js';
import { consentAsUser } from './oauth-user.js';

/**
 * Graph and Gmail API accounts authorized against the suite's authorization server, and the token
 * provider an API adapter takes: the real token service, which refreshes (and, once the grant is revoked,
 * puts the account in "authorization required").
 */
export interface AuthorizedAccount {
  readonly id: number;
  readonly tokens: AccessTokenProvider;
}

function providerFor(fx: OAuthFixture, id: number, audience: 'graph' | 'google'): AccessTokenProvider {
  let last: string | undefined;
  return async (renew) => {
    const token = await fx.tokenService.getAccessToken(id, audience, renew ? { refused: last } : {});
    last = token.accessToken;
    return last;
  };
}

/** An Office 365 Graph account whose user consented (delegated: `/me`). */
export async function graphDelegated(
  fx: OAuthFixture,
  name: string,
  user: string,
  direction: 'inbound' | 'outbound' = 'inbound',
): Promise<AuthorizedAccount> {
  const account = await fx.accounts.create({
    name,
    direction,
    protocol: direction === 'inbound' ? 'imap' : 'smtp',
    preset: 'office365',
    connection: 'graph',
    username: user,
    oauth: { clientId: TEST_CLIENTS.msDesktop.clientId, tenantId: 'contoso', useLoopback: true },
  });
  await fx.authorizer.authorize(account.id, {
    mode: 'loopback',
    lang: 'en',
    opener: (url) => consentAsUser(url, { login: user }),
  });
  return { id: account.id, tokens: providerFor(fx, account.id, 'graph') };
}

/** An Office 365 Graph account with an app-only token (client credentials, `.default`). */
export async function graphAppOnly(
  fx: OAuthFixture,
  name: string,
  mailbox: string,
): Promise<AuthorizedAccount> {
  const account = await fx.accounts.create({
    name,
    direction: 'inbound',
    protocol: 'imap',
    preset: 'office365',
    connection: 'graph',
    username: mailbox,
    oauth: {
      clientId: TEST_CLIENTS.msApp.clientId,
      clientSecret: TEST_CLIENTS.msApp.clientSecret,
      tenantId: 'contoso',
    },
  });
  await fx.authorizer.authorize(account.id, { mode: 'app', lang: 'en' });
  return { id: account.id, tokens: providerFor(fx, account.id, 'graph') };
}

/** A Gmail API account whose user consented. */
export async function gmailDelegated(
  fx: OAuthFixture,
  name: string,
  user: string,
  direction: 'inbound' | 'outbound' = 'inbound',
): Promise<AuthorizedAccount> {
  const account = await fx.accounts.create({
    name,
    direction,
    protocol: direction === 'inbound' ? 'imap' : 'smtp',
    preset: 'gmail',
    connection: 'gmail-api',
    username: user,
    oauth: {
      clientId: TEST_CLIENTS.googleDesktop.clientId,
      clientSecret: TEST_CLIENTS.googleDesktop.clientSecret,
      useLoopback: true,
      useBrowser: false,
    },
  });
  await fx.authorizer.authorize(account.id, {
    mode: 'loopback',
    lang: 'en',
    openBrowser: true,
    opener: (url) => consentAsUser(url, { login: user }),
  });
  return { id: account.id, tokens: providerFor(fx, account.id, 'google') };
}
