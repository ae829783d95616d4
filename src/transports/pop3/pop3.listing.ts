/**
 * One identity for every message a POP3 server lists, whatever it lists. Exactly-once fetching keys each
 * mail on its UIDL; a server that repeats a UIDL, sends one that RFC 1939 does not allow, or leaves a
 * message out of UIDL or LIST must not make a mail vanish (never fetched, never deleted, "0 left").
 *
 * The rule (pure; the same listing always gives the same identities):
 * - A message's number comes from LIST, UIDL or, in a fresh session, 1…STAT count; a number one listing
 *   repeats keeps its first line (`repeated_number`). The order of the lines does not matter.
 * - A valid UIDL (1–70 characters 0x21–0x7E) that no other message shares is the identity itself.
 * - An invalid UIDL (empty, too long, spaces, control or 8-bit bytes) is replaced by
 *   `uidl-sha256 <32 hex>` of its bytes: stable across sessions, printable, bounded (`invalid_uid`).
 * - A UIDL (or invalid-UIDL hash) shared by several messages gives each of them `<uidl> dup:<size>`,
 *   with `.2`, `.3`… in message-number order among those of equal size (`duplicate_uid`). The size is
 *   the message's own, so the identity does not move when a sibling is deleted, and once only one
 *   message keeps the UIDL it gets the plain UIDL again: a new identity, so it is fetched (a mail
 *   fetched twice is recognised by its content; a mail never fetched is lost).
 * - A message without a UIDL gets `no-uidl msg:<n> size:<size>` (`missing_uid`): the best the server
 *   allows; it is fetched again if its number changes.
 * - A message without a LIST size has size `undefined` (`missing_size`); the byte cap of the download
 *   still bounds it.
 * Every derived identity contains a space, which no valid UIDL can: it never collides with a real one.
 */
import { createHash } from 'node:crypto';
import { serverWords } from '../net/server-words.js';
import type { Pop3ListEntry, Pop3UidlEntry } from './pop3.replies.js';

export type Pop3AnomalyKind =
  'duplicate_uid' | 'invalid_uid' | 'missing_uid' | 'missing_size' | 'repeated_number';

/** Something wrong in a listing, and what was done about it. */
export interface Pop3ListingAnomaly {
  readonly kind: Pop3AnomalyKind;
  readonly msg: number;
  /** The identity the message got; absent for a repeated number (that line was left out). */
  readonly identity?: string;
  /** What the server sent, printable and bounded. */
  readonly detail: string;
}

/** One message of the mailbox as DRobot will handle it. */
export interface Pop3Message {
  readonly msg: number;
  readonly identity: string;
  /** The LIST size; undefined when LIST left the message out. */
  readonly size: number | undefined;
}

export interface Pop3Listing {
  /** Every message, in message-number order. */
  readonly messages: readonly Pop3Message[];
  /** In message-number order. */
  readonly anomalies: readonly Pop3ListingAnomaly[];
}

/** RFC 1939 §7: a unique-id is 1 to 70 characters in the range 0x21 to 0x7E. */
const VALID_UID = /^[\x21-\x7e]{1,70}$/;

const shown = (text: string) => serverWords(text, [], { max: 80 });

/** The first line of each message number; later ones are anomalies. */
function byNumber<T extends { n: number }>(
  entries: readonly T[],
  command: string,
  describe: (entry: T) => string,
  anomalies: Pop3ListingAnomaly[],
): Map<number, T> {
  const map = new Map<number, T>();
  for (const entry of entries) {
    if (map.has(entry.n)) {
      anomalies.push({
        kind: 'repeated_number',
        msg: entry.n,
        detail: shown(`${command} ${describe(entry)}`),
      });
    } else {
      map.set(entry.n, entry);
    }
  }
  return map;
}

/** Reconciles UIDL, LIST and (optionally) the STAT count of one session into identities. */
export function reconcileListing(input: {
  readonly uidl: readonly Pop3UidlEntry[];
  readonly list: readonly Pop3ListEntry[];
  readonly count?: number | undefined;
}): Pop3Listing {
  const anomalies: Pop3ListingAnomaly[] = [];
  const uids = byNumber(input.uidl, 'UIDL', (e) => `${e.n} ${e.uid}`, anomalies);
  const sizes = byNumber(input.list, 'LIST', (e) => `${e.n} ${e.size}`, anomalies);
  const numbers = new Set<number>([...uids.keys(), ...sizes.keys()]);
  for (let n = 1; n <= (input.count ?? 0); n++) numbers.add(n);

  // The base identity of each message, before duplicates are told apart.
  const bases = new Map<number, string>();
  const sharing = new Map<string, number>();
  for (const msg of [...numbers].sort((a, b) => a - b)) {
    const size = sizes.get(msg)?.size;
    if (size === undefined) anomalies.push({ kind: 'missing_size', msg, detail: `LIST ${msg}` });
    const uid = uids.get(msg)?.uid;
    let base: string;
    if (uid === undefined) {
      base = `no-uidl msg:${msg} size:${size ?? '?'}`;
      anomalies.push({ kind: 'missing_uid', msg, identity: base, detail: `UIDL ${msg}` });
    } else if (VALID_UID.test(uid)) {
      base = uid;
    } else {
      const digest = createHash('sha256').update(Buffer.from(uid, 'latin1')).digest('hex');
      base = `uidl-sha256 ${digest.slice(0, 32)}`;
      anomalies.push({ kind: 'invalid_uid', msg, identity: base, detail: shown(`UIDL ${msg} ${uid}`) });
    }
    bases.set(msg, base);
    sharing.set(base, (sharing.get(base) ?? 0) + 1);
  }

  const messages: Pop3Message[] = [];
  const taken = new Set<string>();
  for (const [msg, base] of bases) {
    const size = sizes.get(msg)?.size;
    let identity = base;
    if ((sharing.get(base) ?? 0) > 1) {
      const stem = `${base} dup:${size ?? '?'}`;
      identity = stem;
      for (let k = 2; taken.has(identity); k++) identity = `${stem}.${k}`;
      anomalies.push({ kind: 'duplicate_uid', msg, identity, detail: shown(`UIDL ${msg} ${base}`) });
    }
    taken.add(identity);
    messages.push({ msg, identity, size });
  }
  return { messages, anomalies: anomalies.sort((a, b) => a.msg - b.msg) };
}
