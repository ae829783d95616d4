import type { Writable } from 'node:stream';
import type { AccessTokenProvider } from './ports.js';
import type { Credentials, ProxySettings, ResolvedSecurity, SaslMethod, TlsTrust } from './types.js';

/** A mail waiting on the server: its stable id there and its size in bytes. */
export interface RemoteMail {
  readonly uid: string;
  readonly size: number;
}

export interface ListQuery {
  /** IMAP: only UIDs above this one. */
  readonly afterUid: number;
  /** IMAP: only mail without the \Seen flag. POP3 has no flags and lists everything. */
  readonly unseenOnly: boolean;
}

/**
 * One open connection to a POP3 or IMAP mailbox, as the sessions offer it; the POP3 and IMAP inbound
 * sources (`pop3.source.ts`, `imap.source.ts`) turn it into the transport-neutral `InboundSource`.
 */
export interface MailboxSession {
  readonly protocol: 'pop3' | 'imap';
  /** The identity namespace of uids: `pop3`, or `imap:{folder}:{uidvalidity}`. */
  readonly mailbox: string;
  /** IMAP: the UID the next new mail will get. */
  readonly uidNext: number | undefined;
  /** How many mails the mailbox holds, when the protocol says so at once (IMAP EXISTS). */
  readonly exists?: number | undefined;
  /** Downloads that may be in flight at once (see `InboundSource.downloadWindow`); absent: one. */
  readonly downloadWindow?: number | undefined;
  list(query: ListQuery): Promise<RemoteMail[]>;
  /**
   * Streams one mail's raw bytes, exactly as stored on the server, into `target`. When `target` fails (it
   * refuses more bytes than the account accepts), the download stops reading and rejects; the session
   * may then be unusable, and the caller drops it.
   */
  download(uid: string, target: Writable, options?: { readonly maxBytes?: number }): Promise<void>;
  /** The after-store action for mails whose case is stored (delete, move, mark seen); returns the uids done. */
  settle(uids: readonly string[]): Promise<string[]>;
  /** Ends the session cleanly; POP3 deletions take effect only here (QUIT). */
  close(): Promise<void>;
  /** Drops the connection at once, without committing anything. */
  abort(): void;
}

export type { AfterStore } from './ports.js';
import type { AfterStore } from './ports.js';

/** Everything needed to open a session, resolved from an account and its secrets. */
export interface SourceSettings {
  readonly protocol: 'pop3' | 'imap';
  readonly host: string;
  readonly port: number;
  readonly security: ResolvedSecurity;
  readonly timeoutMs: number;
  readonly tls: TlsTrust;
  readonly proxy?: ProxySettings | undefined;
  readonly credentials: Credentials;
  /** OAuth accounts: a fresh access token for each later (re)connect (the IDLE watch runs for days). */
  readonly accessToken?: AccessTokenProvider | undefined;
  /** POP3: the SASL method to log in with (IMAP negotiates on its own). */
  readonly sasl?: SaslMethod | undefined;
  /** IMAP folder (INBOX by default). */
  readonly folder: string;
  readonly afterStore: AfterStore;
  /** For `move`. */
  readonly moveTo: string | null;
}
