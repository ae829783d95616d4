import type { Account } from '../../accounts/account.model.js';
import { SECRET_NAMES } from '../../accounts/account.model.js';
import { effectivePort, isImplicitTlsPort } from '../../accounts/presets.js';
import { DrobotError } from '../../errors/drobot-error.js';
import type { Credentials, ProxySettings, ResolvedSecurity } from '../../transports/types.js';
import { inboundErrors } from '../inbound.errors.js';
import type { AfterStore, SourceSettings } from '../source/mail-source.js';
import type { FetchPlan } from './fetch.runner.js';

export interface AccountSecrets {
  secret(accountId: number, name: string): Promise<string | undefined>;
  /** XOAUTH2 access tokens (the OAuth token service), when OAuth accounts are configured. */
  readonly accessToken?: ((accountId: number, audience: 'outlook' | 'google') => Promise<string>) | undefined;
}

/** Whether an account is one this pipeline fetches: inbound POP3 or IMAP over the protocol itself. */
export function isFetchable(account: Account): boolean {
  return account.direction === 'inbound' && account.connection === 'protocol' && account.protocol !== 'smtp';
}

/**
 * What happens to a stored mail on the server. POP3 keeps it with "leave a copy", else deletes it; IMAP
 * follows the after-fetch setting, and "leave a copy" never lets it delete. Pure.
 */
export function afterStoreOf(account: Account): AfterStore {
  if (account.protocol === 'pop3') return account.leaveCopy ? 'keep' : 'delete';
  const action = account.inbound.afterFetch;
  return action === 'delete' && account.leaveCopy ? 'seen' : action;
}

/** `auto` security on a connection that must be decided now: TLS from the first byte on 993/995, else STARTTLS. */
export function resolvedSecurity(account: Account, port: number): ResolvedSecurity {
  if (account.security !== 'auto') return account.security;
  return isImplicitTlsPort(port) ? 'implicit' : 'starttls';
}

/** The fetch plan of an account, secrets included; errors when the account cannot fetch. */
export async function fetchPlanFor(account: Account, secrets: AccountSecrets): Promise<FetchPlan> {
  if (!isFetchable(account)) {
    if (account.direction === 'inbound') {
      throw new DrobotError(inboundErrors.protocolUnsupported, {
        params: { connection: account.connection },
      });
    }
    throw new DrobotError(inboundErrors.notInbound, { params: { name: account.name } });
  }
  if (!account.enabled) {
    throw new DrobotError(inboundErrors.accountDisabled, { params: { name: account.name } });
  }
  if (account.state !== 'ready') {
    throw new DrobotError(inboundErrors.notUsable, {
      params: { name: account.name, state: account.enabled ? account.state : 'disabled' },
    });
  }
  const protocol = account.protocol === 'pop3' ? 'pop3' : 'imap';
  const port = effectivePort(protocol, account.security, account.port);
  const source: SourceSettings = {
    protocol,
    host: account.host,
    port,
    security: resolvedSecurity(account, port),
    timeoutMs: account.timeoutMs,
    tls: {
      caPem: account.tls.caPem ?? undefined,
      pinSha256: account.tls.pinSha256 ?? undefined,
      insecureSkipVerify: account.tls.insecureSkipVerify,
    },
    proxy: await proxyOf(account, secrets),
    credentials: await credentialsOf(account, secrets),
    sasl: account.sasl,
    folder: account.folder || 'INBOX',
    afterStore: afterStoreOf(account),
    moveTo: account.inbound.moveToFolder,
  };
  return {
    accountId: account.id,
    accountName: account.name,
    limits: {
      maxMessagesPerRun: account.inbound.maxMessagesPerRun,
      maxMessageBytes: account.inbound.maxMessageBytes,
      firstRun: account.inbound.firstRun,
    },
    source,
  };
}

async function proxyOf(account: Account, secrets: AccountSecrets): Promise<ProxySettings | undefined> {
  if (account.proxy.type === 'none' || !account.proxy.host || !account.proxy.port) return undefined;
  return {
    type: account.proxy.type,
    host: account.proxy.host,
    port: account.proxy.port,
    username: account.proxy.username ?? undefined,
    password: await secrets.secret(account.id, SECRET_NAMES.proxyPassword),
  };
}

async function credentialsOf(account: Account, secrets: AccountSecrets): Promise<Credentials> {
  if (account.auth === 'oauth2') {
    if (!secrets.accessToken) {
      throw new DrobotError(inboundErrors.notUsable, { params: { name: account.name, state: 'oauth2' } });
    }
    const audience = account.preset === 'gmail' ? 'google' : 'outlook';
    return {
      kind: 'oauth2',
      username: account.username,
      accessToken: await secrets.accessToken(account.id, audience),
    };
  }
  const password = (await secrets.secret(account.id, SECRET_NAMES.password)) ?? '';
  return { kind: 'password', username: account.username, password };
}
