import type { Writable } from 'node:stream';
import {
  DownloadTooLargeError,
  type DownloadLimits,
  type InboundSource,
  type ListRequest,
  type SourceListing,
} from '../ports.js';
import { isPop3OversizeError } from './index.js';
import type { SourceSettings } from '../mailbox-source.js';
import { connectPop3 } from './pop3.connector.js';
import { Pop3Session, type Pop3Connector } from './pop3.session.js';

/** Marks a POP3 cursor, so a cursor of another source is never read as one. */
const PREFIX = 'pop3:';

/**
 * The POP3 cursor: the UIDLs the first-run policy `new` set aside (still on the server, never to be
 * taken unless asked with `--all`). POP3 has no order and no flags: everything else on the server is
 * listed every time, and what was stored before is recognised by its id. Pure.
 */
export function parsePop3Cursor(cursor: string | undefined): Set<string> | undefined {
  if (cursor === undefined || !cursor.startsWith(PREFIX)) return undefined;
  try {
    const ids: unknown = JSON.parse(cursor.slice(PREFIX.length));
    return Array.isArray(ids) ? new Set(ids.filter((id): id is string => typeof id === 'string')) : undefined;
  } catch {
    return undefined;
  }
}

function pop3Cursor(setAside: Iterable<string>): string {
  return `${PREFIX}${JSON.stringify([...setAside])}`;
}

/**
 * POP3 as an inbound source: UIDL ids (`reconcileListing` gives a repeated, invalid or missing UIDL a
 * derived id, never a silent drop), streamed RETR capped on bytes received, DELE for settled mail —
 * applied by the server only at QUIT (`settlesOnClose`): a cut connection deletes nothing.
 */
export class Pop3Source implements InboundSource {
  readonly kind = 'pop3' as const;
  readonly mailbox = 'pop3';
  readonly settlesOnClose = true;

  private constructor(private readonly session: Pop3Session) {}

  /** Pipelined RETRs when the server offers PIPELINING; one after the other otherwise. */
  get downloadWindow(): number {
    return this.session.downloadWindow;
  }

  static async open(settings: SourceSettings, connect: Pop3Connector = connectPop3): Promise<Pop3Source> {
    return new Pop3Source(await Pop3Session.open(settings, connect));
  }

  async list(request: ListRequest): Promise<SourceListing> {
    const all = (await this.session.list({ afterUid: 0, unseenOnly: false })).map((m) => ({
      id: m.uid,
      size: m.size,
    }));
    const aside = parsePop3Cursor(request.cursor);
    const present = new Set(all.map((m) => m.id));
    if (request.includeSetAside) return { items: all, cursor: pop3Cursor([]), more: false, setAside: 0 };
    if (aside === undefined) {
      // First run: "unread" is everything (POP3 has no flags); only `new` sets mail aside.
      if (request.firstRun === 'new') {
        return { items: [], cursor: pop3Cursor(present), more: false, setAside: all.length };
      }
      return { items: all, cursor: pop3Cursor([]), more: false, setAside: 0 };
    }
    const kept = [...aside].filter((id) => present.has(id));
    const items = all.filter((m) => !aside.has(m.id));
    return { items, cursor: pop3Cursor(kept), more: false, setAside: 0 };
  }

  /** Every listed mail is recognised by its id on the next listing: the cursor only says what is set aside. */
  partialCursor(listing: SourceListing): string | undefined {
    return listing.cursor;
  }

  async download(id: string, target: Writable, limits: DownloadLimits = {}): Promise<void> {
    try {
      await this.session.download(id, target, { maxBytes: limits.maxBytes });
    } catch (error) {
      if (isPop3OversizeError(error)) throw new DownloadTooLargeError(error.receivedBytes, error.maxBytes);
      throw error;
    }
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
