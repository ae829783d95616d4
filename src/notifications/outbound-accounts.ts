import crypto from 'node:crypto';
import { senderAddressOf } from '../accounts/account.kind.js';
import type { Account } from '../accounts/account.model.js';
import {
  apiConnectionOf,
  protocolConnectionOf,
  type GrantedToken,
  type ProtocolConnection,
  type TokenSource,
} from '../accounts/connection-secrets.js';
import { MICROSOFT_SCOPES } from '../oauth/providers.js';
import type { GraphSendMode } from '../transports/graph/graph.sink.js';
import { accountStateWords } from '../accounts/account.labels.js';
import { DrobotError } from '../errors/drobot-error.js';
import type { OutboundSink } from '../transports/ports.js';
import { createSink } from '../transports/registry.js';
import type { SmtpSenderSettings } from '../transports/smtp/smtp.options.js';
import { outboundAccountErrors } from './outbound-account.errors.js';
import type { OutboundTransport } from './outbox.worker.js';
import { rateLimitFor } from './rate-limit.js';

/** What the outbox needs from the accounts and OAuth capabilities. */
export interface OutboundAccountDeps {
  readonly getAccount: (id: number) => Promise<Account>;
  readonly secret: (accountId: number, name: string) => Promise<string | undefined>;
  /** Access tokens: XOAUTH2 (`outlook`, `google`) and the REST APIs (`graph`, `google`). */
  readonly accessToken?: TokenSource | undefined;
  /** Keep SMTP connections open between mails (default on). */
  readonly pool?: { readonly maxConnections: number; readonly maxMessages: number } | false;
}

/**
 * An outbound account's SMTP connections: three at once (what Microsoft 365 allows a mailbox), each
 * carrying up to 1,000 mails. A server that takes fewer on one connection says so with a 421 and the mail
 * goes on a new connection, not failed (smtp.sink.ts); 1,000 is the most Exim's default accepts on one.
 * Every switch costs a QUIT, a connect, a greeting and an EHLO while the connection sends nothing: at 100
 * mails each, 5,000 notifications took about 10 % longer (bench/README.md).
 */
export const DEFAULT_SMTP_POOL = Object.freeze({ maxConnections: 3, maxMessages: 1000 });

/** The settings the SMTP sender needs for an outbound account, with its secrets. */
export async function smtpSettingsFor(
  account: Account,
  deps: OutboundAccountDeps,
): Promise<SmtpSenderSettings> {
  if (account.direction !== 'outbound' || account.protocol !== 'smtp' || account.connection !== 'protocol') {
    throw new DrobotError(outboundAccountErrors.notSmtp, { params: { name: account.name } });
  }
  assertUsable(account);
  const connection = await protocolConnectionOf(
    account,
    deps,
    () => new DrobotError(outboundAccountErrors.noOAuth, { params: { name: account.name } }),
  );
  return smtpSenderSettingsOf(connection, deps.pool ?? DEFAULT_SMTP_POOL);
}

/**
 * The SMTP sender's settings from an account's connection: the outbox builds its sink with them, and the
 * connection test sends its test message through a sink built the same way. Pure.
 */
export function smtpSenderSettingsOf(
  connection: Pick<ProtocolConnection, 'endpoint' | 'credentials' | 'sasl'>,
  pool: SmtpSenderSettings['pool'],
): SmtpSenderSettings {
  return {
    endpoint: connection.endpoint,
    credentials: connection.credentials,
    sasl: connection.sasl,
    pool,
  };
}

/** Refuses an account the outbox cannot send through now (waiting notifications stay queued). */
function assertUsable(account: Account): void {
  if (!account.enabled) {
    throw new DrobotError(outboundAccountErrors.disabled, {
      params: { name: account.name },
      retryable: true,
    });
  }
  if (account.state !== 'ready') {
    throw new DrobotError(outboundAccountErrors.notReady, {
      params: { name: account.name, state: accountStateWords(account.enabled ? account.state : 'disabled') },
      retryable: true,
    });
  }
}

/** A Graph or Gmail API sink for an outbound API account, and what identifies its settings. */
async function apiSinkFor(
  account: Account,
  deps: OutboundAccountDeps,
): Promise<{ settings: unknown; make: () => OutboundSink }> {
  assertUsable(account);
  const api = await apiConnectionOf(
    account,
    deps,
    () => new DrobotError(outboundAccountErrors.noOAuth, { params: { name: account.name } }),
  );
  if (api.connection.kind === 'gmail') {
    const make = () => createSink('gmail', { ...api.connection, accessToken: api.tokens });
    // The token is not part of the fingerprint: the provider refreshes it inside the sink.
    return { settings: api.connection, make };
  }
  const settings = { ...api.connection, sendMode: graphSendModeOf(api.granted) };
  return { settings, make: () => createSink('graph', { ...settings, accessToken: api.tokens }) };
}

/**
 * How a Graph account sends: Exchange may replace the Message-ID, and only a draft reads back the one that
 * went out; a draft needs Mail.ReadWrite, which a grant given before sending accounts asked for it may lack
 * (those send with `sendMail`). An app-only `.default` token does not list its permissions: `sendMail`.
 */
export function graphSendModeOf(granted: Pick<GrantedToken, 'flow' | 'scopes'>): GraphSendMode {
  const readWrite = MICROSOFT_SCOPES.graphRead.toLowerCase();
  const canDraft =
    granted.flow === 'delegated' && (granted.scopes ?? []).some((s) => s.toLowerCase() === readWrite);
  return canDraft ? 'draft' : 'sendMail';
}

/** The mailbox a Gmail account's thread ids belong to, named as its inbound source names it. */
function threadMailboxOf(account: Account): string | undefined {
  return account.connection === 'gmail-api' ? `gmail:${account.username.toLowerCase()}` : undefined;
}

/**
 * Outbound transports for the worker, one sink per account (pooled SMTP, or a Graph / Gmail API client),
 * kept from round to round, rebuilt when the account or its credentials change (an edited password, a
 * refreshed token), closed when unused for a while (`closeIdle`).
 */
export function createOutboundTransports(deps: OutboundAccountDeps) {
  const sinks = new Map<number, { fingerprint: string; sink: OutboundSink; lastUsed: number }>();
  return {
    async transportFor(accountId: number): Promise<OutboundTransport> {
      const account = await deps.getAccount(accountId);
      const isApi =
        account.direction === 'outbound' &&
        (account.connection === 'graph' || account.connection === 'gmail-api');
      let settings: unknown;
      let make: () => OutboundSink;
      let parallel: number;
      if (isApi) {
        ({ settings, make } = await apiSinkFor(account, deps));
        // Graph serves at most 4 concurrent requests per mailbox; Gmail is held to the same.
        parallel = 4;
      } else {
        const smtp = await smtpSettingsFor(account, deps);
        settings = smtp;
        make = () => createSink('smtp', smtp);
        // Twice the pooled connections: a composed mail waits for each connection that frees up.
        parallel = smtp.pool ? smtp.pool.maxConnections * 2 : 1;
      }
      const fingerprint = crypto
        .createHash('sha256')
        .update(JSON.stringify([account.updatedAt, settings]))
        .digest('hex');
      let entry = sinks.get(accountId);
      if (!entry || entry.fingerprint !== fingerprint) {
        void entry?.sink.close();
        entry = { fingerprint, sink: make(), lastUsed: Date.now() };
        sinks.set(accountId, entry);
      }
      entry.lastUsed = Date.now();
      return {
        from: senderAddressOf(account),
        fromName: account.outbound.fromName ?? undefined,
        sink: entry.sink,
        threadMailbox: threadMailboxOf(account),
        parallel,
      };
    },
    async rateLimitOf(accountId: number): Promise<number> {
      const account = await deps.getAccount(accountId);
      return rateLimitFor(account.preset, account.outbound.ratePerMinute);
    },
    /** Closes the sinks (their pooled connections) no round has used for `idleMs`. */
    closeIdle(idleMs: number): void {
      const now = Date.now();
      for (const [accountId, { sink, lastUsed }] of sinks) {
        if (now - lastUsed < idleMs) continue;
        sinks.delete(accountId);
        void sink.close();
      }
    },
    close(): void {
      for (const { sink } of sinks.values()) void sink.close();
      sinks.clear();
    },
  };
}
