/** An IMAP string argument: a quoted string, or a literal when quoting cannot carry the value. */
export type ImapString =
  { readonly kind: 'quoted'; readonly text: string } | { readonly kind: 'literal'; readonly bytes: Buffer };

/**
 * Encodes a value as an IMAP string (RFC 3501): printable ASCII goes quoted with `\` and `"` escaped;
 * anything else (CR, LF, NUL, 8-bit) goes as a synchronizing literal.
 */
export function imapString(value: string): ImapString {
  if (/^[\x20-\x7e]*$/.test(value)) {
    return { kind: 'quoted', text: `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` };
  }
  return { kind: 'literal', bytes: Buffer.from(value, 'utf8') };
}

/** Reads the atom list of a CAPABILITY response or response code. */
export function parseCapabilities(text: string): string[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toUpperCase());
}

/** Finds `[CAPABILITY …]` in a greeting or tagged OK. */
export function capabilitiesInCode(text: string): string[] | undefined {
  const match = /\[CAPABILITY ([^\]]*)\]/i.exec(text);
  return match?.[1] ? parseCapabilities(match[1]) : undefined;
}
