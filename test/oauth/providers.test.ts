import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Account } from '../../src/accounts/account.model.js';
import { DrobotError } from '../../src/errors/drobot-error.js';
import { aadstsErrors } from '../../src/oauth/aadsts.errors.js';
import { oauthErrors } from '../../src/oauth/oauth.errors.js';
import { oauthSettingsOf } from '../../src/oauth/oauth-settings.js';
import { isInvalidGrant, providerError, scrub } from '../../src/oauth/provider-error.js';
import { audiencesFor, endpointsFor, scopesFor } from '../../src/oauth/providers.js';

const account = (preset: string, connection: string, direction: string, protocol: string) => ({
  preset,
  connection,
  direction,
  protocol,
});

describe('provider presets', () => {
  it('asks Microsoft for the one Outlook scope of the protocol, with offline access', () => {
    const imap = scopesFor(account('office365', 'protocol', 'inbound', 'imap'), 'delegated');
    assert.deepEqual(imap, [
      {
        audience: 'outlook',
        scopes: ['https://outlook.office.com/IMAP.AccessAsUser.All', 'offline_access', 'openid', 'email'],
      },
    ]);
    const pop = scopesFor(account('office365', 'protocol', 'inbound', 'pop3'), 'delegated');
    assert.equal(pop[0]?.scopes[0], 'https://outlook.office.com/POP.AccessAsUser.All');
    const smtp = scopesFor(account('office365', 'protocol', 'outbound', 'smtp'), 'delegated');
    assert.equal(smtp[0]?.scopes[0], 'https://outlook.office.com/SMTP.Send');
  });

  it('keeps Graph scopes in their own request and audience', () => {
    const read = scopesFor(account('office365', 'graph', 'inbound', 'imap'), 'delegated');
    assert.deepEqual(read[0]?.audience, 'graph');
    assert.equal(read[0]?.scopes[0], 'https://graph.microsoft.com/Mail.ReadWrite');
    const send = scopesFor(account('office365', 'graph', 'outbound', 'smtp'), 'delegated');
    assert.equal(send[0]?.scopes[0], 'https://graph.microsoft.com/Mail.Send');
    // Beside it, what creating a draft needs: the Message-ID Exchange gives a mail is read back.
    assert.ok(send[0]?.scopes.includes('https://graph.microsoft.com/Mail.ReadWrite'));
    for (const request of [...read, ...send]) {
      assert.ok(!request.scopes.some((s) => s.startsWith('https://outlook.')), 'never mixed');
    }
  });

  it('uses .default scopes for app-only Microsoft tokens', () => {
    assert.deepEqual(scopesFor(account('office365', 'graph', 'inbound', 'imap'), 'app'), [
      { audience: 'graph', scopes: ['https://graph.microsoft.com/.default'] },
    ]);
    assert.deepEqual(scopesFor(account('office365', 'protocol', 'inbound', 'pop3'), 'app'), [
      { audience: 'outlook', scopes: ['https://outlook.office365.com/.default'] },
    ]);
  });

  it('asks Google for mail.google.com, gmail.modify, or gmail.send alone', () => {
    const mail = scopesFor(account('gmail', 'protocol', 'inbound', 'imap'), 'delegated');
    assert.deepEqual(mail[0]?.scopes, ['https://mail.google.com/', 'openid', 'email']);
    const api = scopesFor(account('gmail', 'gmail-api', 'inbound', 'imap'), 'delegated');
    assert.equal(api[0]?.scopes[0], 'https://www.googleapis.com/auth/gmail.modify');
    const send = scopesFor(account('gmail', 'gmail-api', 'outbound', 'smtp'), 'delegated');
    assert.equal(send[0]?.scopes[0], 'https://www.googleapis.com/auth/gmail.send');
    assert.ok(!send[0]?.scopes.includes('https://mail.google.com/'));
    assert.deepEqual(scopesFor(account('gmail', 'protocol', 'inbound', 'imap'), 'app'), []);
    assert.deepEqual(audiencesFor(account('domain', 'protocol', 'inbound', 'imap'), 'delegated'), []);
  });

  it('builds the documented endpoints, or those of an overriding authority', () => {
    assert.deepEqual(endpointsFor('microsoft', { tenant: 'contoso.onmicrosoft.com' }), {
      authorize: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize',
      token: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
      device: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/devicecode',
    });
    assert.deepEqual(endpointsFor('google', {}), {
      authorize: 'https://accounts.google.com/o/oauth2/v2/auth',
      token: 'https://oauth2.googleapis.com/token',
      device: 'https://oauth2.googleapis.com/device/code',
    });
    const local = endpointsFor('google', { authority: 'http://127.0.0.1:1234/google/' });
    assert.equal(local.authorize, 'http://127.0.0.1:1234/google/o/oauth2/v2/auth');
    assert.equal(local.token, 'http://127.0.0.1:1234/google/token');
  });
});

function oauthAccount(
  overrides: Partial<Account['oauth']>,
  preset: Account['preset'] = 'office365',
): Account {
  return {
    id: 1,
    name: 'desk',
    preset,
    auth: 'oauth2',
    connection: 'protocol',
    direction: 'inbound',
    protocol: 'imap',
    oauth: {
      clientId: 'app',
      tenantId: 'contoso',
      useLoopback: true,
      useBrowser: false,
      authority: null,
      ...overrides,
    },
  } as unknown as Account;
}

describe('account OAuth settings', () => {
  it('names the missing client id and tenant fields', () => {
    assert.throws(() => oauthSettingsOf(oauthAccount({ clientId: ' ' })), {
      code: 'oauth_client_id_missing',
      field: 'oauth.clientId',
    });
    assert.throws(() => oauthSettingsOf(oauthAccount({ tenantId: null })), {
      code: 'oauth_tenant_missing',
      field: 'oauth.tenantId',
    });
    assert.doesNotThrow(() => oauthSettingsOf(oauthAccount({ tenantId: null }, 'gmail')));
  });

  it('prefers the account authority over the configured one', () => {
    const configured = { microsoft: 'http://127.0.0.1:1/ms' };
    assert.match(
      oauthSettingsOf(oauthAccount({}), configured).endpoints.token,
      /^http:\/\/127\.0\.0\.1:1\/ms\/contoso\//,
    );
    const own = oauthAccount({ authority: 'http://127.0.0.1:2/x' });
    assert.match(oauthSettingsOf(own, configured).endpoints.token, /^http:\/\/127\.0\.0\.1:2\/x\/contoso\//);
  });
});

describe('provider errors', () => {
  it('gives every AADSTS code and OAuth error a message and a hint in Spanish and English', () => {
    for (const def of [...Object.values(aadstsErrors), ...Object.values(oauthErrors)]) {
      for (const lang of ['es', 'en'] as const) {
        assert.ok(def.message[lang].length > 10, `${def.code} message ${lang}`);
        assert.ok((def.hint?.[lang].length ?? 0) > 10, `${def.code} hint ${lang}`);
      }
    }
  });

  it('maps AADSTS codes to what to change in the app registration', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['invalid_client', 'AADSTS7000215: Invalid client secret provided.', /VALUE/],
      ['unauthorized_client', "AADSTS700016: Application with identifier 'x' was not found", /ClientID/],
      ['invalid_grant', 'AADSTS65001: The user or administrator has not consented', /admin consent/],
      ['invalid_grant', 'AADSTS50076: Due to a configuration change made by your administrator', /MFA/],
      [
        'invalid_scope',
        'AADSTS70011: The provided value for the input parameter scope is not valid',
        /Outlook and Graph/,
      ],
      ['invalid_request', "AADSTS90002: Tenant 'nope' not found", /TenantID/],
      [
        'invalid_request',
        'AADSTS50020: User account from identity provider does not exist in tenant',
        /guest/,
      ],
      [
        'invalid_client',
        "AADSTS7000218: The request body must contain 'client_assertion' or 'client_secret'",
        /public client flows/,
      ],
    ];
    for (const [error, description, hint] of cases) {
      const mapped = providerError({ error, description }, { step: 'token', name: 'desk' });
      const code = /AADSTS(\d+)/.exec(description)?.[1];
      assert.equal(mapped.code, `oauth_aadsts_${code}`);
      assert.match(mapped.render('en').hint ?? '', hint);
      assert.equal(mapped.serverReply, `${error}: ${description}`);
    }
  });

  it('treats invalid_grant as "authorization required", whatever AADSTS code comes with it', () => {
    const expired = providerError(
      {
        error: 'invalid_grant',
        description: 'AADSTS70008: The refresh token has expired due to inactivity.',
      },
      { step: 'token', name: 'desk' },
    );
    assert.equal(expired.code, 'oauth_authorization_required');
    assert.match(expired.render('es').message, /desk.*AADSTS70008/);
    assert.ok(isInvalidGrant(expired));
    const mfa = providerError({ error: 'invalid_grant', description: 'AADSTS50076: MFA' }, { step: 'token' });
    assert.equal(mfa.code, 'oauth_aadsts_50076');
    assert.ok(isInvalidGrant(mfa), 'still a lost grant');
    assert.ok(
      !isInvalidGrant(
        new DrobotError(oauthErrors.invalidClient, { params: { oauthError: 'invalid_client' } }),
      ),
    );
  });

  it('scrubs echoed secrets from provider text', () => {
    assert.equal(scrub('bad secret s3cr3t-value here', ['s3cr3t-value', undefined]), 'bad secret ***** here');
  });
});
