import type { Writable } from 'node:stream';
import { DrobotError } from '../../errors/drobot-error.js';
import type { ApiClient } from '../http/api-client.js';
import { apiClientFor, type ApiAdapterOptions, type ApiSourceConnection } from '../http/api-adapter.js';
import { apiStatusOf, goneOr, isAuthorizationError } from '../http/api-status.js';
import type { AccessTokenProvider, InboundSource, ListRequest, SourceItem, SourceListing } from '../ports.js';
import { decodeGraphCursor, encodeGraphCursor, type GraphCursor } from './graph.cursor.js';
import { graphErrors } from './graph.errors.js';
import { deltaStart, folderPath, mailboxPath, messagePath, wellKnownFolder } from './graph.paths.js';

/** Messages asked for per delta page (`Prefer: odata.maxpagesize`); Graph may send fewer. */
const PAGE_SIZE = 100;
/** Pages one listing follows at most; the next listing goes on from the last link. */
const MAX_PAGES = 500;

/** One entry of a delta page: a message, or a removal (`@removed`). */
interface DeltaEntry {
  readonly id?: unknown;
  readonly isRead?: unknown;
  readonly receivedDateTime?: unknown;
  readonly '@removed'?: unknown;
}

interface DeltaPage {
  readonly value?: readonly DeltaEntry[];
  readonly '@odata.nextLink'?: string;
  readonly '@odata.deltaLink'?: string;
}

interface Listed {
  readonly id: string;
  readonly received: string;
}

/**
 * Inbound mail of a Microsoft Graph mailbox folder, by delta query: the first sync pages through the
 * folder (`@odata.nextLink`) to a `@odata.deltaLink`, which is the cursor; later listings ask that link
 * for the messages created since. An expired delta token (410, `syncStateNotFound`) starts the sync over
 * and the listing says so (`resynced`): the caller recognises the ids it handled.
 * https://learn.microsoft.com/en-us/graph/api/message-delta
 * https://learn.microsoft.com/en-us/graph/delta-query-messages
 */
export class GraphSource implements InboundSource {
  readonly kind = 'graph' as const;
  readonly settlesOnClose = false;
  private moveTarget: string | undefined;

  constructor(
    private readonly client: ApiClient,
    private readonly settings: ApiSourceConnection,
    readonly mailbox: string,
  ) {}

  async list(request: ListRequest): Promise<SourceListing> {
    const stored = decodeGraphCursor(request.cursor);
    const usable = stored && this.sameOrigin(stored.link) ? stored : undefined;
    // No cursor at all is a first run; a cursor we cannot use (another API URL, an old format) a resync.
    const start: GraphCursor = usable ?? {
      phase: request.cursor === undefined ? 'initial' : 'resync',
      link: '',
    };
    try {
      return await this.walk(start, request, request.cursor !== undefined && !usable);
    } catch (error) {
      const status = apiStatusOf(error);
      if (!status || !isExpiredDelta(status)) throw error;
      return this.walk({ phase: 'resync', link: '' }, request, true);
    }
  }

  /** Follows delta pages from `from` until the deltaLink, the limit, or the page bound. */
  private async walk(from: GraphCursor, request: ListRequest, resynced: boolean): Promise<SourceListing> {
    const take = takePolicy(from.phase, request);
    const listed: Listed[] = [];
    let setAside = 0;
    let link = from.link;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const room = request.limit - listed.length;
      const page = await this.page(link, Math.max(1, Math.min(room, PAGE_SIZE)));
      const fresh = messagesOf(page);
      const wanted = fresh.filter((m) => take(m.isRead));
      if (wanted.length > room) {
        // More than the limit on one page: list what fits, and ask this page again next time.
        listed.push(...wanted.slice(0, room));
        return this.listing(listed, { phase: from.phase, link }, true, setAside, resynced);
      }
      listed.push(...wanted);
      setAside += fresh.length - wanted.length;
      const delta = page['@odata.deltaLink'];
      if (delta) return this.listing(listed, { phase: 'sync', link: delta }, false, setAside, resynced);
      const next = page['@odata.nextLink'];
      if (!next) throw new DrobotError(graphErrors.noDeltaLink, { params: { page: pages + 1 } });
      link = next;
      if (listed.length >= request.limit) {
        return this.listing(listed, { phase: from.phase, link }, true, setAside, resynced);
      }
    }
    // A folder too large for one listing: the next one continues from here.
    return this.listing(listed, { phase: from.phase, link }, true, setAside, resynced);
  }

  private listing(
    listed: Listed[],
    cursor: GraphCursor,
    more: boolean,
    setAside: number,
    resynced: boolean,
  ): SourceListing {
    const items: SourceItem[] = [...listed]
      .sort((a, b) => a.received.localeCompare(b.received))
      .map((m) => ({ id: m.id, size: undefined }));
    return {
      items,
      cursor: encodeGraphCursor(cursor),
      more,
      setAside,
      ...(resynced ? { resynced: true } : {}),
    };
  }

  private page(link: string, size: number): Promise<DeltaPage> {
    const headers = { prefer: `odata.maxpagesize=${size}` };
    if (link) return this.client.json<DeltaPage>({ path: link, headers });
    const first = deltaStart(this.settings.mailbox, this.settings.folder);
    return this.client.json<DeltaPage>({ ...first, headers });
  }

  private sameOrigin(link: string): boolean {
    if (link === '') return true;
    try {
      return new URL(link).origin === new URL(this.settings.apiUrl).origin;
    } catch {
      return false;
    }
  }

  /** A cursor that can only say "start from the previous one": delta links are not per message. */
  partialCursor(
    _listing: SourceListing,
    _handled: ReadonlySet<string>,
    previous: string | undefined,
  ): string | undefined {
    return previous;
  }

  /** The raw MIME (`GET /messages/{id}/$value`), streamed: the target bounds its size. */
  async download(id: string, target: Writable): Promise<void> {
    try {
      await this.client.stream(
        { path: `${messagePath(this.settings.mailbox, id)}/$value`, headers: { accept: '*/*' } },
        target,
      );
    } catch (error) {
      throw goneOr(error, id);
    }
  }

  /**
   * The after-store action per message: mark read (`PATCH isRead`), move (`POST /move`), or delete. A
   * message that is gone already counts as done; a refused token stops at once.
   * https://learn.microsoft.com/en-us/graph/api/message-update
   * https://learn.microsoft.com/en-us/graph/api/message-move
   * https://learn.microsoft.com/en-us/graph/api/message-delete
   */
  async settle(ids: readonly string[]): Promise<string[]> {
    const action = this.settings.afterStore;
    if (action === 'keep') return [...ids];
    const done: string[] = [];
    for (const id of ids) {
      try {
        await this.settleOne(id);
        done.push(id);
      } catch (error) {
        if (isAuthorizationError(error)) throw error;
        const status = apiStatusOf(error);
        if (status?.status === 404) done.push(id);
        else if (error instanceof DrobotError && error.def === graphErrors.moveTargetMissing) throw error;
      }
    }
    return done;
  }

  private async settleOne(id: string): Promise<void> {
    const path = messagePath(this.settings.mailbox, id);
    switch (this.settings.afterStore) {
      case 'seen':
        await this.client.raw({ method: 'PATCH', path, json: { isRead: true } });
        return;
      case 'move':
        await this.client.raw({
          method: 'POST',
          path: `${path}/move`,
          json: { destinationId: await this.destination() },
        });
        return;
      case 'delete':
        await this.client.raw({ method: 'DELETE', path });
        return;
      default:
        return;
    }
  }

  /** The folder to move to: a well-known name as is, else a child folder found by its display name, else an id. */
  private async destination(): Promise<string> {
    if (this.moveTarget) return this.moveTarget;
    const wanted = (this.settings.moveTo ?? '').trim();
    if (!wanted) throw new DrobotError(graphErrors.moveTargetMissing, { params: { folder: '' } });
    const known = wellKnownFolder(wanted);
    if (known) return (this.moveTarget = known);
    const found = await this.client.json<{ value?: { id?: unknown; displayName?: unknown }[] }>({
      path: `${mailboxPath(this.settings.mailbox)}/mailFolders`,
      query: { $filter: `displayName eq '${wanted.replace(/'/g, "''")}'`, $select: 'id,displayName' },
    });
    const id = found?.value?.find((f) => typeof f.id === 'string')?.id;
    if (typeof id === 'string') return (this.moveTarget = id);
    try {
      await this.client.json({ path: folderPath(this.settings.mailbox, wanted), query: { $select: 'id' } });
      return (this.moveTarget = wanted);
    } catch (error) {
      if (apiStatusOf(error)?.status === 404) {
        throw new DrobotError(graphErrors.moveTargetMissing, { params: { folder: wanted } });
      }
      throw error;
    }
  }

  close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }

  abort(): void {
    this.client.close();
  }
}

/** Which messages of a page to list, by phase and policy; the others are set aside (counted). */
function takePolicy(phase: GraphCursor['phase'], request: ListRequest): (isRead: boolean) => boolean {
  if (phase === 'sync' || request.includeSetAside || request.firstRun === 'all') return () => true;
  // A resync lists unread mail (what arrived while the token was expired) even on a `new` first run.
  if (phase === 'resync' || request.firstRun === 'unread') return (isRead) => !isRead;
  return () => false;
}

function messagesOf(page: DeltaPage): { id: string; isRead: boolean; received: string }[] {
  const out: { id: string; isRead: boolean; received: string }[] = [];
  for (const entry of page.value ?? []) {
    if (entry['@removed'] !== undefined || typeof entry.id !== 'string' || entry.id === '') continue;
    out.push({
      id: entry.id,
      isRead: entry.isRead === true,
      received: typeof entry.receivedDateTime === 'string' ? entry.receivedDateTime : '',
    });
  }
  return out;
}

/** Graph's answers to a delta token it no longer keeps. */
function isExpiredDelta(status: { status: number; code: string }): boolean {
  return status.status === 410 || /^(syncStateNotFound|resyncRequired|syncStateInvalid)$/i.test(status.code);
}

/**
 * Opens a Graph source: checks the folder exists (and that the token may read it) and names the identity
 * namespace by the folder's id, which stays when the folder is renamed.
 */
export async function createGraphSource(
  settings: ApiSourceConnection,
  tokens: AccessTokenProvider,
  options: ApiAdapterOptions = {},
): Promise<InboundSource> {
  const client = apiClientFor(settings, tokens, options);
  try {
    const folder = await client.json<{ id?: unknown }>({
      path: folderPath(settings.mailbox, settings.folder),
      query: { $select: 'id' },
    });
    const folderId = typeof folder?.id === 'string' ? folder.id : settings.folder;
    return new GraphSource(client, settings, `graph:${settings.mailbox}:${folderId}`);
  } catch (error) {
    client.close();
    throw error;
  }
}
