import { DrobotError } from '../errors/drobot-error.js';
import { oauthErrors } from './oauth.errors.js';
import { providerError, scrub } from './provider-error.js';
import type { TokenResponse } from './token.model.js';

/** How to reach a token endpoint. `fetch` is injectable for tests of odd replies. */
export interface HttpOptions {
  readonly timeoutMs?: number | undefined;
  readonly fetch?: typeof fetch | undefined;
  /** The account name, for messages. */
  readonly name?: string | undefined;
}

export const DEFAULT_HTTP_TIMEOUT_MS = 15_000;

/** The public client parameters of every token request: client id, and the secret when there is one. */
export function clientParams(clientId: string, clientSecret: string | undefined): Record<string, string> {
  return clientSecret ? { client_id: clientId, client_secret: clientSecret } : { client_id: clientId };
}

/**
 * POSTs a form to an OAuth endpoint and returns the JSON answer. A network failure or a 5xx is a retryable
 * error; an OAuth error reply is mapped by {@link providerError}. Secrets in the form never reach a message.
 */
export async function postForm(
  url: string,
  form: Record<string, string>,
  step: string,
  options: HttpOptions = {},
): Promise<Record<string, unknown>> {
  const doFetch = options.fetch ?? fetch;
  const secrets = [form.client_secret, form.refresh_token, form.code, form.code_verifier, form.device_code];
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS),
    });
  } catch (error) {
    throw new DrobotError(oauthErrors.endpointDown, {
      params: { url, detail: networkDetail(error) },
      step,
      retryable: true,
      cause: error,
    });
  }
  const raw = await response.text().catch(() => '');
  // The answer is read as it came: a refresh answer may give back the very refresh token it was sent (RFC
  // 6749 §6 lets a server keep it), which must be stored as it is. Only what a message quotes is scrubbed.
  const body = parseJson(raw);
  const text = scrub(raw, secrets);
  if (body && typeof body.error === 'string') {
    const description =
      typeof body.error_description === 'string' ? scrub(body.error_description, secrets) : undefined;
    const mapped = providerError(
      { error: scrub(body.error, secrets), description },
      { name: options.name, step },
    );
    if (response.status >= 500 && !mapped.retryable) {
      throw new DrobotError(mapped.def, {
        params: mapped.params,
        step,
        serverReply: mapped.serverReply,
        retryable: true,
      });
    }
    throw mapped;
  }
  if (response.status >= 500) {
    throw new DrobotError(oauthErrors.endpointFailed, {
      params: { url, status: response.status, detail: text.slice(0, 200) || response.statusText },
      step,
      retryable: true,
    });
  }
  if (!response.ok || !body) {
    throw new DrobotError(oauthErrors.badResponse, {
      params: { url, detail: `HTTP ${response.status} ${text.slice(0, 200)}` },
      step,
    });
  }
  return body;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function networkDetail(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timeout';
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

/** Requests tokens at the token endpoint and checks the answer has an access token. */
export async function requestToken(
  url: string,
  form: Record<string, string>,
  options: HttpOptions = {},
): Promise<TokenResponse> {
  const body = await postForm(url, form, 'token', options);
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    throw new DrobotError(oauthErrors.badResponse, {
      params: { url, detail: 'no access_token' },
      step: 'token',
    });
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const expires = Number(body.expires_in);
  return {
    access_token: body.access_token,
    token_type: str(body.token_type),
    expires_in: Number.isFinite(expires) && expires > 0 ? expires : undefined,
    refresh_token: str(body.refresh_token),
    scope: str(body.scope),
    id_token: str(body.id_token),
  } as TokenResponse;
}
