import crypto from 'node:crypto';
import {
  addressOf,
  headerOf,
  StandInServer,
  type ScriptedAnswer,
  type ScriptMatch,
  type StandInRequest,
  type Reply,
  type LoggedRequest,
  type TokenFacts,
} from './api-stand-in.js';
import { graphDelta, type DeltaState } from './graph-delta.js';

/**
 * A stand-in for the Microsoft Graph mail endpoints DRobot uses, on loopback under `/v1.0`, following
 * the published request and response shapes:
 * - mail folders: https://learn.microsoft.com/en-us/graph/api/mailfolder-get,
 *   https://learn.microsoft.com/en-us/graph/api/user-list-mailfolders
 * - delta of a folder's messages: https://learn.microsoft.com/en-us/graph/api/message-delta and
 *   https://learn.microsoft.com/en-us/graph/delta-query-messages (nextLink/deltaLink, `Prefer:
 *   odata.maxpagesize`, `changeType`, 410 when the sync state is gone)
 * - raw MIME: https://learn.microsoft.com/en-us/graph/api/message-get (`/$value`)
 * - update, move, delete: https://learn.microsoft.com/en-us/graph/api/message-update,
 *   https://learn.microsoft.com/en-us/graph/api/message-move, https://learn.microsoft.com/en-us/graph/api/message-delete
 * - sending MIME: https://learn.microsoft.com/en-us/graph/api/user-sendmail,
 *   https://learn.microsoft.com/en-us/graph/api/user-post-messages, https://learn.microsoft.com/en-us/graph/api/message-send
 * - errors: https://learn.microsoft.com/en-us/graph/errors (`{ error: { code, message } }`), throttling
 *   https://learn.microsoft.com/en-us/graph/throttling (429 with Retry-After), app-only access policies
 *   https://learn.microsoft.com/en-us/graph/auth-limit-mailbox-access
 * Tokens are the suite's authorization server's, checked by introspection: delegated tokens act as their
 * user (`/me`), client-credentials tokens (`.default`) on `/users/{address}` where the application access
 * policy admits it.
 */

export interface GraphMessage {
  id: string;
  folderId: string;
  raw: Buffer;
  isRead: boolean;
  received: string;
  /** When it was put in its folder: orders delta rounds. */
  seq: number;
  draft: boolean;
}

export interface GraphMailbox {
  readonly address: string;
  /** false: an on-premises or inactive mailbox (MailboxNotEnabledForRESTAPI). */
  restEnabled: boolean;
  readonly folders: Map<string, { id: string; displayName: string; wellKnown?: string }>;
  readonly messages: Map<string, GraphMessage>;
  /** What went out, as sent (the raw MIME after Exchange's changes). */
  readonly sent: Buffer[];
  /** Addresses this mailbox may send as, beside its own. */
  readonly sendAs: Set<string>;
}

const READ = /Mail\.(ReadWrite|Read)$/;
const SEND = /Mail\.Send$/;
const GRAPH_SCOPE = /^https:\/\/graph\.microsoft\.com\//;

export class GraphStandIn {
  readonly mailboxes = new Map<string, GraphMailbox>();
  /** Mailboxes the tenant's application access policy admits for app-only tokens. */
  readonly appPolicy = new Set<string>();
  /** Exchange gives drafts made from MIME a Message-ID of its own when set. */
  replaceMessageIds = false;
  private readonly server: StandInServer;
  private readonly delta: DeltaState = { seq: 0, epoch: 0 };

  constructor(introspectionUrl: string, tls?: { readonly certPem: string; readonly keyPem: string }) {
    this.server = new StandInServer(introspectionUrl, (req) => this.handle(req), tls);
  }

  get url(): string {
    return `${this.server.url}/v1.0`;
  }

  get requests(): LoggedRequest[] {
    return this.server.requests;
  }

  received(method: string, path: RegExp): LoggedRequest[] {
    return this.server.received(method, path);
  }

  failNext(match: ScriptMatch, answer: ScriptedAnswer, times = 1): void {
    this.server.failNext(match, answer, times);
  }

  /** Every delta token issued so far is forgotten: the next delta round gets 410 `syncStateNotFound`. */
  expireDeltaTokens(): void {
    this.delta.epoch += 1;
  }

  addMailbox(address: string): GraphMailbox {
    const folders = new Map<string, { id: string; displayName: string; wellKnown?: string }>();
    for (const [wellKnown, displayName] of [
      ['inbox', 'Inbox'],
      ['archive', 'Archive'],
      ['deleteditems', 'Deleted Items'],
      ['drafts', 'Drafts'],
      ['sentitems', 'Sent Items'],
    ] as const) {
      const id = graphId();
      folders.set(id, { id, displayName, wellKnown });
    }
    const mailbox: GraphMailbox = {
      address: address.toLowerCase(),
      restEnabled: true,
      folders,
      messages: new Map(),
      sent: [],
      sendAs: new Set(),
    };
    this.mailboxes.set(mailbox.address, mailbox);
    return mailbox;
  }

  addFolder(address: string, displayName: string): string {
    const id = graphId();
    this.mailbox(address).folders.set(id, { id, displayName });
    return id;
  }

  /** Mail arriving in a folder (the inbox by default); returns its id. */
  deliver(
    address: string,
    raw: Buffer | string,
    options: { folder?: string; isRead?: boolean } = {},
  ): string {
    const box = this.mailbox(address);
    const folder = findFolder(box, options.folder ?? 'inbox');
    if (!folder) throw new Error(`no folder ${options.folder}`);
    const id = graphId();
    this.delta.seq += 1;
    box.messages.set(id, {
      id,
      folderId: folder.id,
      raw: Buffer.from(raw),
      isRead: options.isRead ?? false,
      received: new Date(Date.UTC(2026, 0, 1) + this.delta.seq * 1000).toISOString(),
      seq: this.delta.seq,
      draft: false,
    });
    return id;
  }

  /** The messages of a folder (a well-known name, display name or id). */
  inFolder(address: string, folder: string): GraphMessage[] {
    const box = this.mailbox(address);
    const f = findFolder(box, folder);
    return [...box.messages.values()].filter((m) => m.folderId === f?.id);
  }

  mailbox(address: string): GraphMailbox {
    const box = this.mailboxes.get(address.toLowerCase());
    if (!box) throw new Error(`no mailbox ${address}`);
    return box;
  }

  start(): Promise<void> {
    return this.server.start();
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private async handle(req: StandInRequest): Promise<Reply> {
    if (!req.token) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const facts = await this.server.introspect(req.token);
    if (!facts.active) {
      return graphError(
        401,
        'InvalidAuthenticationToken',
        'Lifetime validation failed, the token is expired.',
      );
    }
    if (!facts.scopes.some((s) => GRAPH_SCOPE.test(s))) {
      return graphError(
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid audience.',
      );
    }
    const match = /^\/v1\.0\/(me|users\/([^/]+))(\/.*)?$/.exec(req.path);
    if (!match) return graphError(400, 'BadRequest', `Resource not found for the segment '${req.path}'.`);
    const appOnly = facts.user === undefined;
    const who = this.resolveMailbox(match[2] ? decodeURIComponent(match[2]) : undefined, facts, appOnly);
    if ('status' in who) return who;
    return routeMailbox(this, who, req, facts, match[3] ?? '');
  }

  private resolveMailbox(
    address: string | undefined,
    facts: TokenFacts,
    appOnly: boolean,
  ): GraphMailbox | Reply {
    if (address === undefined) {
      if (appOnly) {
        return graphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
      }
      address = facts.user ?? '';
    } else if (appOnly && !this.appPolicy.has(address.toLowerCase())) {
      return graphError(
        403,
        'ErrorAccessDenied',
        'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
      );
    } else if (!appOnly && address.toLowerCase() !== (facts.user ?? '').toLowerCase()) {
      return graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    }
    const box = this.mailboxes.get(address.toLowerCase());
    if (!box) return graphError(404, 'ErrorInvalidUser', `The requested user '${address}' is invalid.`);
    if (!box.restEnabled) {
      return graphError(
        404,
        'MailboxNotEnabledForRESTAPI',
        'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
      );
    }
    return box;
  }

  /**
   * The base URL the links of an answer carry: the host the client addressed, as a server behind a TCP
   * relay (test/support/link-proxy.ts) is addressed through it.
   */
  baseFor(req: StandInRequest): string {
    const host = req.headers.host;
    return host ? `${new URL(this.server.url).protocol}//${host}/v1.0` : this.url;
  }

  /** @internal used by the routes */
  deltaState(): DeltaState {
    return this.delta;
  }
}

function may(facts: TokenFacts, need: RegExp): boolean {
  return facts.scopes.some((s) => need.test(s) || s.endsWith('/.default'));
}

function routeMailbox(
  graph: GraphStandIn,
  box: GraphMailbox,
  req: StandInRequest,
  facts: TokenFacts,
  rest: string,
): Reply {
  const denied = graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  const m = req.method;
  if (m === 'POST' && rest === '/sendMail') return may(facts, SEND) ? sendMail(graph, box, req) : denied;
  const sendDraft = /^\/messages\/([^/]+)\/send$/.exec(rest);
  if (m === 'POST' && sendDraft)
    return may(facts, SEND) ? sendOne(graph, box, decodeURIComponent(sendDraft[1] ?? '')) : denied;
  if (!may(facts, READ)) return denied;
  if (m === 'POST' && rest === '/messages') return createDraft(graph, box, req);
  if (m === 'GET' && rest === '/mailFolders') return listFolders(box, req);
  const folder = /^\/mailFolders\/([^/]+)(\/messages\/delta)?$/.exec(rest);
  if (m === 'GET' && folder) {
    const f = findFolder(box, decodeURIComponent(folder[1] ?? ''));
    if (!f) return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    if (!folder[2]) {
      const inside = [...box.messages.values()].filter((x) => x.folderId === f.id && !x.draft);
      return {
        status: 200,
        body: {
          id: f.id,
          displayName: f.displayName,
          totalItemCount: inside.length,
          unreadItemCount: inside.filter((x) => !x.isRead).length,
        },
      };
    }
    return graphDelta(graph.deltaState(), box, f.id, req, graph.baseFor(req));
  }
  const message = /^\/messages\/([^/]+)(\/\$value|\/move)?$/.exec(rest);
  if (!message) return graphError(400, 'BadRequest', `Resource not found for the segment '${rest}'.`);
  const found = box.messages.get(decodeURIComponent(message[1] ?? ''));
  if (!found) return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  if (m === 'GET' && message[2] === '/$value') return { status: 200, body: found.raw };
  if (m === 'PATCH' && !message[2]) {
    const patch = JSON.parse(req.body.toString('utf8')) as { isRead?: boolean };
    if (typeof patch.isRead === 'boolean') found.isRead = patch.isRead;
    return { status: 200, body: { id: found.id, isRead: found.isRead } };
  }
  if (m === 'DELETE' && !message[2]) {
    box.messages.delete(found.id);
    return { status: 204 };
  }
  if (m === 'POST' && message[2] === '/move') {
    const { destinationId } = JSON.parse(req.body.toString('utf8')) as { destinationId?: string };
    const target = findFolder(box, destinationId ?? '');
    if (!target)
      return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    // A moved message gets a new id in its new folder.
    box.messages.delete(found.id);
    graph.deltaState().seq += 1;
    const moved = { ...found, id: graphId(), folderId: target.id, seq: graph.deltaState().seq };
    box.messages.set(moved.id, moved);
    return { status: 201, body: { id: moved.id, parentFolderId: target.id } };
  }
  return graphError(405, 'BadRequest', 'Method not allowed.');
}

function listFolders(box: GraphMailbox, req: StandInRequest): Reply {
  const filter = req.query.get('$filter') ?? '';
  const name = /^displayName eq '((?:[^']|'')*)'$/.exec(filter)?.[1]?.replace(/''/g, "'");
  const value = [...box.folders.values()]
    .filter((f) => name === undefined || f.displayName === name)
    .map((f) => ({ id: f.id, displayName: f.displayName }));
  return { status: 200, body: { value } };
}

/** MIME in a `text/plain` body, base64: what the reference asks for. */
function mimeOf(req: StandInRequest): Buffer | Reply {
  if (!/^text\/plain/i.test(String(req.headers['content-type'] ?? ''))) {
    return graphError(415, 'UnsupportedMediaType', 'MIME content must be sent as text/plain.');
  }
  const text = req.body.toString('ascii').trim();
  if (!/^[A-Za-z0-9+/=\r\n]+$/.test(text)) {
    return graphError(400, 'ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.');
  }
  return Buffer.from(text, 'base64');
}

function sendAsDenied(box: GraphMailbox, raw: Buffer): Reply | undefined {
  const from = addressOf(headerOf(raw, 'from'));
  if (from === box.address || box.sendAs.has(from)) return undefined;
  return graphError(
    403,
    'ErrorSendAsDenied',
    'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.',
  );
}

function sendMail(graph: GraphStandIn, box: GraphMailbox, req: StandInRequest): Reply {
  const raw = mimeOf(req);
  if (!Buffer.isBuffer(raw)) return raw;
  const refused = sendAsDenied(box, raw);
  if (refused) return refused;
  box.sent.push(raw);
  void graph;
  return { status: 202 };
}

function createDraft(graph: GraphStandIn, box: GraphMailbox, req: StandInRequest): Reply {
  const mime = mimeOf(req);
  if (!Buffer.isBuffer(mime)) return mime;
  let raw = mime;
  if (graph.replaceMessageIds) {
    const own = `<${crypto.randomBytes(8).toString('hex')}@EXCH01.contoso.test>`;
    raw = Buffer.from(
      raw.toString('latin1').replace(/^Message-ID:[^\r\n]*(\r?\n[ \t][^\r\n]*)*/im, `Message-ID: ${own}`),
      'latin1',
    );
  }
  const drafts = findFolder(box, 'drafts');
  const id = graphId();
  box.messages.set(id, {
    id,
    folderId: drafts?.id ?? '',
    raw,
    isRead: true,
    received: new Date().toISOString(),
    seq: 0,
    draft: true,
  });
  return { status: 201, body: { id, internetMessageId: headerOf(raw, 'message-id'), isDraft: true } };
}

function sendOne(graph: GraphStandIn, box: GraphMailbox, id: string): Reply {
  const draft = box.messages.get(id);
  if (!draft?.draft)
    return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  const refused = sendAsDenied(box, draft.raw);
  if (refused) return refused;
  box.messages.delete(id);
  box.sent.push(draft.raw);
  void graph;
  return { status: 202 };
}

export function findFolder(
  box: GraphMailbox,
  name: string,
): { id: string; displayName: string; wellKnown?: string } | undefined {
  const lower = name.toLowerCase();
  return [...box.folders.values()].find((f) => f.id === name || f.wellKnown === lower);
}

export function graphError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Reply {
  return {
    status,
    ...(headers ? { headers } : {}),
    body: {
      error: {
        code,
        message,
        innerError: { date: new Date().toISOString(), 'request-id': crypto.randomUUID() },
      },
    },
  };
}

function graphId(): string {
  return `AAMk${crypto.randomBytes(24).toString('base64url')}=`;
}

export async function startGraphServer(
  introspectionUrl: string,
  tls?: { readonly certPem: string; readonly keyPem: string },
): Promise<GraphStandIn> {
  const graph = new GraphStandIn(introspectionUrl, tls);
  await graph.start();
  return graph;
}
