import type { Credentials, Endpoint, SaslMethod } from '../types.js';

/** How DRobot sends through one SMTP server: where, how securely, as whom. */
export interface SmtpSenderSettings {
  readonly endpoint: Endpoint;
  readonly credentials: Credentials;
  readonly sasl?: SaslMethod | undefined;
  /** Name given in EHLO; default the machine's host name when it is a domain name, else its address. */
  readonly clientName?: string | undefined;
  /**
   * Keep connections open and reuse them, at most `maxConnections` at once and `maxMessages` messages each
   * (false: one connection per mail).
   */
  readonly pool?: { readonly maxConnections: number; readonly maxMessages: number } | false | undefined;
}
