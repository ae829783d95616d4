import { domainToASCII } from 'node:url';

/**
 * The form of a mail address DRobot sends to: a dot-atom local part, ASCII (RFC 5322) or UTF-8 (RFC 6531,
 * 6532), `@`, and a domain name whose labels are ASCII — an internationalized domain is sent as its A-labels
 * (`josé@correo.münchen.de` → `josé@correo.xn--mnchen-3ya.de`), which every server takes; only a UTF-8 local
 * part needs a server that offers SMTPUTF8. Pure.
 */

/**
 * RFC 5322 atext and dots (never two in a row: checked apart), or any UTF-8 character but controls, spaces
 * and format characters (RFC 6531 §3.3): zero-width ones, and the bidirectional overrides that would show an
 * address other than the one written (`\u202E`). A dot at either end is let through, as it always was: some
 * carriers hand out such addresses.
 */
const LOCAL_PART =
  /^(?:[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]|(?![\p{Cc}\p{Cf}\p{Cs}\p{Z}\s])[\u0080-\u{10FFFF}])+$/u;
/** Labels of letters, digits and inner hyphens (RFC 1035, 5890): a domain's A-label form. */
const ASCII_DOMAIN =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** RFC 5321 §4.5.3.1: a local part of at most 64 octets, a path of at most 256 (254 without `<>`). */
const MAX_LOCAL_OCTETS = 64;
const MAX_ADDRESS_OCTETS = 254;

const NOT_ASCII = /[\u0080-\uFFFF]/;

/** Whether a text has a character outside ASCII. */
export function hasNonAscii(text: string): boolean {
  return NOT_ASCII.test(text);
}

/** Whether an address's local part (before its last `@`) has a character outside ASCII. */
export function hasUtf8LocalPart(address: string): boolean {
  return hasNonAscii(address.slice(0, Math.max(0, address.lastIndexOf('@'))));
}

/**
 * The address as it is sent (its domain in A-labels), or undefined when it is not an address DRobot can
 * send to. A domain already in ASCII is kept as written.
 */
export function sendableAddress(value: string): string | undefined {
  const at = value.lastIndexOf('@');
  if (at <= 0) return undefined;
  const local = value.slice(0, at);
  const written = value.slice(at + 1);
  // `domainToASCII` gives '' for what it cannot map (a space, a bad label); the rules below judge the rest.
  const domain = hasNonAscii(written) ? domainToASCII(written) : written;
  if (!ASCII_DOMAIN.test(domain) || !LOCAL_PART.test(local) || local.includes('..')) return undefined;
  if (Buffer.byteLength(local) > MAX_LOCAL_OCTETS) return undefined;
  const address = `${local}@${domain}`;
  return Buffer.byteLength(address) <= MAX_ADDRESS_OCTETS ? address : undefined;
}

/** A bare mail address, the only form DRobot sends to (a display name goes separately). */
export function isMailAddress(value: string): boolean {
  return sendableAddress(value) !== undefined;
}

/**
 * An address as DRobot compares addresses (suppression list, its own addresses, one copy per person):
 * trimmed, lowercased, its domain in A-labels when it is an address at all.
 */
export function comparableAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  return sendableAddress(lower) ?? lower;
}
