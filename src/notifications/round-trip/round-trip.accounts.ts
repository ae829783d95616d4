import type { Account } from '../../accounts/account.model.js';
import { SECRET_NAMES } from '../../accounts/account.model.js';
import { effectivePort } from '../../accounts/presets.js';
import { DrobotError } from '../../errors/drobot-error.js';
import type { Lang } from '../../i18n/lang.js';
import { createSmtpSender } from '../../transports/smtp/smtp.sender.js';
import type { Credentials, Endpoint } from '../../transports/types.js';
import { fromAddressOf, smtpSettingsFor, type OutboundAccountDeps } from '../outbound-accounts.js';
import { openImapProbe } from './imap.probe.js';
import { openPop3Probe } from './pop3.probe.js';
import { probeErrors } from './probe.errors.js';
import { roundTrip, type MailboxProbe, type RoundTripReport } from './round-trip.js';

export interface RoundTripAccountsDeps extends OutboundAccountDeps {
  readonly getAccount: (ref: number | string) => Promise<Account>;
}

export interface RoundTripAccountsOptions {
  /** Address the test mail goes to; default the inbound account's login. */
  readonly to?: string | undefined;
  readonly timeoutMs?: number | undefined;
  readonly pollMs?: number | undefined;
  readonly lang?: Lang | undefined;
}

function inboundEndpoint(account: Account, proxyPassword: string | undefined): Endpoint {
  const protocol = account.protocol === 'imap' ? 'imap' : 'pop3';
  const proxy =
    account.proxy.type !== 'none' && account.proxy.host && account.proxy.port
      ? {
          type: account.proxy.type,
          host: account.proxy.host,
          port: account.proxy.port,
          username: account.proxy.username ?? undefined,
          password: proxyPassword,
        }
      : undefined;
  return {
    host: account.host,
    port: effectivePort(protocol, account.security, account.port),
    security: account.security,
    timeoutMs: account.timeoutMs,
    tls: {
      caPem: account.tls.caPem ?? undefined,
      pinSha256: account.tls.pinSha256 ?? undefined,
      insecureSkipVerify: account.tls.insecureSkipVerify,
    },
    proxy,
  };
}

async function inboundCredentials(account: Account, deps: RoundTripAccountsDeps): Promise<Credentials> {
  if (account.auth === 'oauth2' && deps.accessToken) {
    const audience = account.preset === 'gmail' ? 'google' : 'outlook';
    return {
      kind: 'oauth2',
      username: account.username,
      accessToken: await deps.accessToken(account.id, audience),
    };
  }
  const password = await deps.secret(account.id, SECRET_NAMES.password);
  return password ? { kind: 'password', username: account.username, password } : { kind: 'none' };
}

/**
 * `drobot accounts roundtrip OUTBOUND INBOUND`: a tagged test mail out through one account, and the
 * wait until it is in the other's mailbox (found by its tag and deleted; no case is made of it).
 */
export async function roundTripAccounts(
  deps: RoundTripAccountsDeps,
  outboundRef: number | string,
  inboundRef: number | string,
  options: RoundTripAccountsOptions = {},
): Promise<RoundTripReport> {
  const outbound = await deps.getAccount(outboundRef);
  const inbound = await deps.getAccount(inboundRef);
  const inboundOk = inbound.direction === 'inbound' && inbound.connection === 'protocol';
  if (!inboundOk || (inbound.protocol !== 'imap' && inbound.protocol !== 'pop3')) {
    throw new DrobotError(probeErrors.unsupported, { params: { name: inbound.name } });
  }
  const settings = await smtpSettingsFor(outbound, { ...deps, pool: false });
  const sender = createSmtpSender(settings);
  const endpoint = inboundEndpoint(inbound, await deps.secret(inbound.id, SECRET_NAMES.proxyPassword));
  const openProbe = async (): Promise<MailboxProbe> => {
    const credentials = await inboundCredentials(inbound, deps);
    return inbound.protocol === 'imap'
      ? openImapProbe(endpoint, credentials, inbound.folder || 'INBOX')
      : openPop3Probe(endpoint, credentials, inbound.sasl);
  };
  try {
    return await roundTrip({
      send: (mail) => sender.send(mail),
      openProbe,
      from: fromAddressOf(outbound),
      to: options.to ?? inbound.username,
      timeoutMs: options.timeoutMs,
      pollMs: options.pollMs,
      lang: options.lang,
    });
  } finally {
    sender.close();
  }
}
