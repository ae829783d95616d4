import type { Writable } from 'node:stream';
import type { ListQuery, MailboxSession, RemoteMail, SourceSettings } from './mail-source.js';

/** The POP3 operations the pipeline uses, by message number as the protocol speaks (RFC 1939). */
export interface Pop3Port {
  uidl(): Promise<readonly { readonly msg: number; readonly uid: string }[]>;
  list(): Promise<readonly { readonly msg: number; readonly size: number }[]>;
  /** Streams the message's bytes (dot-stuffing undone) into `target`, and ends it. */
  retr(msg: number, target: Writable): Promise<void>;
  dele(msg: number): Promise<void>;
  quit(): Promise<void>;
  destroy(): void;
}

export type Pop3Connector = (settings: SourceSettings) => Promise<Pop3Port>;

/**
 * A POP3 mailbox session: UIDL identities, LIST sizes, streamed RETR; DELE for settled mail, which the
 * server applies only at QUIT (a cut connection deletes nothing).
 */
export class Pop3Session implements MailboxSession {
  readonly protocol = 'pop3' as const;
  readonly mailbox = 'pop3';
  readonly uidNext = undefined;
  private byUid = new Map<string, { msg: number; size: number }>();

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

  private async refresh(): Promise<void> {
    const [uidl, list] = await Promise.all([this.port.uidl(), this.port.list()]);
    const sizes = new Map(list.map((l) => [l.msg, l.size]));
    this.byUid = new Map(uidl.map((u) => [u.uid, { msg: u.msg, size: sizes.get(u.msg) ?? 0 }]));
  }

  list(_query: ListQuery): Promise<RemoteMail[]> {
    return Promise.resolve([...this.byUid].map(([uid, m]) => ({ uid, size: m.size })));
  }

  async download(uid: string, target: Writable): Promise<void> {
    const entry = this.byUid.get(uid);
    if (!entry) throw new Error(`message ${uid} is not on the server`);
    await this.port.retr(entry.msg, target);
  }

  async settle(uids: readonly string[]): Promise<string[]> {
    if (this.afterStore === 'keep') return [];
    const done: string[] = [];
    for (const uid of uids) {
      const entry = this.byUid.get(uid);
      if (!entry) continue;
      await this.port.dele(entry.msg);
      this.byUid.delete(uid);
      done.push(uid);
    }
    return done;
  }

  async close(): Promise<void> {
    await this.port.quit();
  }

  abort(): void {
    this.port.destroy();
  }
}
