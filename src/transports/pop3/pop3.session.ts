import type { Writable } from 'node:stream';
import { reconcileListing, type Pop3ListingAnomaly, type Pop3Message } from './pop3.listing.js';
import type { ListQuery, MailboxSession, RemoteMail, SourceSettings } from '../mailbox-source.js';

/**
 * RETRs in flight at once on a pipelining server: enough to keep the link busy while a body is stored
 * (a round trip of a far server is worth tens of small mails), few enough that a connection dropped for
 * one bad mail costs little.
 */
export const POP3_PIPELINE_WINDOW = 16;
/** DELEs sent before their replies are read: commands are tiny, replies one line each. */
const POP3_DELE_BATCH = 256;

/** Options of one download. */
export interface DownloadOptions {
  /**
   * The most bytes the mail may have, counted on the bytes received (the server's LIST size may lie).
   * Default: the POP3 client's ceiling (1 GiB).
   */
  readonly maxBytes?: number | undefined;
}

/** The POP3 operations the pipeline uses, by message number as the protocol speaks (RFC 1939). */
export interface Pop3Port {
  stat(): Promise<{ readonly count: number }>;
  uidl(): Promise<readonly { readonly msg: number; readonly uid: string }[]>;
  list(): Promise<readonly { readonly msg: number; readonly size: number }[]>;
  /**
   * Streams the message's bytes (dot-stuffing undone) into `target` and ends it. Past `maxBytes` the
   * connection is dropped, `target` gets the first `maxBytes` bytes and is ended, and the call rejects
   * with a `Pop3OversizeError`.
   */
  retr(msg: number, target: Writable, options?: DownloadOptions): Promise<void>;
  dele(msg: number): Promise<void>;
  /**
   * Whether RETR and DELE may be called again before the previous call settled (the server pipelines,
   * RFC 2449): each call still completes in turn, in the order made.
   */
  readonly pipelining?: boolean | undefined;
  quit(): Promise<void>;
  destroy(): void;
  /** True once the connection is gone (a timeout, a cut, an oversize mail): nothing more can be sent. */
  readonly closed: boolean;
}

export type Pop3Connector = (settings: SourceSettings) => Promise<Pop3Port>;

/**
 * A POP3 mailbox session: UIDL identities, LIST sizes, streamed RETR; DELE for settled mail, which the
 * server applies only at QUIT (a cut connection deletes nothing).
 *
 * Every message the server lists is offered by `list()`, with the identity `reconcileListing` gives it
 * (a repeated, invalid or missing UIDL gets a derived identity, never a silent drop); what was wrong
 * with the listing is in `anomalies`, for the caller to report.
 *
 * Oversize contract: `download(uid, target, { maxBytes })` counts the bytes actually received. Past
 * `maxBytes` it rejects with a `Pop3OversizeError` (from `transports/pop3`; `receivedBytes`,
 * `maxBytes`), after `target` got the first `maxBytes` bytes and was ended. POP3 cannot cancel a RETR,
 * so the connection was dropped: `needsReconnect` is then true, and `settle()` / `close()` fail. The
 * caller calls `abort()` (DELEs sent on this connection are not applied: those mails stay unsettled
 * and are settled by the next session), opens a new session and goes on with the next mail. The same
 * holds after any other error that leaves `needsReconnect` true (a timeout, a cut connection).
 */
export class Pop3Session implements MailboxSession {
  readonly protocol = 'pop3' as const;
  readonly mailbox = 'pop3';
  readonly uidNext = undefined;
  private byUid = new Map<string, Pop3Message>();
  private listingAnomalies: readonly Pop3ListingAnomaly[] = [];

  private constructor(
    private readonly port: Pop3Port,
    private readonly afterStore: SourceSettings['afterStore'],
  ) {}

  static async open(settings: SourceSettings, connect: Pop3Connector): Promise<Pop3Session> {
    const session = new Pop3Session(await connect(settings), settings.afterStore);
    try {
      await session.refresh();
    } catch (error) {
      session.abort();
      throw error;
    }
    return session;
  }

  /** What was wrong with the server's listing when the session opened (empty for a sound server). */
  get anomalies(): readonly Pop3ListingAnomaly[] {
    return this.listingAnomalies;
  }

  /** True once the connection is gone: open a new session to go on (see the class comment). */
  get needsReconnect(): boolean {
    return this.port.closed;
  }

  private async refresh(): Promise<void> {
    const { count } = await this.port.stat();
    const uidl = await this.port.uidl();
    const list = await this.port.list();
    const listing = reconcileListing({
      uidl: uidl.map((u) => ({ n: u.msg, uid: u.uid })),
      list: list.map((l) => ({ n: l.msg, size: l.size })),
      count,
    });
    this.byUid = new Map(listing.messages.map((m) => [m.identity, m]));
    this.listingAnomalies = listing.anomalies;
  }

  list(_query: ListQuery): Promise<RemoteMail[]> {
    return Promise.resolve([...this.byUid.values()].map((m) => ({ uid: m.identity, size: m.size ?? 0 })));
  }

  async download(uid: string, target: Writable, options: DownloadOptions = {}): Promise<void> {
    const entry = this.byUid.get(uid);
    if (!entry) throw new Error(`message ${uid} is not on the server`);
    await this.port.retr(entry.msg, target, options);
  }

  /** Downloads that may be in flight at once: many when the server pipelines, else one. */
  get downloadWindow(): number {
    return this.port.pipelining ? POP3_PIPELINE_WINDOW : 1;
  }

  async settle(uids: readonly string[]): Promise<string[]> {
    if (this.afterStore === 'keep') return [];
    const entries = uids.flatMap((uid) => {
      const entry = this.byUid.get(uid);
      return entry ? [{ uid, entry }] : [];
    });
    if (this.port.pipelining) return this.settlePipelined(entries);
    const done: string[] = [];
    for (const { uid, entry } of entries) {
      await this.port.dele(entry.msg);
      this.byUid.delete(uid);
      done.push(uid);
    }
    return done;
  }

  /**
   * The DELEs go out in batches, each sent whole before its replies are read; the first refusal fails the call
   * once the others are answered (those the server accepted count as done, as one by one).
   */
  private async settlePipelined(entries: readonly { uid: string; entry: Pop3Message }[]): Promise<string[]> {
    const done: string[] = [];
    let failure: unknown;
    for (let i = 0; i < entries.length && failure === undefined; i += POP3_DELE_BATCH) {
      const batch = entries.slice(i, i + POP3_DELE_BATCH);
      const answers = await Promise.allSettled(batch.map(({ entry }) => this.port.dele(entry.msg)));
      answers.forEach((answer, k) => {
        const { uid } = batch[k]!;
        if (answer.status === 'fulfilled') {
          this.byUid.delete(uid);
          done.push(uid);
        } else failure ??= answer.reason;
      });
    }
    if (failure !== undefined) throw failure;
    return done;
  }

  async close(): Promise<void> {
    await this.port.quit();
  }

  abort(): void {
    this.port.destroy();
  }
}
