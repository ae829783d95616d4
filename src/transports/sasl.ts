/**
 * SASL for every mail protocol: which mechanism to use, and the initial responses of the ones DRobot speaks.
 * Pure: no I/O, no protocol framing (each client wraps these in its own commands).
 */
import type { Credentials, SaslMethod } from './types.js';

export type SaslMechanism = 'PLAIN' | 'LOGIN' | 'XOAUTH2' | 'OAUTHBEARER';

export type SaslChoice =
  | { readonly ok: true; readonly mechanism: SaslMechanism }
  | { readonly ok: false; readonly reason: 'no_common_mechanism'; readonly offered: string[] };

/** Strongest first, for each kind of credentials. */
const CANDIDATES: Record<Credentials['kind'], readonly SaslMechanism[]> = {
  oauth2: ['OAUTHBEARER', 'XOAUTH2'],
  password: ['PLAIN', 'LOGIN'],
  none: [],
};

/**
 * Picks the mechanism to log in with. `auto` takes the strongest one the server offers that fits the
 * credentials (OAUTHBEARER before XOAUTH2 for a token, PLAIN before LOGIN for a password); a configured
 * method is used only when the server offers it and it fits the credentials. A POP3 caller whose server
 * offers no SASL at all falls back to USER/PASS itself.
 */
export function chooseSaslMechanism(
  offered: readonly string[],
  configured: SaslMethod | 'oauthbearer',
  credentials: Credentials,
): SaslChoice {
  const offeredUpper = new Set(offered.map((m) => m.trim().toUpperCase()));
  const fitting = CANDIDATES[credentials.kind].filter((m) => offeredUpper.has(m));
  const wanted = configured === 'auto' ? fitting[0] : fitting.find((m) => m === configured.toUpperCase());
  if (wanted) return { ok: true, mechanism: wanted };
  return { ok: false, reason: 'no_common_mechanism', offered: [...offered] };
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** RFC 4616 PLAIN: `\0user\0password`, base64. */
export function saslPlain(user: string, password: string): string {
  return b64(`\u0000${user}\u0000${password}`);
}

/** The two LOGIN answers (user name, then password), each base64. */
export function saslLogin(user: string, password: string): readonly [string, string] {
  return [b64(user), b64(password)];
}

/** Google's and Microsoft's XOAUTH2: `user=…^Aauth=Bearer …^A^A`, base64. */
export function xoauth2(user: string, accessToken: string): string {
  return b64(`user=${user}\u0001auth=Bearer ${accessToken}\u0001\u0001`);
}

/** RFC 7628 OAUTHBEARER with its GS2 header; `,` and `=` in the user name are escaped as RFC 5801 says. */
export function oauthbearer(user: string, accessToken: string, host: string, port: number): string {
  const authzid = user.replace(/=/g, '=3D').replace(/,/g, '=2C');
  return b64(
    `n,a=${authzid},\u0001host=${host}\u0001port=${port}\u0001auth=Bearer ${accessToken}\u0001\u0001`,
  );
}

/**
 * The answer a client gives to a failed OAuth login's error continuation (`+ <base64 JSON>`): XOAUTH2
 * servers (Gmail, Dovecot) expect an empty line, OAUTHBEARER (RFC 7628) a single %x01, base64.
 */
export function oauthErrorAcknowledgement(mechanism: 'XOAUTH2' | 'OAUTHBEARER'): string {
  return mechanism === 'OAUTHBEARER' ? b64('\u0001') : '';
}

/** Decodes a server's base64 challenge for display (e.g. an OAuth error JSON); undecodable input stays as is. */
export function decodeChallenge(challenge: string): string {
  const trimmed = challenge.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(trimmed)) return trimmed;
  return Buffer.from(trimmed, 'base64').toString('utf8');
}

/**
 * Every form in which a secret could come back in a server's reply (itself and its base64 encodings),
 * for scrubbing before a reply is shown or stored.
 */
export function secretForms(credentials: Credentials): string[] {
  if (credentials.kind === 'none') return [];
  const secret = credentials.kind === 'password' ? credentials.password : credentials.accessToken;
  if (secret === '') return [];
  return [
    secret,
    b64(secret),
    saslPlain(credentials.username, secret),
    xoauth2(credentials.username, secret),
  ];
}

/** What a text holding a secret is shown as: the whole text, never the secret's place in it. */
export const WITHHELD = '*****';

/**
 * Below this length a secret found inside a word (the `a` of `login`) is a coincidence, not an echo: a
 * server or library that repeats a credential sets it apart.
 */
const SHORT_SECRET = 4;

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * A text from outside (a server's reply, a library's error) as DRobot may show it: each line that holds one
 * of the secrets becomes {@link WITHHELD}, the others stay. The whole line goes, not only the secret: masks
 * left among the other words show where the secret stood and so what it was (`Conect*****do` for `a`,
 * `Invalid *****` for `password`). A secret shorter than four characters counts only where it stands apart
 * from letters and digits: inside a word it is a coincidence, not an echo.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  const held = (part: string) => secrets.some((secret) => holds(part, secret));
  if (!held(text)) return text;
  // A secret that spans lines is withheld with the whole text.
  const lines = text.split('\n');
  const scrubbed = lines.map((line) => (held(line) ? WITHHELD : line));
  return scrubbed.every((line, i) => line === lines[i]) ? WITHHELD : scrubbed.join('\n');
}

function holds(text: string, secret: string): boolean {
  if (secret.length === 0) return false;
  if (secret.length >= SHORT_SECRET) return text.includes(secret);
  for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) {
    const before = text[at - 1];
    const after = text[at + secret.length];
    if (
      !(before !== undefined && WORD_CHAR.test(before)) &&
      !(after !== undefined && WORD_CHAR.test(after))
    ) {
      return true;
    }
  }
  return false;
}
