/*
 * Reference copy of src/inbound/parse/dsn.reader.ts as it was before the parse speed work (commit 8110508): the
 * output the faster code must keep, compared mail by mail in test/inbound/parse-equivalence.test.ts.
 * Not edited to follow the source: a change of output there must show as a failure.
 */
/** What a delivery status notification (RFC 3464) says about the first failed recipient. */
export interface DeliveryFailure {
  readonly recipient: string | null;
  /** The enhanced status code, e.g. `5.1.1`. */
  readonly status: string | null;
  readonly action: string | null;
  readonly diagnostic: string | null;
}

/** Reads a message/delivery-status body: per-recipient blocks; the first failed (or else first) one wins. */
export function readDeliveryStatus(body: string): DeliveryFailure {
  const blocks = body
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map(fields)
    .filter((f) => f.has('final-recipient') || f.has('original-recipient'));
  const chosen = blocks.find((f) => f.get('action')?.toLowerCase() === 'failed') ?? blocks[0];
  if (!chosen) return { recipient: null, status: null, action: null, diagnostic: null };
  return {
    recipient: addressOf(chosen.get('final-recipient') ?? chosen.get('original-recipient')),
    status: chosen.get('status')?.match(/\d\.\d{1,3}\.\d{1,3}/)?.[0] ?? null,
    action: chosen.get('action')?.toLowerCase() ?? null,
    diagnostic: chosen.get('diagnostic-code') ?? null,
  };
}

function fields(block: string): Map<string, string> {
  const map = new Map<string, string>();
  const unfolded = block.replace(/\n[ \t]+/g, ' ');
  for (const line of unfolded.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!map.has(name)) map.set(name, line.slice(colon + 1).trim());
  }
  return map;
}

/** `rfc822; user@example.com` → `user@example.com`. */
function addressOf(value: string | undefined): string | null {
  if (!value) return null;
  const semi = value.indexOf(';');
  const address = (semi >= 0 ? value.slice(semi + 1) : value).trim().replace(/^<|>$/g, '');
  return address === '' ? null : address.toLowerCase();
}

/**
 * Message-IDs named by the headers of a returned message (a report's text/rfc822-headers part, a bounce's
 * quoted original, or the raw mail beyond its own header section): each Message-ID first, then the ids of
 * In-Reply-To and References. Returned headers are often indented or quoted, so a header name counts after
 * any whitespace or `>`; a value folded onto the next line is found too.
 */
export function messageIdsIn(headersText: string): string[] {
  const own: string[] = [];
  const related: string[] = [];
  for (const match of headersText.matchAll(/(?:^|[\s>])message-id:\s*(<[^<>\s]{1,250}>)/gi)) {
    if (match[1]) own.push(match[1]);
  }
  const refs = /(?:^|[\s>])(?:in-reply-to|references):((?:\s*<[^<>\s]{1,250}>){1,50})/gi;
  for (const match of headersText.matchAll(refs)) {
    for (const id of match[1]?.match(/<[^<>\s]+>/g) ?? []) related.push(id);
  }
  return [...own, ...related];
}
