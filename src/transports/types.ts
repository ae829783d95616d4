/**
 * The narrow types every transport shares. No library type appears here: adapters translate.
 */

/** Transport security as configured: `auto` is resolved to one of the others before connecting. */
export type Security = 'none' | 'implicit' | 'starttls' | 'auto';
export type ResolvedSecurity = Exclude<Security, 'auto'>;

/** How to trust the server's certificate. Verification against the system CAs is the default. */
export interface TlsTrust {
  /** Extra CA certificate(s), PEM, trusted in addition to the system's. */
  readonly caPem?: string | undefined;
  /** SHA-256 fingerprint of the server's certificate (hex, colons optional): trusted instead of a CA chain. */
  readonly pinSha256?: string | undefined;
  /** Skip verification entirely: explicit, visible, and warned about. */
  readonly insecureSkipVerify: boolean;
}

export type ProxyType = 'none' | 'socks5' | 'http';

export interface ProxySettings {
  readonly type: Exclude<ProxyType, 'none'>;
  readonly host: string;
  readonly port: number;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
}

/** Where and how to reach one server. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  /** Bounds every network step (connect, TLS, each command's reply). */
  readonly timeoutMs: number;
  readonly tls: TlsTrust;
  readonly proxy?: ProxySettings | undefined;
}

export type SaslMethod = 'auto' | 'plain' | 'login' | 'xoauth2';

/** What a transport logs in with. Never logged, never part of an error. */
export type Credentials =
  | { readonly kind: 'password'; readonly username: string; readonly password: string }
  | { readonly kind: 'oauth2'; readonly username: string; readonly accessToken: string }
  | { readonly kind: 'none' };
