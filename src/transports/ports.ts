import type { Writable } from 'node:stream';
import type { Logger } from '../logging/logger.js';
import type { ProxySettings, TlsTrust } from './types.js';

/**
 * The two ports every mail transport plugs into: an inbound source (POP3, IMAP, Microsoft Graph, Gmail API)
 * and an outbound sink (SMTP, Graph, Gmail API). No library type and nothing of cases crosses them: a source
 * yields raw messages by id, a sink takes a composed raw message and its envelope.
 */

/** What the first run takes from a mailbox that already holds mail. */
export type FirstRunPolicy = 'all' | 'unread' | 'new';

/** What happens on the server to a mail once it is stored: nothing, mark read, move, or delete. */
export type AfterStore = 'keep' | 'seen' | 'move' | 'delete';

/** One mail waiting in a mailbox. */
export interface SourceItem {
  /** Its id in the source's identity namespace (`InboundSource.mailbox`): stable while the mail is there. */
  readonly id: string;
  /** Its size as the server states it, when it does: a hint only (downloads are capped on bytes received). */
  readonly size: number | undefined;
  /**
   * The provider's conversation the mail is in (a Gmail threadId), when the listing names it: an answer
   * sent through the same mailbox can join it. Meaningful only within `InboundSource.mailbox`.
   */
  readonly conversation?: string | undefined;
}

export interface ListRequest {
  /** Where the last fully handled listing ended (the cursor a listing returned); undefined the first time. */
  readonly cursor: string | undefined;
  /** On the first listing (no cursor): what to take from what is already there. */
  readonly firstRun: FirstRunPolicy;
  /** Also list what the first-run policy left on the server (`drobot fetch NAME --all`). */
  readonly includeSetAside: boolean;
  /** Items listed at most; the rest is listed next time. */
  readonly limit: number;
  /**
   * Ids to list again even if the cursor is past them, when they are still there (a quarantined mail a
   * person asked to fetch again). Optional: a source lists them when it can.
   */
  readonly include?: readonly string[] | undefined;
}

export interface SourceListing {
  /** New mail, oldest first. Items stored earlier may appear again: the caller recognises their ids. */
  readonly items: readonly SourceItem[];
  /**
   * Where this listing ended, opaque to all but the source (a POP3 nothing, an IMAP UID, a Graph deltaLink,
   * a Gmail historyId). The caller stores it only once every listed item is handled, and hands it back;
   * until then it lists from the previous cursor again.
   */
  readonly cursor: string | undefined;
  /** More new mail waits beyond `limit`. */
  readonly more: boolean;
  /** Mail the first-run policy left on the server (counted, not listed). */
  readonly setAside: number;
  /**
   * The stored cursor could no longer be used (an expired Graph delta token, a Gmail historyId too old)
   * and the source listed the mailbox again from scratch: mail handled before may be listed again.
   */
  readonly resynced?: boolean | undefined;
}

/**
 * One open session with an inbound mailbox. Exactly-once is the caller's: it records each id in the same
 * transaction as what the mail became, and calls `settle` only for ids whose transaction committed.
 */
export interface InboundSource {
  readonly kind: 'pop3' | 'imap' | 'graph' | 'gmail';
  /** The identity namespace of ids: `pop3`, `imap:{folder}:{uidvalidity}`, `graph:{mailbox}:{folder}`, `gmail:{address}`. */
  readonly mailbox: string;
  /** Whether settled mail changes on the server only at a clean `close` (POP3 applies DELE at QUIT). */
  readonly settlesOnClose: boolean;
  /**
   * How many `download` calls the caller may have in flight at once on this session (POP3 pipelining, IMAP
   * ranges of UIDs in one `UID FETCH`); each call still gets its own target, and they complete in the order
   * they were made. Absent or 1: one download after the other.
   */
  readonly downloadWindow?: number | undefined;
  list(request: ListRequest): Promise<SourceListing>;
  /**
   * The cursor to store when only some listed items are handled (a per-run limit, a mail that failed): a
   * source that can say "everything up to here" does (IMAP: the highest UID below which all are handled);
   * others return `previous`.
   */
  partialCursor(
    listing: SourceListing,
    handled: ReadonlySet<string>,
    previous: string | undefined,
  ): string | undefined;
  /**
   * Streams one mail's raw RFC 5322 bytes, exactly as the server keeps them, into `target`. When `target`
   * fails (it refuses more bytes than the account accepts) the download stops reading and rejects; the
   * session may be unusable then, and the caller drops it.
   */
  download(id: string, target: Writable, limits?: DownloadLimits): Promise<void>;
  /** The after-store action for ids whose case is stored; returns the ids done. */
  settle(ids: readonly string[]): Promise<string[]>;
  close(): Promise<void>;
  /** Drops the session at once, without applying anything. */
  abort(): void;
}

/** What one download may cost. */
export interface DownloadLimits {
  /**
   * The most bytes the mail may have, counted on the bytes received. A source that can stop a transfer by
   * itself (POP3 cannot cancel a RETR) rejects past it with a {@link DownloadTooLargeError}; otherwise the
   * target refuses the excess.
   */
  readonly maxBytes?: number | undefined;
}

/** A source stopped a download past `DownloadLimits.maxBytes`; the session is unusable afterwards. */
export class DownloadTooLargeError extends Error {
  constructor(
    readonly receivedBytes: number,
    readonly maxBytes: number,
  ) {
    super(`the server sent more than ${maxBytes} bytes for one mail (${receivedBytes} received)`);
    this.name = 'DownloadTooLargeError';
  }
}

/** A push subscription (IMAP IDLE, a provider's change notifications); polling goes on beside it. */
export interface SourceWatch {
  stop(): Promise<void>;
}

/**
 * One inbound connection type, as the registry offers it: opens sessions on a mailbox and, when the
 * transport can push, watches it. `S` is the settings the transport needs (resolved from an account).
 */
export interface InboundTransport<S> {
  open(settings: S): Promise<InboundSource>;
  /** Calls `onNewMail` when the mailbox announces new mail; obtains a fresh token at every (re)connect. */
  watch?(settings: S, onNewMail: () => void, logger: Logger): SourceWatch;
}

/** A fresh access token for an OAuth account; `renew` after the server refused the last one. */
export type AccessTokenProvider = (renew: boolean) => Promise<string>;

/** What an API transport (Graph, Gmail API) needs, resolved from an account. */
export interface ApiTransportSettings {
  readonly kind: 'graph' | 'gmail';
  /** The API's base URL (the provider's documented one unless the account names another). */
  readonly apiUrl: string;
  /** Graph: `me` (delegated) or the mailbox's address (app-only: `/users/{address}`); Gmail: `me`. */
  readonly mailbox: string;
  readonly timeoutMs: number;
  readonly tls: TlsTrust;
  readonly proxy?: ProxySettings | undefined;
  readonly accessToken: AccessTokenProvider;
}

/** An API inbound source's settings: where to read and what to do after storing. */
export interface ApiSourceSettings extends ApiTransportSettings {
  /** Graph: a well-known folder name (`inbox`) or a folder id; Gmail: a label id (`INBOX`). */
  readonly folder: string;
  readonly afterStore: AfterStore;
  /** For `move`: Graph folder (name or id) / Gmail label name. */
  readonly moveTo: string | null;
}

/** A composed message, ready to go: its raw MIME and its envelope. */
export interface OutboundMessage {
  /** The whole RFC 5322 message, headers included (Message-ID among them). */
  readonly raw: Buffer;
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  /** The Message-ID in `raw`, with angle brackets. */
  readonly messageId: string;
  /** Gmail: the thread of the case (a Gmail threadId recorded from an earlier message), when known. */
  readonly threadHint?: string | undefined;
}

/** What a sink reports of a message it handed over. */
export interface SentMessage {
  /** The Message-ID the message went out with (a provider may replace ours: threading needs the real one). */
  readonly messageId: string;
  /** The provider's id of the sent message (Graph message id, Gmail message id), when it gives one. */
  readonly providerId?: string | undefined;
  /** Gmail: the thread it went into. */
  readonly threadId?: string | undefined;
  /** The server's words (an SMTP reply), for the record. */
  readonly response?: string | undefined;
}

/**
 * One outbound transport. `send` rejects with a `DrobotError` whose `retryable` says whether trying again
 * later may succeed (a 4xx SMTP reply, throttling, a network failure) or not (a 5xx reply, a refused
 * sender, a permission the account lacks).
 */
export interface OutboundSink {
  send(message: OutboundMessage): Promise<SentMessage>;
  close(): Promise<void>;
}
