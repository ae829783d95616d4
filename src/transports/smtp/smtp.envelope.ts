/**
 * The pure part of handing a message to an SMTP server: the envelope's commands with the parameters the
 * server's extensions call for, and the message's bytes made safe for DATA. No I/O.
 */
import { isAscii } from 'node:buffer';

/** The extensions of an EHLO reply that change how a message is handed over. */
export interface SmtpExtensions {
  /** RFC 2920: commands may be sent in groups without waiting for each reply. */
  readonly pipelining: boolean;
  /** RFC 6152: the message may carry 8-bit bytes (`BODY=8BITMIME`). */
  readonly eightBitMime: boolean;
  /** RFC 6531: addresses may be UTF-8 (`SMTPUTF8`). */
  readonly smtpUtf8: boolean;
  /** RFC 1870: the largest message the server takes, in octets (undefined or 0: not announced). */
  readonly size: number | undefined;
}

/** The extensions named in an EHLO reply's keyword lines. */
export function extensionsOf(keywords: readonly string[], size: number | undefined): SmtpExtensions {
  const names = new Set(keywords.map((k) => k.split(/[ =]/, 1)[0]?.toUpperCase() ?? ''));
  return {
    pipelining: names.has('PIPELINING'),
    eightBitMime: names.has('8BITMIME'),
    smtpUtf8: names.has('SMTPUTF8'),
    size: size && size > 0 ? size : undefined,
  };
}

/** Why an envelope cannot be sent as it is, or undefined when it can. */
export type EnvelopeProblem =
  | { readonly kind: 'address'; readonly address: string }
  | { readonly kind: 'utf8_address'; readonly address: string }
  | { readonly kind: 'too_large'; readonly bytes: number; readonly limit: number }
  | { readonly kind: 'no_recipient' };

/**
 * An address goes inside `<…>` on a command line: nothing in it may end the line or the brackets (a
 * header-injection attempt through an address would otherwise become commands of its own).
 */
const UNSAFE_IN_ADDRESS = /[\r\n<>\s\0]/;

/** Checks an envelope against the server's extensions before anything is written. */
export function envelopeProblem(
  envelope: { readonly from: string; readonly to: readonly string[] },
  bytes: number,
  extensions: SmtpExtensions,
): EnvelopeProblem | undefined {
  if (envelope.to.length === 0) return { kind: 'no_recipient' };
  for (const address of [envelope.from, ...envelope.to]) {
    if (UNSAFE_IN_ADDRESS.test(address)) return { kind: 'address', address };
    if (!extensions.smtpUtf8 && !isAsciiText(address)) return { kind: 'utf8_address', address };
  }
  if (extensions.size !== undefined && bytes > extensions.size) {
    return { kind: 'too_large', bytes, limit: extensions.size };
  }
  return undefined;
}

function isAsciiText(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- the ASCII range is what is tested
  return /^[\x00-\x7f]*$/.test(text);
}

/** `MAIL FROM`, one `RCPT TO` per recipient, then `DATA`: the group a pipelining server takes at once. */
export function envelopeCommands(
  envelope: { readonly from: string; readonly to: readonly string[] },
  raw: Buffer,
  extensions: SmtpExtensions,
): string[] {
  const parameters: string[] = [];
  if (extensions.size !== undefined) parameters.push(`SIZE=${raw.length}`);
  if (extensions.eightBitMime && !isAscii(raw)) parameters.push('BODY=8BITMIME');
  const utf8 = !isAsciiText(envelope.from) || envelope.to.some((a) => !isAsciiText(a));
  if (utf8 && extensions.smtpUtf8) parameters.push('SMTPUTF8');
  const mail = [`MAIL FROM:<${envelope.from}>`, ...parameters].join(' ');
  return [mail, ...envelope.to.map((to) => `RCPT TO:<${to}>`), 'DATA'];
}

const CRLF = Buffer.from('\r\n');
const END_OF_DATA = Buffer.from('.\r\n');

/**
 * The message as DATA sends it (RFC 5321 §4.5.2): a line starting with `.` gets a second one, a last line
 * without its CRLF gets one, and the end-of-data line `.` follows. Bare CR or LF are left as they are: the
 * composer writes CRLF lines. A message with no line starting with `.` is not copied.
 */
export function dataBytes(raw: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  if (raw[0] === 0x2e) {
    parts.push(Buffer.from('.'));
  }
  for (let at = raw.indexOf('\n.'); at >= 0; at = raw.indexOf('\n.', at + 2)) {
    // Up to and including the LF, then the extra dot; the line's own dot starts the next part.
    parts.push(raw.subarray(start, at + 1), Buffer.from('.'));
    start = at + 1;
  }
  parts.push(start === 0 ? raw : raw.subarray(start));
  const endsWithLine = raw.length >= 2 && raw[raw.length - 2] === 0x0d && raw[raw.length - 1] === 0x0a;
  if (raw.length > 0 && !endsWithLine) parts.push(CRLF);
  parts.push(END_OF_DATA);
  return parts;
}
