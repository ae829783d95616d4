import type { ResolvedSecurity, Security } from '../transports/types.js';
import type { AuthType, Preset, Protocol } from './account.model.js';

interface ProtocolDefaults {
  readonly host: string;
  readonly security: ResolvedSecurity;
}

/**
 * What each preset fills in. Office 365 and Gmail from the providers' documentation; domain accounts
 * from the seed's form: POP3 995 implicit TLS, SMTP 587 STARTTLS, method auto, no proxy.
 */
export const PRESET_DEFAULTS: Record<
  Preset,
  { auth: AuthType; ratePerMinute: number } & Record<Protocol, ProtocolDefaults>
> = {
  office365: {
    auth: 'oauth2',
    // Exchange Online: 30 messages per minute per mailbox.
    ratePerMinute: 30,
    pop3: { host: 'outlook.office365.com', security: 'implicit' },
    imap: { host: 'outlook.office365.com', security: 'implicit' },
    smtp: { host: 'smtp.office365.com', security: 'starttls' },
  },
  gmail: {
    auth: 'oauth2',
    // Gmail: about 2,000 messages a day per user; 20 per minute keeps clear of its short-term throttling.
    ratePerMinute: 20,
    pop3: { host: 'pop.gmail.com', security: 'implicit' },
    imap: { host: 'imap.gmail.com', security: 'implicit' },
    smtp: { host: 'smtp.gmail.com', security: 'starttls' },
  },
  domain: {
    auth: 'password',
    ratePerMinute: 60,
    pop3: { host: '', security: 'implicit' },
    imap: { host: '', security: 'implicit' },
    smtp: { host: '', security: 'starttls' },
  },
};

const DEFAULT_PORTS: Record<Protocol, Record<ResolvedSecurity, number>> = {
  pop3: { none: 110, starttls: 110, implicit: 995 },
  imap: { none: 143, starttls: 143, implicit: 993 },
  smtp: { none: 25, starttls: 587, implicit: 465 },
};

/** The well-known port for a protocol and security; `auto` takes the TLS port. */
export function defaultPort(protocol: Protocol, security: Security): number {
  const resolved: ResolvedSecurity =
    security === 'auto' ? (protocol === 'smtp' ? 'starttls' : 'implicit') : security;
  return DEFAULT_PORTS[protocol][resolved];
}

/** The port to connect to: the configured one, or the default when it is 0. */
export function effectivePort(protocol: Protocol, security: Security, port: number): number {
  return port === 0 ? defaultPort(protocol, security) : port;
}

/** Ports on which a server speaks TLS from the first byte. */
export function isImplicitTlsPort(port: number): boolean {
  return port === 995 || port === 993 || port === 465;
}

export function presetHost(preset: Preset, protocol: Protocol): string {
  return PRESET_DEFAULTS[preset][protocol].host;
}

export function presetSecurity(preset: Preset, protocol: Protocol): ResolvedSecurity {
  return PRESET_DEFAULTS[preset][protocol].security;
}
