import { senderAddressOf } from '../../accounts/account.kind.js';
import type { Account } from '../../accounts/account.model.js';
import { protocolConnectionOf } from '../../accounts/connection-secrets.js';
import { DrobotError } from '../../errors/drobot-error.js';
import type { Lang } from '../../i18n/lang.js';
import type { SourceSettings } from '../../transports/mailbox-source.js';
import { createSink, openSource } from '../../transports/registry.js';
import { secretForms } from '../../transports/sasl.js';
import { resolveSecurity } from '../../transports/security.js';
import type { Credentials, Endpoint, SaslMethod } from '../../transports/types.js';
import { smtpSettingsFor, type OutboundAccountDeps } from '../outbound-accounts.js';
import { openSourceProbe } from './source.probe.js';
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
  /** Time source and pause, as for `roundTrip`: a test gives virtual time to count the checks exactly. */
  readonly clock?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Where and as whom the round trip looks into the inbound mailbox: the same plan and secrets fetching
 * uses; a token is obtained (refreshed when due) at each opening.
 */
export async function probeTargetOf(
  inbound: Account,
  deps: OutboundAccountDeps,
): Promise<{ endpoint: Endpoint; credentials: Credentials; sasl: SaslMethod }> {
  const connection = await protocolConnectionOf(
    inbound,
    deps,
    () => new DrobotError(probeErrors.noLogin, { params: { protocol: inbound.protocol.toUpperCase() } }),
  );
  return {
    endpoint: connection.endpoint,
    credentials: usable(connection.credentials),
    sasl: connection.sasl,
  };
}

/** A login without a password is none: the probe then says the account has no credentials. */
function usable(credentials: Credentials): Credentials {
  return credentials.kind === 'password' && !credentials.password ? { kind: 'none' } : credentials;
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
  const sink = createSink('smtp', settings);
  const openProbe = async (): Promise<MailboxProbe> => {
    const { endpoint, credentials, sasl } = await probeTargetOf(inbound, deps);
    const protocol = inbound.protocol === 'imap' ? 'imap' : 'pop3';
    if (credentials.kind === 'none') {
      throw new DrobotError(probeErrors.noLogin, { params: { protocol: protocol.toUpperCase() } });
    }
    // The adapter fetching uses, deleting only the mail it settles (the test mail).
    const settings: SourceSettings = {
      protocol,
      host: endpoint.host,
      port: endpoint.port,
      security: resolveSecurity(endpoint.security, endpoint.port),
      timeoutMs: endpoint.timeoutMs,
      tls: endpoint.tls,
      proxy: endpoint.proxy,
      credentials,
      sasl,
      folder: inbound.folder || 'INBOX',
      afterStore: 'delete',
      moveTo: null,
    };
    return openSourceProbe({
      open: () => openSource(settings),
      protocol: protocol.toUpperCase(),
      host: endpoint.host,
      port: endpoint.port,
      secrets: [...secretForms(credentials), ...(endpoint.proxy?.password ? [endpoint.proxy.password] : [])],
    });
  };
  try {
    return await roundTrip({
      send: async (mail) => {
        // The MIME composer (nodemailer's) loads only when a round trip sends: the `accounts` commands,
        // which register this one, would otherwise all load it.
        const { composeMime } = await import('../../transports/mime/outgoing-mail.js');
        return { response: (await sink.send(await composeMime(mail))).response ?? '' };
      },
      openProbe,
      from: senderAddressOf(outbound),
      to: options.to ?? inbound.username,
      timeoutMs: options.timeoutMs,
      pollMs: options.pollMs,
      lang: options.lang,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
  } finally {
    await sink.close();
  }
}
