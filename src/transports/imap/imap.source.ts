import type { Writable } from 'node:stream';
import type { DownloadLimits, InboundSource, ListRequest, SourceItem, SourceListing } from '../ports.js';
import { ImapSession, MAX_LISTED } from './imap.session.js';
import type { MailboxSession, SourceSettings } from '../mailbox-source.js';

/**
 * Where an IMAP listing ended: the folder's identity (`imap:{folder}:{uidvalidity}`), the highest UID
 * below which every mail is handled, and whether the first run is still going (under `new`/`unread` it
 * leaves history below that UID, and `unread` still takes the unread mail there).
 */
export interface ImapCursor {
  readonly mailbox: string;
  readonly floor: number;
  readonly firstRunDone: boolean;
}

const PREFIX = 'imap1|';

/** Pure. */
export function formatImapCursor(c: ImapCursor): string {
  return `${PREFIX}${c.floor}|${c.firstRunDone ? 'done' : 'first'}|${c.mailbox}`;
}

/** Pure; undefined for anything that is not an IMAP cursor. */
export function parseImapCursor(cursor: string | undefined): ImapCursor | undefined {
  if (cursor === undefined || !cursor.startsWith(PREFIX)) return undefined;
  const [floor, state, ...rest] = cursor.slice(PREFIX.length).split('|');
  const mailbox = rest.join('|');
  const n = Number(floor);
  if (!Number.isSafeInteger(n) || n < 0 || (state !== 'done' && state !== 'first') || !mailbox)
    return undefined;
  return { mailbox, floor: n, firstRunDone: state === 'done' };
}

/** The folder part of `imap:{folder}:{uidvalidity}`. */
function folderOf(mailbox: string): string {
  return mailbox.slice(0, mailbox.lastIndexOf(':'));
}

/** What a listing started from, kept to compute the cursor of a partly handled listing. */
interface ListingState {
  readonly floor: number;
  readonly firstRunDone: boolean;
}

/**
 * IMAP as an inbound source: ids are UIDs within `imap:{folder}:{uidvalidity}`; the cursor is the folder
 * identity and the UID below which all is handled. A folder renumbered by the server (a new UIDVALIDITY)
 * is taken whole, whatever the first-run policy (what was stored already is recognised by its identity).
 */
export class ImapSource implements InboundSource {
  readonly kind = 'imap' as const;
  readonly settlesOnClose = false;
  private readonly listings = new WeakMap<SourceListing, ListingState>();

  constructor(private readonly session: MailboxSession) {}

  static async open(settings: SourceSettings): Promise<ImapSource> {
    return new ImapSource(await ImapSession.open(settings));
  }

  get mailbox(): string {
    return this.session.mailbox;
  }

  /** Small mails go out together in one `UID FETCH`: several downloads may be in flight at once. */
  get downloadWindow(): number | undefined {
    return this.session.downloadWindow;
  }

  async list(request: ListRequest): Promise<SourceListing> {
    const session = this.session;
    const previous = parseImapCursor(request.cursor);
    const same = previous?.mailbox === this.mailbox ? previous : undefined;
    const renumbered =
      previous !== undefined && !same && folderOf(previous.mailbox) === folderOf(this.mailbox);
    const policy = renumbered || request.includeSetAside ? 'all' : request.firstRun;
    const initialFloor = policy === 'all' ? 0 : Math.max(0, (session.uidNext ?? 1) - 1);
    const firstRunDone = same?.firstRunDone ?? false;
    const floor = request.includeSetAside ? 0 : (same?.floor ?? initialFloor);
    const refetch = lowest(request.include ?? []);
    // A quarantined mail a person asked to fetch again may sit below the floor.
    const from = refetch === undefined ? floor : Math.min(floor, refetch - 1);
    const limit = Math.max(1, Math.min(request.limit, MAX_LISTED));
    const above = items(await session.list({ afterUid: from, unseenOnly: false }));
    let listed: SourceItem[];
    let setAside = 0;
    if (firstRunDone || policy === 'all' || floor === 0) listed = above;
    else {
      // First run under `new` or `unread`: what is below the floor is history, but unread mail is pending work.
      const below = items(await session.list({ afterUid: 0, unseenOnly: policy === 'unread' })).filter(
        (m) => Number(m.id) <= floor,
      );
      const taken = policy === 'unread' ? below : [];
      const total = policy === 'unread' ? (session.exists ?? 0) : 0;
      setAside = policy === 'new' ? below.length : Math.max(0, total - above.length - taken.length);
      listed = [...taken, ...above];
    }
    const more = listed.length > limit;
    const kept = listed.slice(0, limit);
    const top = kept.reduce((max, m) => Math.max(max, Number(m.id)), floor);
    const listing: SourceListing = {
      items: kept,
      cursor: formatImapCursor({ mailbox: this.mailbox, floor: top, firstRunDone: true }),
      more,
      setAside,
    };
    this.listings.set(listing, { floor, firstRunDone });
    return listing;
  }

  /** The highest UID below which every listed mail is handled; the first run goes on until one is complete. */
  partialCursor(
    listing: SourceListing,
    handled: ReadonlySet<string>,
    previous: string | undefined,
  ): string | undefined {
    const state = this.listings.get(listing);
    if (!state) return previous;
    let floor = state.floor;
    const above = listing.items
      .map((m) => Number(m.id))
      .filter((u) => u > state.floor)
      .sort((a, b) => a - b);
    for (const uid of above) {
      if (!handled.has(String(uid))) break;
      floor = uid;
    }
    return formatImapCursor({ mailbox: this.mailbox, floor, firstRunDone: state.firstRunDone });
  }

  download(id: string, target: Writable, limits?: DownloadLimits): Promise<void> {
    return this.session.download(id, target, limits);
  }

  settle(ids: readonly string[]): Promise<string[]> {
    return this.session.settle(ids);
  }

  close(): Promise<void> {
    return this.session.close();
  }

  abort(): void {
    this.session.abort();
  }
}

function items(mails: readonly { uid: string; size: number }[]): SourceItem[] {
  return mails.map((m) => ({ id: m.uid, size: m.size }));
}

/** The lowest numeric UID, or undefined. Pure. */
function lowest(ids: Iterable<string>): number | undefined {
  let min: number | undefined;
  for (const id of ids) {
    const n = Number(id);
    if (Number.isInteger(n) && n > 0 && (min === undefined || n < min)) min = n;
  }
  return min;
}
