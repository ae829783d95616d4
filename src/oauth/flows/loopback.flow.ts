import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DrobotError, isDrobotError } from '../../errors/drobot-error.js';
import type { Lang } from '../../i18n/lang.js';
import { oauthErrors } from '../oauth.errors.js';
import { providerError } from '../provider-error.js';
import type { ProviderEndpoints } from '../providers.js';
import type { HttpOptions } from '../token.client.js';
import { identityOf, type TokenResponse } from '../token.model.js';
import {
  authorizationUrl,
  newAuthorizationSecrets,
  readCallback,
  sameState,
} from './authorization-request.js';
import { callbackPage, type CallbackOutcome } from './callback.page.js';
import { exchangeCode, type OAuthClient } from './code-exchange.js';

/** Settings of one browser consent through a loopback redirect listener (RFC 8252 §7.3). */
export interface LoopbackConsentOptions {
  readonly endpoints: ProviderEndpoints;
  readonly client: OAuthClient;
  readonly scopes: readonly string[];
  readonly extra?: Readonly<Record<string, string>>;
  readonly loginHint?: string | undefined;
  readonly lang: Lang;
  /** Open the default browser ("Use default browser for OAuth"); the URL is always given to `onUrl`. */
  readonly openBrowser: boolean;
  readonly onUrl: (url: string) => void;
  /** How to open a browser; the `open` package by default. */
  readonly opener?: ((url: string) => Promise<unknown>) | undefined;
  /** How long to wait for the browser to come back; 5 minutes by default. */
  readonly timeoutMs?: number | undefined;
  readonly http?: HttpOptions | undefined;
}

async function defaultOpener(url: string): Promise<unknown> {
  const { default: open } = await import('open');
  return open(url);
}

function render(error: unknown, lang: Lang): CallbackOutcome {
  const known = isDrobotError(error)
    ? error
    : new DrobotError(oauthErrors.providerError, { params: { error: 'error', detail: String(error) } });
  return { kind: 'failure', error: known.render(lang) };
}

/**
 * Runs the authorization code flow with PKCE and `state` through a listener on 127.0.0.1 and a free port.
 * The listener answers every request with a readable page, accepts exactly one valid callback (a wrong
 * `state` is shown and ignored), redeems the code and closes. Resolves with the token response.
 */
export async function runLoopbackConsent(options: LoopbackConsentOptions): Promise<TokenResponse> {
  const secrets = newAuthorizationSecrets();
  // Node's HTTP module is loaded by the consent that listens, not by every command that loads the OAuth flows.
  const { createServer } = await import('node:http');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const url = authorizationUrl({
    authorizeEndpoint: options.endpoints.authorize,
    clientId: options.client.clientId,
    redirectUri,
    scopes: options.scopes,
    state: secrets.state,
    challenge: secrets.challenge,
    extra: options.extra,
    loginHint: options.loginHint,
  });
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  let accepted = false;
  let timer: NodeJS.Timeout | undefined;

  const outcome = new Promise<TokenResponse>((resolve, reject) => {
    timer = setTimeout(() => {
      reject(
        new DrobotError(oauthErrors.consentTimeout, {
          params: { seconds: Math.round(timeoutMs / 1000) },
          step: 'consent',
          retryable: true,
        }),
      );
    }, timeoutMs);
    const finish = () => clearTimeout(timer);
    const answer = (res: http.ServerResponse, status: number, page: CallbackOutcome) => {
      res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'close',
      });
      res.end(callbackPage(page, options.lang));
    };
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const reqUrl = new URL(req.url ?? '/', redirectUri);
      if (req.method !== 'GET' || reqUrl.pathname !== '/') {
        res.writeHead(404, { connection: 'close' }).end();
        return;
      }
      const callback = readCallback(reqUrl.searchParams);
      if (callback.kind === 'other' || !sameState(secrets.state, callback.state) || accepted) {
        const error = new DrobotError(oauthErrors.stateMismatch, { step: 'consent' });
        answer(res, 400, render(error, options.lang));
        return;
      }
      accepted = true;
      if (callback.kind === 'error') {
        const error = providerError(
          { error: callback.error, description: callback.description },
          { step: 'consent', name: options.http?.name },
        );
        answer(res, 400, render(error, options.lang));
        finish();
        reject(error);
        return;
      }
      exchangeCode(
        options.endpoints.token,
        options.client,
        { code: callback.code, redirectUri, verifier: secrets.verifier },
        options.http,
      ).then(
        (tokens) => {
          answer(res, 200, { kind: 'success', email: identityOf(tokens.id_token).email });
          finish();
          resolve(tokens);
        },
        (error: unknown) => {
          answer(res, 400, render(error, options.lang));
          finish();
          reject(error);
        },
      );
    });
  });

  try {
    options.onUrl(url);
    if (options.openBrowser) {
      // A browser that cannot be opened is not fatal: the URL was given to the caller to show.
      (options.opener ?? defaultOpener)(url).catch(() => undefined);
    }
    return await outcome;
  } finally {
    clearTimeout(timer);
    // Every answer says `connection: close`; idle sockets (a browser's pre-connect) are dropped.
    server.close();
    server.closeIdleConnections();
  }
}
