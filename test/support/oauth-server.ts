import crypto from 'node:crypto';
import type { Database } from '../../src/storage/database.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type ProviderClass from 'oidc-provider';

/**
 * A real, standards-compliant OAuth 2.0 / OpenID Connect authorization server (the `oidc-provider` package)
 * on loopback, playing "Microsoft" (under /microsoft/{tenant}/oauth2/v2.0/…) and "Google" (under
 * /google/…) for test accounts through the authority override. It offers the authorization code flow with
 * PKCE, the device grant, client credentials, rotating refresh tokens and RFC 7662 introspection (whose
 * `username` is the mail user, for Dovecot's oauth2 passdb). The user's consent is given by an HTTP client
 * through the minimal interaction pages below (see oauth-user.ts).
 */
export interface TestOAuthServer {
  readonly url: string;
  readonly microsoftAuthority: string;
  readonly googleAuthority: string;
  /** RFC 7662 endpoint; authenticate as {@link INTROSPECTION_CLIENT} with HTTP Basic. */
  readonly introspectionUrl: string;
  /** Successful token responses per grant type (`authorization_code`, `refresh_token`, …). */
  readonly grants: Record<string, number>;
  /** Access token lifetime in seconds for tokens issued from now on. */
  setAccessTokenTtl(seconds: number): void;
  /** Answers the next `times` requests to an endpoint with a scripted reply instead of the server's. */
  failNext(endpoint: 'token' | 'device' | 'authorize', reply: ScriptedReply, times?: number): void;
  /** Revokes every grant the user gave: their refresh tokens then fail with `invalid_grant`. */
  revokeUser(login: string): Promise<void>;
  close(): Promise<void>;
}

export interface ScriptedReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export const TEST_CLIENTS = {
  /** A Microsoft "mobile and desktop" registration: public client, no secret. */
  msDesktop: { clientId: 'ms-desktop', clientSecret: undefined },
  /** A Microsoft web/daemon registration with a secret: delegated flows and client credentials. */
  msApp: { clientId: 'ms-app', clientSecret: 'ms-app-secret-4f1b9c' },
  /** A Google "Desktop app" client (its secret is not confidential, but is sent). */
  googleDesktop: { clientId: 'google-desktop', clientSecret: 'google-desktop-secret-8d2e' },
} as const;

export const INTROSPECTION_CLIENT = { clientId: 'dovecot', clientSecret: 'dovecot-introspect-5a7c' };

export const TEST_TENANTS = ['contoso', 'organizations', 'common'];

const MAIL_SCOPES = [
  'https://outlook.office.com/IMAP.AccessAsUser.All',
  'https://outlook.office.com/POP.AccessAsUser.All',
  'https://outlook.office.com/SMTP.Send',
  'https://graph.microsoft.com/Mail.ReadWrite',
  'https://graph.microsoft.com/Mail.Send',
  'https://graph.microsoft.com/.default',
  'https://outlook.office365.com/.default',
  'https://mail.google.com/',
  'https://www.googleapis.com/auth/gmail.modify',
  'https://www.googleapis.com/auth/gmail.send',
];
const SCOPES = ['openid', 'email', 'offline_access', ...MAIL_SCOPES];
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const REDIRECTS = [
  'http://127.0.0.1/',
  'http://127.0.0.1/oauth/callback',
  'http://127.0.0.1/api/oauth/callback',
];

function clientsConfig(): Record<string, unknown>[] {
  const delegated = {
    application_type: 'native',
    redirect_uris: REDIRECTS,
    response_types: ['code'],
    scope: SCOPES.join(' '),
  };
  return [
    {
      ...delegated,
      client_id: TEST_CLIENTS.msDesktop.clientId,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token', DEVICE_GRANT],
    },
    {
      ...delegated,
      client_id: TEST_CLIENTS.msApp.clientId,
      client_secret: TEST_CLIENTS.msApp.clientSecret,
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials', DEVICE_GRANT],
    },
    {
      ...delegated,
      client_id: TEST_CLIENTS.googleDesktop.clientId,
      client_secret: TEST_CLIENTS.googleDesktop.clientSecret,
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['authorization_code', 'refresh_token', DEVICE_GRANT],
    },
    {
      client_id: INTROSPECTION_CLIENT.clientId,
      client_secret: INTROSPECTION_CLIENT.clientSecret,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: [],
      response_types: [],
      redirect_uris: [],
    },
  ];
}

function signingKeys(): Record<string, unknown>[] {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return [{ ...privateKey.export({ format: 'jwk' }), use: 'sig', kid: 'test' }];
}

/** Maps the Microsoft and Google endpoint paths onto the server's own routes. */
function route(pathname: string): { target: string; endpoint?: string; tenant?: string } | undefined {
  const ms = /^\/microsoft\/([^/]+)\/oauth2\/v2\.0\/(authorize|token|devicecode)$/.exec(pathname);
  if (ms) {
    const [, tenant = '', kind] = ms;
    const target = kind === 'authorize' ? '/auth' : kind === 'token' ? '/token' : '/device/auth';
    const endpoint = kind === 'authorize' ? 'authorize' : kind === 'token' ? 'token' : 'device';
    return { target, endpoint, tenant: decodeURIComponent(tenant) };
  }
  const google: Record<string, [string, string]> = {
    '/google/o/oauth2/v2/auth': ['/auth', 'authorize'],
    '/google/token': ['/token', 'token'],
    '/google/device/code': ['/device/auth', 'device'],
  };
  const hit = google[pathname];
  return hit ? { target: hit[0], endpoint: hit[1] } : undefined;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function interactionPage(uid: string, prompt: string, client: string, scope: string): string {
  return `<!doctype html><html><body><h1>${escapeHtml(prompt)}</h1>
<p>${escapeHtml(client)} asks for: ${escapeHtml(scope)}</p>
<form method="post" action="/interaction/${escapeHtml(uid)}">
<input type="text" name="login" placeholder="user@example.test">
<button type="submit" name="decision" value="approve">Accept</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form></body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Loads oidc-provider with its development notices (in-memory adapter, default pages, Node version)
 * kept out of the test output: they are about running it in production, which this is not.
 */
async function loadProvider(): Promise<typeof ProviderClass> {
  const quiet = (original: (...args: unknown[]) => void) =>
    function (...args: unknown[]) {
      if (typeof args[0] === 'string' && args[0].includes('oidc-provider ')) return;
      original(...args);
    };
  if (!quieted) {
    console.warn = quiet(console.warn.bind(console));
    console.info = quiet(console.info.bind(console));
    quieted = true;
  }
  return (await import('oidc-provider')).default;
}
let quieted = false;

export async function startOAuthServer(options: { accessTokenTtl?: number } = {}): Promise<TestOAuthServer> {
  const state = { accessTokenTtl: options.accessTokenTtl ?? 3600 };
  const grants: Record<string, number> = {};
  const grantsByUser = new Map<string, Set<string>>();
  const scripted: { endpoint: string; reply: ScriptedReply; left: number }[] = [];
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const Provider = await loadProvider();
  const provider = new Provider(url, {
    clients: clientsConfig(),
    jwks: { keys: signingKeys() },
    cookies: { keys: [crypto.randomBytes(16).toString('hex')] },
    scopes: SCOPES,
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    conformIdTokenClaims: false,
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub, email: sub, email_verified: true }),
    }),
    features: {
      devInteractions: { enabled: false },
      deviceFlow: { enabled: true },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    extraTokenClaims: (_ctx: unknown, token: { accountId?: string }) =>
      token.accountId ? { username: token.accountId } : undefined,
    issueRefreshToken: (_ctx: unknown, client: { grantTypeAllowed(g: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    expiresWithSession: () => false,
    rotateRefreshToken: () => true,
    ttl: {
      AccessToken: () => state.accessTokenTtl,
      ClientCredentials: () => state.accessTokenTtl,
      RefreshToken: 24 * 3600,
      DeviceCode: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 24 * 3600,
      IdToken: 3600,
      AuthorizationCode: 60,
    },
  });
  provider.on('grant.success', (...args: unknown[]) => {
    const ctx = args[0] as { oidc: { params: { grant_type?: string } } };
    const type = ctx.oidc.params.grant_type ?? '?';
    grants[type] = (grants[type] ?? 0) + 1;
  });
  const handle = provider.callback();

  async function interaction(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        interactionPage(
          details.uid,
          details.prompt.name,
          String(details.params.client_id),
          String(details.params.scope ?? ''),
        ),
      );
      return;
    }
    const form = await readForm(req);
    if (form.get('decision') !== 'approve') {
      const error = form.get('error') ?? 'access_denied';
      const description = form.get('error_description') ?? 'The user declined consent.';
      await provider.interactionFinished(
        req,
        res,
        { error, error_description: description },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (details.prompt.name === 'login') {
      const login = form.get('login') ?? 'user@example.test';
      await provider.interactionFinished(req, res, { login: { accountId: login } }, {});
      return;
    }
    const accountId = details.session?.accountId ?? '';
    const grant = details.grantId
      ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId, clientId: '' }))
      : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    const missing = (details.prompt.details.missingOIDCScope as string[] | undefined) ?? [];
    if (missing.length > 0) grant.addOIDCScope(missing.join(' '));
    const claims = details.prompt.details.missingOIDCClaims as string[] | undefined;
    if (claims?.length) grant.addOIDCClaims(claims);
    const grantId = await grant.save();
    const mine = grantsByUser.get(accountId) ?? new Set<string>();
    mine.add(grantId);
    grantsByUser.set(accountId, mine);
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const parsed = new URL(req.url ?? '/', url);
    if (parsed.pathname.startsWith('/interaction/')) {
      interaction(req, res).catch((error: unknown) => sendJson(res, 400, { error: String(error) }));
      return;
    }
    const mapped = route(parsed.pathname);
    if (mapped) {
      const i = scripted.findIndex((s) => s.endpoint === mapped.endpoint && s.left > 0);
      const script = scripted[i];
      if (script) {
        script.left -= 1;
        if (script.left === 0) scripted.splice(i, 1);
        sendJson(res, script.reply.status, script.reply.body);
        return;
      }
      if (mapped.tenant !== undefined && !TEST_TENANTS.includes(mapped.tenant)) {
        sendJson(res, 400, {
          error: 'invalid_request',
          error_description: `AADSTS90002: Tenant '${mapped.tenant}' not found. Check to make sure you have the correct tenant ID.`,
          error_codes: [90002],
        });
        return;
      }
      req.url = `${mapped.target}${parsed.search}`;
    }
    handle(req, res);
  });

  return {
    url,
    microsoftAuthority: `${url}/microsoft`,
    googleAuthority: `${url}/google`,
    introspectionUrl: `${url}/token/introspection`,
    grants,
    setAccessTokenTtl(seconds) {
      state.accessTokenTtl = seconds;
    },
    failNext(endpoint, reply, times = 1) {
      scripted.push({ endpoint, reply, left: times });
    },
    async revokeUser(login) {
      for (const id of grantsByUser.get(login) ?? []) {
        const grant = await provider.Grant.find(id);
        await grant?.destroy();
      }
      grantsByUser.delete(login);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Makes a stored Office 365 relay look as an earlier version kept it: the preset's app registration set,
 * waiting for an authorization it never needed.
 */
export async function storeAsEarlierRelay(database: Database, name: string): Promise<void> {
  await database.db
    .updateTable('accounts')
    .set({
      oauth_client_id: TEST_CLIENTS.msDesktop.clientId,
      oauth_tenant_id: 'contoso',
      state: 'authorization_required',
    })
    .where('name', '=', name)
    .execute();
}
