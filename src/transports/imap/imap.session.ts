import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { DrobotError } from '../../errors/drobot-error.js';
import { extraCaContext } from '../net/extra-ca.js';
import { proxyUrl } from '../net/proxy-url.js';
import { httpErrors } from '../http/http.errors.js';
import { BatchedDownloads } from './imap.batch.js';
import { imapErrors } from './imap.errors.js';
import { pinnedTlsTransport } from './imap-pin.transport.js';
import { imapOpenError } from './imap.error-map.js';
import { fetchDirect } from './imap-direct-fetch.js';
import {
  FetchReplyError,
  type FetchedItem,
  type FetchReplyLimits,
  type TaggedReply,
} from './imap-fetch-reader.js';
import { netErrors } from '../net/net.errors.js';
import { serverWords } from '../net/server-words.js';
import type { ListQuery, MailboxSession, RemoteMail, SourceSettings } from '../mailbox-source.js';

/**
 * What one server response may cost. Mails are downloaded in partial fetches of DOWNLOAD_CHUNK bytes, so
 * no honest literal is larger than that (a server that answers a chunk request with a huge literal is
 * refused at once); the longest honest line is a SEARCH answer (about 8 bytes per UID: a million UIDs).
 */
export const DOWNLOAD_CHUNK = 256 * 1024;
const IMAP_RESPONSE_LIMITS = {
  maxLiteralSize: 4 * DOWNLOAD_CHUNK,
  maxLineLength: 8 * 1024 * 1024,
  maxResponseSize: 9 * 1024 * 1024,
  maxResponseTokens: 200_000,
} as const;
/**
 * Downloads in flight at once: small mails go out together in one `UID FETCH` of this many UIDs, so a
 * round trip is paid per batch rather than per mail; what the batch holds stays bounded (below).
 */
export const IMAP_DOWNLOAD_WINDOW = 16;
/**
 * The largest mail taken in a batch: a batched body is held whole until it is handed out, and imapflow
 * (when it fetches) refuses a literal above its limit, so the partial fetch asks for at most that (cap + 1
 * bytes).
 */
export const BATCHED_MAIL_MAX_BYTES = IMAP_RESPONSE_LIMITS.maxLiteralSize - 1;
/** The slowest transfer a batch is given time for, in bytes per second, on top of the timeout's share. */
const BATCH_MIN_BYTES_PER_SECOND = 32 * 1024;
/** Mails one listing returns at most (lowest UIDs first); the rest is listed by the next run. */
export const MAX_LISTED = 100_000;
/**
 * What a direct fetch's answer may hold besides its bodies (see `imap-direct-fetch.ts`): a line between
 * literals (FETCH lines are short; an unsolicited FLAGS line with many keywords is the longest honest one),
 * and the literals of other items than a body.
 */
const DIRECT_LINE_BYTES = 1024 * 1024;
const DIRECT_OTHER_LITERALS_BYTES = 64 * 1024;

/** The bounds of a direct fetch's answer: bodies of `bodyBytes` at most (0: none asked for), `responses`. */
function directLimits(bodyBytes: number, responses: number): FetchReplyLimits {
  return {
    maxLineBytes: DIRECT_LINE_BYTES,
    maxLiteralBytes: bodyBytes > 0 ? bodyBytes : DIRECT_OTHER_LITERALS_BYTES,
    maxResponseBytes: bodyBytes + DIRECT_LINE_BYTES + DIRECT_OTHER_LITERALS_BYTES,
    maxResponses: responses,
  };
}
/** UIDs named in one command, as ranges, so a long listing never becomes one huge command. */
const UIDS_PER_COMMAND = 1000;

/** imapflow's connection options for the settings: security, trust, proxy, timeouts, login. */
export function imapOptions(s: SourceSettings): ImapFlowOptions {
  const auth =
    s.credentials.kind === 'password'
      ? { user: s.credentials.username, pass: s.credentials.password }
      : s.credentials.kind === 'oauth2'
        ? { user: s.credentials.username, accessToken: s.credentials.accessToken }
        : undefined;
  const proxy = s.proxy ? proxyUrl(s.proxy) : undefined;
  return {
    host: s.host,
    port: s.port,
    secure: s.security === 'implicit',
    doSTARTTLS: s.security === 'starttls' ? true : s.security === 'none' ? false : undefined,
    auth,
    proxy,
    logger: false,
    tls: {
      // The system CAs plus the extra one, as every other transport trusts them.
      ...(s.tls.caPem ? { secureContext: extraCaContext(s.tls.caPem) } : {}),
      rejectUnauthorized: !s.tls.insecureSkipVerify,
      minVersion: 'TLSv1.2',
    },
    connectionTimeout: s.timeoutMs,
    greetingTimeout: s.timeoutMs,
    socketTimeout: Math.max(60_000, s.timeoutMs * 6),
    disableAutoIdle: true,
    ...IMAP_RESPONSE_LIMITS,
    // A pinned certificate is checked by our own transport (the proxy option then cannot apply).
    ...(s.tls.pinSha256 && !s.tls.insecureSkipVerify
      ? { transport: pinnedTlsTransport(s.tls.pinSha256) }
      : {}),
  };
}

/** An IMAP mailbox session over imapflow: UIDVALIDITY + UID identities, streamed downloads. */
export class ImapSession implements MailboxSession {
  readonly protocol = 'imap' as const;
  readonly downloadWindow = IMAP_DOWNLOAD_WINDOW;
  private targetReady = false;
  /**
   * The settling commands this session has handed to imapflow and that have not ended. A direct fetch
   * waits for them: started while imapflow has a command in flight, it would find the connection busy and
   * go through imapflow's fetch, which parses every body again (a batch in about fifteen of an IMAPS intake
   * that marks mails seen as it goes).
   */
  private settling: Promise<void> = Promise.resolve();
  /** Sizes the listings stated, by UID: which downloads may go out in a batch. */
  private readonly listedSizes = new Map<number, number>();
  private readonly batches = new BatchedDownloads(
    {
      fetchBodies: (uids, maxLength, totalBytes, onMail) =>
        this.fetchBodies(uids, maxLength, totalBytes, onMail),
      stream: (uid, target) => this.stream(uid, target),
    },
    { perBatch: IMAP_DOWNLOAD_WINDOW, maxMailBytes: BATCHED_MAIL_MAX_BYTES },
  );

  private constructor(
    private readonly client: ImapFlow,
    private readonly settings: SourceSettings,
    readonly mailbox: string,
    readonly uidNext: number | undefined,
    readonly exists: number | undefined,
    private readonly faults: ClientFaults,
  ) {}

  static async open(settings: SourceSettings): Promise<ImapSession> {
    if (settings.tls.pinSha256 && !settings.tls.insecureSkipVerify && settings.proxy) {
      // The pinning transport connects by itself; it must never bypass a proxy the account requires.
      throw new DrobotError(imapErrors.imapPinWithProxy, { step: 'tls' });
    }
    const client = new ImapFlow(imapOptions(settings));
    const faults: ClientFaults = { last: undefined };
    // Surfaced through the failing command instead, which may only say the connection is gone.
    client.on('error', (error: unknown) => (faults.last = error));
    const step = (name: string) => withDeadline(name, settings.timeoutMs * 3, () => client.close());
    try {
      await step('connect')(() => client.connect());
    } catch (error) {
      client.close();
      throw isTooLarge(error) ? tooLarge('greeting', error) : imapOpenError(error, settings);
    }
    try {
      const box = await step('select')(() => client.mailboxOpen(settings.folder || 'INBOX'));
      const mailbox = `imap:${box.path}:${box.uidValidity.toString()}`;
      return new ImapSession(client, settings, mailbox, box.uidNext, box.exists, faults);
    } catch (error) {
      client.close();
      throw mailboxError(error);
    }
  }

  /**
   * New mail above `afterUid`, lowest UIDs first, at most MAX_LISTED: one `UID FETCH n:* (UID RFC822.SIZE)`
   * gives the listing and the sizes at once; unread mail needs a SEARCH first.
   */
  async list(query: ListQuery): Promise<RemoteMail[]> {
    // A long listing takes longer: up to 1 ms per mail the folder holds (a loaded machine parses slowly),
    // on top of the timeout's share; bounded whatever count a server claims.
    const ms = this.settings.timeoutMs * 12 + Math.min(this.exists ?? 0, 1_000_000);
    return this.within('list', ms, async () => {
      if (!query.unseenOnly) return this.sizes(`${query.afterUid + 1}:*`, query.afterUid);
      const found = await this.client.search({ uid: `${query.afterUid + 1}:*`, seen: false }, { uid: true });
      const uids = (found || [])
        .filter((u) => u > query.afterUid)
        .sort((a, b) => a - b)
        .slice(0, MAX_LISTED);
      const out: RemoteMail[] = [];
      for (const range of uidRanges(uids, UIDS_PER_COMMAND)) {
        out.push(...(await this.sizes(range, query.afterUid)));
      }
      return out.sort((a, b) => Number(a.uid) - Number(b.uid));
    });
  }

  private async sizes(range: string, afterUid: number): Promise<RemoteMail[]> {
    const out: RemoteMail[] = [];
    // `n:*` names the last mail even when its UID is below n (RFC 3501): hence the filter.
    // A long-lived session lists again and again: the sizes kept stay those of recent listings.
    if (this.listedSizes.size > 2 * MAX_LISTED) this.listedSizes.clear();
    const listed = (uid: number, size: number | undefined) => {
      if (uid > afterUid && out.length < MAX_LISTED) {
        out.push({ uid: String(uid), size: size ?? 0 });
        if (size !== undefined) this.listedSizes.set(uid, size);
      }
    };
    const direct = await this.fetchedDirectly(
      'list',
      `${range} (UID RFC822.SIZE)`,
      // One response per mail the folder holds (more may arrive meanwhile), and a few unsolicited ones.
      directLimits(0, Math.max(this.exists ?? 0, MAX_LISTED) * 2 + 10_000),
      ({ uid, size }) => {
        if (uid !== undefined) listed(uid, size);
        return Promise.resolve();
      },
    );
    if (!direct) {
      for await (const msg of this.client.fetch(range, { uid: true, size: true }, { uid: true })) {
        listed(msg.uid, msg.size);
      }
    }
    return out.sort((a, b) => Number(a.uid) - Number(b.uid));
  }

  /**
   * One mail into `target`. Calls made while others are in flight (up to `downloadWindow`) complete in
   * call order; mails listed small go out together in one `UID FETCH` (see `imap.batch.ts`), capped at
   * `maxBytes` + 1 bytes each (more is a `DownloadTooLargeError`); larger ones are streamed.
   */
  download(uid: string, target: Writable, options: { readonly maxBytes?: number } = {}): Promise<void> {
    return this.batches.download(uid, this.listedSizes.get(Number(uid)), target, options.maxBytes);
  }

  /** A streamed download in partial fetches of DOWNLOAD_CHUNK; the target refuses what is too much. */
  private async stream(uid: string, target: Writable): Promise<void> {
    let result: Awaited<ReturnType<ImapFlow['download']>>;
    try {
      result = await this.within('download', this.settings.timeoutMs * 3, () =>
        this.client.download(uid, undefined, { uid: true, chunkSize: DOWNLOAD_CHUNK }),
      );
    } catch (error) {
      target.destroy();
      throw error;
    }
    if (!result.content) {
      target.destroy();
      throw new DrobotError(httpErrors.itemGone, { params: { id: uid } });
    }
    await pipeline(result.content, target);
  }

  /**
   * One `UID FETCH uids (UID BODY.PEEK[]<0.maxLength>)`; answers are matched by their UID, in whatever
   * order they come. The deadline grows with the bytes asked for, at a slow but usable rate.
   */
  private fetchBodies(
    uids: readonly number[],
    maxLength: number,
    totalBytes: number,
    onMail: (uid: number, body: Buffer) => Promise<void>,
  ): Promise<void> {
    const ms = this.settings.timeoutMs * 3 + (totalBytes / BATCH_MIN_BYTES_PER_SECOND) * 1000;
    return this.within('download', ms, async () => {
      const range = uidRanges(uids, uids.length)[0] ?? '';
      const wanted = new Set(uids);
      const direct = await this.fetchedDirectly(
        'download',
        `${range} (UID BODY.PEEK[]<0.${maxLength}>)`,
        directLimits(maxLength, uids.length * 4 + 10_000),
        async ({ uid, body }) => {
          if (uid !== undefined && body !== undefined && wanted.has(uid)) await onMail(uid, body);
        },
      );
      if (direct) return;
      const query = { uid: true, source: { maxLength } };
      for await (const msg of this.client.fetch(range, query, { uid: true })) {
        if (msg.source !== undefined && wanted.has(msg.uid)) await onMail(msg.uid, msg.source);
      }
    });
  }

  async settle(uids: readonly string[]): Promise<string[]> {
    if (uids.length === 0) return [];
    const ranges = uidRanges(
      uids.map(Number).sort((a, b) => a - b),
      UIDS_PER_COMMAND,
    );
    const settled = this.within('settle', this.settings.timeoutMs * 6, async () => {
      for (const range of ranges) await this.settleRange(range);
    });
    // Both awaited, nothing kept: a long session settles thousands of times.
    this.settling = Promise.allSettled([this.settling, settled]).then(() => undefined);
    await settled;
    return [...uids];
  }

  private async settleRange(range: string): Promise<void> {
    try {
      switch (this.settings.afterStore) {
        case 'keep':
          break;
        case 'seen':
          await this.client.messageFlagsAdd(range, ['\\Seen'], { uid: true });
          break;
        case 'move': {
          const target = this.settings.moveTo ?? 'Archive';
          if (!this.targetReady) {
            // Creating a folder that exists is refused by the server; either way it is there afterwards.
            await this.client.mailboxCreate(target).catch(() => undefined);
            this.targetReady = true;
          }
          await this.client.messageMove(range, target, { uid: true });
          break;
        }
        case 'delete':
          await this.client.messageDelete(range, { uid: true });
          break;
      }
    } catch (error) {
      throw mailboxError(error);
    }
  }

  /**
   * `UID FETCH <args>` read by DRobot's own reader (see `imap-direct-fetch.ts`); false, with nothing sent,
   * when imapflow's connection cannot be read directly (the caller then fetches through imapflow). A reply
   * other than OK is the server refusing the command; a broken answer fails in the user's words.
   */
  private async fetchedDirectly(
    step: string,
    args: string,
    limits: FetchReplyLimits,
    onItem: (item: FetchedItem) => Promise<void>,
  ): Promise<boolean> {
    let reply: TaggedReply | undefined;
    await this.settling;
    try {
      reply = await fetchDirect(this.client, args, limits, onItem);
    } catch (error) {
      throw this.directFailure(step, error);
    }
    if (!reply) return false;
    if (reply.status === 'OK') return true;
    const detail = serverWords(reply.text, [], { max: 200 });
    throw new DrobotError(imapErrors.mailbox, {
      step,
      params: { detail },
      serverReply: detail,
      retryable: true,
    });
  }

  /** A direct fetch that failed on the server's answer: what it broke, in the user's words. */
  private directFailure(step: string, error: unknown): unknown {
    if (!(error instanceof FetchReplyError)) return error;
    const detail = serverWords(error.message, [], { max: 200 });
    switch (error.kind) {
      case 'tooLarge':
        return tooLarge(step, error);
      case 'closed':
        return new DrobotError(netErrors.connectionClosed, {
          step,
          params: { host: this.settings.host, port: this.settings.port, step },
          retryable: true,
          cause: error,
        });
      default:
        return new DrobotError(imapErrors.protocol, {
          step,
          params: { step, detail },
          retryable: true,
          cause: error,
        });
    }
  }

  /** Runs one step under a deadline; past it the connection is dropped and the step fails, saying so. */
  private async within<T>(step: string, ms: number, work: () => Promise<T>): Promise<T> {
    const before = this.faults.last;
    try {
      return await withDeadline(step, ms, () => this.client.close())(work);
    } catch (error) {
      // imapflow drops the connection on a response over its limits and the command only says
      // "no connection": the cause is the client's error.
      const fault = this.faults.last;
      if (fault !== before && !(error instanceof DrobotError) && isTooLarge(fault))
        throw tooLarge(step, fault);
      throw error;
    }
  }

  async close(): Promise<void> {
    try {
      await this.within('logout', this.settings.timeoutMs, () => this.client.logout());
    } catch {
      this.client.close();
    }
  }

  abort(): void {
    this.client.close();
  }
}

/** The last error imapflow reported on its connection. */
interface ClientFaults {
  last: unknown;
}

/** Sorted UIDs as IMAP sequence sets (`1:5,9,12:14`), each naming at most `perSet` UIDs. Pure. */
export function uidRanges(sorted: readonly number[], perSet: number): string[] {
  const sets: string[] = [];
  let parts: string[] = [];
  let count = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1 && count + (j - i + 1) < perSet) j++;
    const first = sorted[i]!;
    const last = sorted[j]!;
    parts.push(first === last ? String(first) : `${first}:${last}`);
    count += j - i + 1;
    i = j + 1;
    if (count >= perSet) {
      sets.push(parts.join(','));
      parts = [];
      count = 0;
    }
  }
  if (parts.length > 0) sets.push(parts.join(','));
  return sets;
}

/**
 * A step with a deadline. imapflow's socket timeout is reset by every byte, so a server that drips a byte
 * now and then, or answers without end, would hold a step forever: the deadline drops the connection.
 */
function withDeadline(step: string, ms: number, drop: () => void) {
  return async <T>(work: () => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    let expired = false;
    const expiry = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        expired = true;
        drop();
        reject(
          new DrobotError(imapErrors.serverTooSlow, {
            step,
            params: { step, seconds: Math.round(ms / 1000) },
            retryable: true,
          }),
        );
      }, ms);
    });
    const running = work();
    running.catch(() => undefined); // after the deadline its failure is the dropped connection's
    try {
      return await Promise.race([running, expiry]);
    } catch (error) {
      if (!expired && isTooLarge(error)) throw tooLarge(step, error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

function tooLarge(step: string, error: unknown): DrobotError {
  return new DrobotError(imapErrors.responseTooLarge, {
    step,
    params: { step, detail: (error as Error).message.slice(0, 200) },
    cause: error,
  });
}

/** imapflow's codes for a response over its limits. */
const TOO_LARGE = new Set([
  'LiteralTooLarge',
  'LineTooLarge',
  'ResponseTooLarge',
  'TooManyTokens',
  'TooManyResponses',
]);

function isTooLarge(error: unknown): boolean {
  return TOO_LARGE.has(String((error as { code?: unknown } | null)?.code));
}

function mailboxError(error: unknown): DrobotError {
  const reply = (error as { responseText?: unknown }).responseText;
  const detail = typeof reply === 'string' ? reply : error instanceof Error ? error.message : String(error);
  return new DrobotError(imapErrors.mailbox, {
    params: { detail },
    serverReply: typeof reply === 'string' ? reply : undefined,
    retryable: true,
    cause: error,
  });
}
