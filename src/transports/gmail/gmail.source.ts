import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DrobotError } from '../../errors/drobot-error.js';
import type { ApiClient } from '../http/api-client.js';
import { apiClientFor, type ApiAdapterOptions, type ApiSourceConnection } from '../http/api-adapter.js';
import { apiStatusOf, goneOr, isAuthorizationError } from '../http/api-status.js';
import type { AccessTokenProvider, InboundSource, ListRequest, SourceItem, SourceListing } from '../ports.js';
import { decodeGmailCursor, encodeGmailCursor, type GmailCursor } from './gmail.cursor.js';
import { gmailErrors } from './gmail.errors.js';
import { labelIdOf, messagePath, userPath } from './gmail.paths.js';
import { GmailRawDecoder } from './gmail.raw-stream.js';

/** `messages.list` and `history.list` pages at most this large (Gmail's maximum is 500). */
const PAGE_SIZE = 500;
/** Pages one listing follows at most; the next listing goes on from its cursor. */
const MAX_PAGES = 200;
/** Ids per `messages.batchModify` (Gmail accepts up to 1000). */
const BATCH = 1000;

interface Profile {
  readonly emailAddress?: unknown;
  readonly historyId?: unknown;
}

interface ListPage {
  readonly messages?: readonly { readonly id?: unknown; readonly threadId?: unknown }[];
  readonly nextPageToken?: unknown;
}

interface HistoryMessage {
  readonly message?: { readonly id?: unknown; readonly threadId?: unknown; readonly labelIds?: unknown };
  /** labelsAdded / labelsRemoved: the labels of this change. */
  readonly labelIds?: unknown;
}

interface HistoryRecord {
  readonly id?: unknown;
  readonly messagesAdded?: readonly HistoryMessage[];
  readonly messagesDeleted?: readonly HistoryMessage[];
  readonly labelsAdded?: readonly HistoryMessage[];
  readonly labelsRemoved?: readonly HistoryMessage[];
}

interface HistoryPage {
  readonly history?: readonly HistoryRecord[];
  readonly nextPageToken?: unknown;
  readonly historyId?: unknown;
}

/**
 * Inbound mail of a Gmail mailbox label (the inbox by default). The first run lists the label with
 * `messages.list`; from then on `history.list` from the stored historyId gives what was added. A historyId
 * Gmail no longer keeps (404) makes the source list the label again (`resynced`): the caller recognises the
 * ids it handled.
 * https://developers.google.com/workspace/gmail/api/guides/sync
 * https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/list
 * https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.history/list
 */
export class GmailSource implements InboundSource {
  readonly kind = 'gmail' as const;
  readonly settlesOnClose = false;
  private readonly label: string;
  private moveLabel: string | undefined;

  constructor(
    private readonly client: ApiClient,
    private readonly settings: ApiSourceConnection,
    readonly mailbox: string,
  ) {
    this.label = labelIdOf(settings.folder || 'INBOX');
  }

  async list(request: ListRequest): Promise<SourceListing> {
    const cursor = decodeGmailCursor(request.cursor);
    if (!cursor) return this.fullList(request, request.cursor === undefined ? 'initial' : 'resync');
    if (cursor.phase !== 'history') return this.pageList(request, cursor, false);
    try {
      return await this.historyList(request, cursor.history);
    } catch (error) {
      if (apiStatusOf(error)?.status !== 404) throw error;
      return this.fullList(request, 'resync');
    }
  }

  /** The start of a full listing: the historyId first (so nothing falls between), then the label. */
  private async fullList(request: ListRequest, phase: 'initial' | 'resync'): Promise<SourceListing> {
    const profile = await this.client.json<Profile>({ path: `${userPath(this.settings.mailbox)}/profile` });
    const history = String(profile?.historyId ?? '');
    if (!/^\d{1,20}$/.test(history)) throw new DrobotError(gmailErrors.noProfile);
    return this.pageList(request, { phase, history, page: '' }, phase === 'resync');
  }

  /** `messages.list` pages from a page token; a `new` first run lists nothing and only counts. */
  private async pageList(
    request: ListRequest,
    from: Extract<GmailCursor, { page: string }>,
    resynced: boolean,
  ): Promise<SourceListing> {
    const everything = request.includeSetAside || request.firstRun === 'all';
    // A resync lists unread mail (what arrived while the historyId was too old) even on a `new` first run.
    const unreadOnly = !everything && (from.phase === 'resync' || request.firstRun === 'unread');
    const setAside = from.page === '' && !everything ? await this.countSetAside(unreadOnly) : 0;
    const ids: string[] = [];
    const threads = new Map<string, string>();
    const done = (more: boolean, next: GmailCursor): SourceListing => ({
      items: ids.reverse().map((id) => itemOf(id, threads)),
      cursor: encodeGmailCursor(next),
      more,
      setAside,
      ...(resynced ? { resynced: true } : {}),
    });
    if (!everything && !unreadOnly) return done(false, { phase: 'history', history: from.history });
    let page = from.page;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const room = request.limit - ids.length;
      const answer = await this.client.json<ListPage>({
        path: `${userPath(this.settings.mailbox)}/messages`,
        query: {
          labelIds: this.label,
          q: unreadOnly ? 'is:unread' : undefined,
          maxResults: Math.max(1, Math.min(room, PAGE_SIZE)),
          pageToken: page || undefined,
        },
      });
      const found = (answer?.messages ?? []).flatMap((m) => (typeof m.id === 'string' ? [m.id] : []));
      for (const m of answer?.messages ?? []) noteThread(threads, m);
      if (found.length > room) {
        // More than asked for: list what fits and ask this page again next time.
        ids.push(...found.slice(0, room));
        return done(true, { ...from, page });
      }
      ids.push(...found);
      const next = typeof answer?.nextPageToken === 'string' ? answer.nextPageToken : '';
      if (!next) return done(false, { phase: 'history', history: from.history });
      page = next;
      if (ids.length >= request.limit) return done(true, { ...from, page });
    }
    return done(true, { ...from, page });
  }

  /** What the first-run policy leaves on the server, from the label's counters (`labels.get`). */
  private async countSetAside(unreadOnly: boolean): Promise<number> {
    const label = await this.client.json<{ messagesTotal?: unknown; messagesUnread?: unknown }>({
      path: `${userPath(this.settings.mailbox)}/labels/${encodeURIComponent(this.label)}`,
    });
    const total = Number(label?.messagesTotal ?? 0) || 0;
    const unread = Number(label?.messagesUnread ?? 0) || 0;
    return Math.max(0, unreadOnly ? total - unread : total);
  }

  /**
   * Messages added to the label since a historyId, whole history records at a time: the cursor is the id
   * of the last record taken, or the mailbox's historyId once every record was.
   */
  private async historyList(request: ListRequest, start: string): Promise<SourceListing> {
    const ids = new Set<string>();
    const threads = new Map<string, string>();
    let cursor = start;
    let page = '';
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const answer = await this.client.json<HistoryPage>({
        path: `${userPath(this.settings.mailbox)}/history`,
        query: {
          startHistoryId: start,
          labelId: this.label,
          maxResults: PAGE_SIZE,
          pageToken: page || undefined,
        },
      });
      for (const record of answer?.history ?? []) {
        const added = this.addedIn(record).filter((id) => !ids.has(id));
        if (ids.size > 0 && ids.size + added.length > request.limit) {
          return historyListing(ids, threads, cursor, true);
        }
        for (const entry of [...(record.messagesAdded ?? []), ...(record.labelsAdded ?? [])]) {
          if (entry.message) noteThread(threads, entry.message);
        }
        for (const id of added) ids.add(id);
        // Gone again before it was listed (deleted, or taken out of the label): nothing to fetch.
        for (const id of this.goneIn(record)) ids.delete(id);
        if (typeof record.id === 'string' || typeof record.id === 'number') cursor = String(record.id);
      }
      const next = typeof answer?.nextPageToken === 'string' ? answer.nextPageToken : '';
      if (!next) {
        const latest = String(answer?.historyId ?? '');
        return historyListing(ids, threads, /^\d{1,20}$/.test(latest) ? latest : cursor, false);
      }
      page = next;
    }
    return historyListing(ids, threads, cursor, true);
  }

  /** New mail in the label, and mail the label was put on (moved into the folder). */
  private addedIn(record: HistoryRecord): string[] {
    const out: string[] = [];
    for (const entry of record.messagesAdded ?? []) {
      const labels = entry.message?.labelIds;
      if (Array.isArray(labels) && !labels.includes(this.label)) continue;
      if (typeof entry.message?.id === 'string') out.push(entry.message.id);
    }
    for (const entry of record.labelsAdded ?? []) {
      if (!Array.isArray(entry.labelIds) || !entry.labelIds.includes(this.label)) continue;
      if (typeof entry.message?.id === 'string') out.push(entry.message.id);
    }
    return out;
  }

  private goneIn(record: HistoryRecord): string[] {
    const out: string[] = [];
    for (const entry of record.messagesDeleted ?? []) {
      if (typeof entry.message?.id === 'string') out.push(entry.message.id);
    }
    for (const entry of record.labelsRemoved ?? []) {
      if (!Array.isArray(entry.labelIds) || !entry.labelIds.includes(this.label)) continue;
      if (typeof entry.message?.id === 'string') out.push(entry.message.id);
    }
    return out;
  }

  /** A cursor that can only say "start from the previous one": history ids are not per message. */
  partialCursor(
    _listing: SourceListing,
    _handled: ReadonlySet<string>,
    previous: string | undefined,
  ): string | undefined {
    return previous;
  }

  /**
   * The raw message (`messages.get?format=raw`), its base64url decoded while the answer arrives into the
   * target, which bounds its size.
   */
  async download(id: string, target: Writable): Promise<void> {
    const decoder = new GmailRawDecoder();
    const into = pipeline(decoder, target);
    // A request that fails before or instead of its body must end the decoder too, or the target waits.
    const fetched = this.client
      .stream(
        {
          path: messagePath(this.settings.mailbox, id),
          query: { format: 'raw', fields: 'id,threadId,raw' },
        },
        decoder,
      )
      .catch((error: unknown) => {
        decoder.destroy(error instanceof Error ? error : new Error(String(error)));
        throw error;
      });
    const [a, b] = await Promise.allSettled([fetched, into]);
    // The target's own failure (its byte cap) is the one that explains the other.
    if (a.status === 'rejected' && apiStatusOf(a.reason)?.status === 404) throw goneOr(a.reason, id);
    if (b.status === 'rejected') throw b.reason;
    if (a.status === 'rejected') throw a.reason;
  }

  /**
   * The after-store action: remove `UNREAD`, put the label of `moveTo` on (and take the source label
   * off), or move to the trash. A message that is gone already counts as done.
   * https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/batchModify
   * https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/trash
   */
  async settle(ids: readonly string[]): Promise<string[]> {
    const action = this.settings.afterStore;
    if (action === 'keep' || ids.length === 0) return [...ids];
    if (action === 'delete')
      return this.each(ids, (id) => ({ path: `${messagePath(this.settings.mailbox, id)}/trash` }));
    const change =
      action === 'seen'
        ? { removeLabelIds: ['UNREAD'] }
        : { addLabelIds: [await this.moveTarget()], removeLabelIds: [this.label, 'UNREAD'] };
    const done: string[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      try {
        await this.client.raw({
          method: 'POST',
          path: `${userPath(this.settings.mailbox)}/messages/batchModify`,
          json: { ids: batch, ...change },
        });
        done.push(...batch);
      } catch (error) {
        if (isAuthorizationError(error)) throw error;
        // One bad id fails the whole batch: try them one by one.
        done.push(
          ...(await this.each(batch, (id) => ({
            path: `${messagePath(this.settings.mailbox, id)}/modify`,
            json: change,
          }))),
        );
      }
    }
    return done;
  }

  private async each(
    ids: readonly string[],
    request: (id: string) => { path: string; json?: unknown },
  ): Promise<string[]> {
    const done: string[] = [];
    for (const id of ids) {
      try {
        await this.client.raw({ method: 'POST', ...request(id) });
        done.push(id);
      } catch (error) {
        if (isAuthorizationError(error)) throw error;
        if (apiStatusOf(error)?.status === 404) done.push(id);
      }
    }
    return done;
  }

  /** The label id of `moveTo`, found by id or by name (`labels.list`). */
  private async moveTarget(): Promise<string> {
    if (this.moveLabel) return this.moveLabel;
    const wanted = (this.settings.moveTo ?? '').trim();
    const answer = await this.client.json<{ labels?: { id?: unknown; name?: unknown }[] }>({
      path: `${userPath(this.settings.mailbox)}/labels`,
    });
    const lower = wanted.toLowerCase();
    const found = (answer?.labels ?? []).find(
      (l) => l.id === wanted || (typeof l.name === 'string' && l.name.toLowerCase() === lower),
    );
    if (!wanted || typeof found?.id !== 'string') {
      throw new DrobotError(gmailErrors.labelMissing, { params: { label: wanted } });
    }
    return (this.moveLabel = found.id);
  }

  close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }

  abort(): void {
    this.client.close();
  }
}

/** Gmail ids are short hexadecimal strings; a thread id of another shape is not passed on. */
const THREAD_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Keeps the thread a listing names for a message. */
function noteThread(threads: Map<string, string>, m: { readonly id?: unknown; readonly threadId?: unknown }) {
  if (typeof m.id === 'string' && typeof m.threadId === 'string' && THREAD_ID.test(m.threadId)) {
    threads.set(m.id, m.threadId);
  }
}

function itemOf(id: string, threads: ReadonlyMap<string, string>): SourceItem {
  const conversation = threads.get(id);
  return { id, size: undefined, ...(conversation ? { conversation } : {}) };
}

function historyListing(
  ids: Set<string>,
  threads: ReadonlyMap<string, string>,
  cursor: string,
  more: boolean,
): SourceListing {
  return {
    items: [...ids].map((id) => itemOf(id, threads)),
    cursor: encodeGmailCursor({ phase: 'history', history: cursor }),
    more,
    setAside: 0,
  };
}

/**
 * Opens a Gmail source: `users.getProfile` proves the token reaches the mailbox and names the identity
 * namespace by the mailbox's address.
 * https://developers.google.com/workspace/gmail/api/reference/rest/v1/users/getProfile
 */
export async function createGmailSource(
  settings: ApiSourceConnection,
  tokens: AccessTokenProvider,
  options: ApiAdapterOptions = {},
): Promise<InboundSource> {
  const client = apiClientFor(settings, tokens, options);
  try {
    const profile = await client.json<Profile>({ path: `${userPath(settings.mailbox)}/profile` });
    const address = typeof profile?.emailAddress === 'string' ? profile.emailAddress.toLowerCase() : '';
    if (!address) throw new DrobotError(gmailErrors.noProfile);
    return new GmailSource(client, settings, `gmail:${address}`);
  } catch (error) {
    client.close();
    throw error;
  }
}
