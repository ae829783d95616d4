import { DrobotError } from '../../errors/drobot-error.js';
import { oauthErrors } from '../oauth.errors.js';
import { clientParams, postForm, requestToken, type HttpOptions } from '../token.client.js';
import type { TokenResponse } from '../token.model.js';
import type { OAuthClient } from './code-exchange.js';

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** What a person needs to sign in on another device (RFC 8628 §3.2). */
export interface DeviceCodePrompt {
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete?: string | undefined;
  readonly expiresInSeconds: number;
  /** The provider's own sentence (Microsoft sends one), else undefined. */
  readonly message?: string | undefined;
}

export interface DeviceFlowOptions {
  readonly deviceEndpoint: string;
  readonly tokenEndpoint: string;
  readonly client: OAuthClient;
  readonly scopes: readonly string[];
  /** Shows the code and the URL to the person. */
  readonly onPrompt: (prompt: DeviceCodePrompt) => void;
  /** Waits between polls; injectable so tests need not wait seconds. */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  readonly now?: (() => number) | undefined;
  readonly http?: HttpOptions | undefined;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The device authorization grant: asks for a device code, shows it, then polls the token endpoint at the
 * given interval, slowing down by 5 s when told (`slow_down`), until the person finishes, declines
 * (`access_denied`) or the code expires (`expired_token`).
 */
export async function runDeviceFlow(options: DeviceFlowOptions): Promise<TokenResponse> {
  const client = clientParams(options.client.clientId, options.client.clientSecret);
  const body = await postForm(
    options.deviceEndpoint,
    { ...client, scope: options.scopes.join(' ') },
    'device',
    options.http,
  );
  const deviceCode = str(body.device_code);
  const userCode = str(body.user_code);
  // Google names it verification_url.
  const verificationUri = str(body.verification_uri) ?? str(body.verification_url);
  if (!deviceCode || !userCode || !verificationUri) {
    throw new DrobotError(oauthErrors.badResponse, {
      params: { url: options.deviceEndpoint, detail: 'no device_code, user_code or verification_uri' },
      step: 'device',
    });
  }
  const expiresIn = Number(body.expires_in) > 0 ? Number(body.expires_in) : 900;
  options.onPrompt({
    userCode,
    verificationUri,
    verificationUriComplete: str(body.verification_uri_complete),
    expiresInSeconds: expiresIn,
    message: str(body.message),
  });
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const deadline = now() + expiresIn * 1000;
  let intervalMs = (Number(body.interval) > 0 ? Number(body.interval) : 5) * 1000;
  for (;;) {
    await sleep(intervalMs);
    if (now() > deadline) throw new DrobotError(oauthErrors.deviceExpired, { step: 'device' });
    try {
      return await requestToken(
        options.tokenEndpoint,
        { grant_type: DEVICE_GRANT, device_code: deviceCode, ...client },
        options.http,
      );
    } catch (error) {
      const oauthError = error instanceof DrobotError ? error.params.oauthError : undefined;
      if (oauthError === 'authorization_pending') continue;
      if (oauthError === 'slow_down') {
        intervalMs += 5000;
        continue;
      }
      throw error;
    }
  }
}
