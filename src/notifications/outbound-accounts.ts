import crypto from 'node:crypto';
import type { Account } from '../accounts/account.model.js';
import { SECRET_NAMES } from '../accounts/account.model.js';
import { effectivePort } from '../accounts/presets.js';
import { DrobotError } from '../errors/drobot-error.js';
import { createSmtpSender, type SmtpSender } from '../transports/smtp/smtp.sender.js';
import type { SmtpSenderSettings } from '../transports/smtp/smtp.options.js';
import type { Credentials, ProxySettings } from '../transports/types.js';
import { outboundAccountErrors } from './outbound-account.errors.js';
import type { OutboundTransport } from './outbox.worker.js';
import { rateLimitFor } from './rate-limit.js';

/** What the outbox needs from the accounts and OAuth capabilities. */
export interface OutboundAccountDeps {
  readonly getAccount: (id: number) => Promise<Account>;
  readonly secret: (accountId: number, name: string) => Promise<string | undefined>;
  /** An access token for XOAUTH2 (`outlook` for Office 365, `google` for Gmail). */
  readonly accessToken?: (accountId: number, audience: 'outlook' | 'google') => Promise<string>;
  /** Keep SMTP connections open between mails (default on). */
  readonly pool?: { readonly maxConnections: number; readonly maxMessages: number } | false;
}

/** The settings the SMTP sender needs for an outbound account, with its secrets. */
export async function smtpSettingsFor(
  account: Account,
  deps: OutboundAccountDeps,
): Promise<SmtpSenderSettings> {
  if (account.direction !== 'outbound' || account.protocol !== 'smtp' || account.connection !== 'protocol') {
    throw new DrobotError(outboundAccountErrors.notSmtp, { params: { name: account.name } });
  }
  if (!account.enabled) {
    throw new DrobotError(outboundAccountErrors.disabled, {
      params: { name: account.name },
      retryable: true,
    });
  }
  if (account.state !== 'ready') {
    // Waiting notifications stay queued: the account may be fixed before their attempts run out.
    throw new DrobotError(outboundAccountErrors.notReady, {
      params: { name: account.name, state: account.enabled ? account.state : 'disabled' },
      retryable: true,
    });
  }
  let proxy: ProxySettings | undefined;
  if (account.proxy.type !== 'none' && account.proxy.host && account.proxy.port) {
    proxy = {
      type: account.proxy.type,
      host: account.proxy.host,
      port: account.proxy.port,
      username: account.proxy.username ?? undefined,
      password: await deps.secret(account.id, SECRET_NAMES.proxyPassword),
    };
  }
  return {
    endpoint: {
      host: account.host,
      port: effectivePort('smtp', account.security, account.port),
      security: account.security,
      timeoutMs: account.timeoutMs,
      tls: {
        caPem: account.tls.caPem ?? undefined,
        pinSha256: account.tls.pinSha256 ?? undefined,
        insecureSkipVerify: account.tls.insecureSkipVerify,
      },
      proxy,
    },
    credentials: await credentialsFor(account, deps),
    sasl: account.sasl,
    pool: deps.pool ?? { maxConnections: 3, maxMessages: 100 },
  };
}

async function credentialsFor(account: Account, deps: OutboundAccountDeps): Promise<Credentials> {
  if (!account.smtpAuth) return { kind: 'none' };
  if (account.auth === 'oauth2') {
    if (!deps.accessToken)
      throw new DrobotError(outboundAccountErrors.noOAuth, { params: { name: account.name } });
    const audience = account.preset === 'gmail' ? 'google' : 'outlook';
    return {
      kind: 'oauth2',
      username: account.username,
      accessToken: await deps.accessToken(account.id, audience),
    };
  }
  const password = (await deps.secret(account.id, SECRET_NAMES.password)) ?? '';
  return { kind: 'password', username: account.username, password };
}

/** The address an account sends from: its configured From, else its login. */
export function fromAddressOf(account: Account): string {
  return account.outbound.fromAddress ?? account.username;
}

/**
 * Outbound transports for the worker, one pooled SMTP sender per account, rebuilt when the account or
 * its credentials change (an edited password, a refreshed token).
 */
export function createOutboundTransports(deps: OutboundAccountDeps) {
  const senders = new Map<number, { fingerprint: string; sender: SmtpSender }>();
  return {
    async transportFor(accountId: number): Promise<OutboundTransport> {
      const account = await deps.getAccount(accountId);
      const settings = await smtpSettingsFor(account, deps);
      const fingerprint = crypto
        .createHash('sha256')
        .update(JSON.stringify([account.updatedAt, settings]))
        .digest('hex');
      let entry = senders.get(accountId);
      if (!entry || entry.fingerprint !== fingerprint) {
        entry?.sender.close();
        entry = { fingerprint, sender: createSmtpSender(settings) };
        senders.set(accountId, entry);
      }
      const sender = entry.sender;
      return {
        from: fromAddressOf(account),
        fromName: account.outbound.fromName ?? undefined,
        send: (mail) => sender.send(mail),
      };
    },
    async rateLimitOf(accountId: number): Promise<number> {
      const account = await deps.getAccount(accountId);
      return rateLimitFor(account.preset, account.outbound.ratePerMinute);
    },
    close(): void {
      for (const { sender } of senders.values()) sender.close();
      senders.clear();
    },
  };
}
