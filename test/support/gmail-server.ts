import crypto from 'node:crypto';
import {
  StandInServer,
  type LoggedRequest,
  type Reply,
  type ScriptedAnswer,
  type ScriptMatch,
  type StandInRequest,
  type TokenFacts,
} from './api-stand-in.js';

/**
 * A stand-in for the Gmail API endpoints DRobot uses, on loopback under `/gmail/v1`, following the
 * published request and response shapes:
 * - users.getProfile: https://developers.google.com/workspace/gmail/api/reference/rest/v1/users/getProfile
 * - messages.list / get (format=raw) / batchModify / modify / trash / send:
 *   https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages
 * - history.list (404 for a historyId too old): https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.history/list
 *   and https://developers.google.com/workspace/gmail/api/guides/sync
 * - labels.list / get: https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.labels
 * - errors (`{ error: { code, message, errors: [{ reason }], status } }`) and throttling (429
 *   rateLimitExceeded, 403 userRateLimitExceeded, 500 backendError):
 *   https://developers.google.com/workspace/gmail/api/guides/handle-errors
 * Tokens are the suite's authorization server's, checked by introspection: `me` is the user who consented.
 */

export interface GmailMessage {
  readonly id: string;
  threadId: string;
  readonly labelIds: Set<string>;
  readonly raw: Buffer;
  readonly internalDate: number;
  /** Orders the listing (newest first) and pages it. */
  readonly seq: number;
}

interface HistoryRecord {
  readonly id: number;
  readonly kind: 'messagesAdded' | 'messagesDeleted' | 'labelsAdded' | 'labelsRemoved';
  /** The message as it was after the change (before it, for a deletion). */
  readonly message: { id: string; threadId: string; labelIds: string[] };
  /** labelsAdded / labelsRemoved: the labels of the change. */
  readonly labelIds?: string[];
}

export interface GmailMailbox {
  readonly address: string;
  readonly messages: Map<string, GmailMessage>;
  readonly labels: Map<string, { id: string; name: string; type: 'system' | 'user' }>;
  readonly history: HistoryRecord[];
  historyId: number;
  /** history.list from below this answers 404, as Gmail does for ids it no longer keeps. */
  oldestHistory: number;
  /** What `messages.send` took, with the thread it went into. */
  readonly sent: { raw: Buffer; threadId: string; id: string }[];
}

const READ = /gmail\.(modify|readonly)$|^https:\/\/mail\.google\.com\/$/;
const SEND = /gmail\.(send|modify|compose)$|^https:\/\/mail\.google\.com\/$/;
const GOOGLE = /^https:\/\/(www\.googleapis\.com\/auth\/gmail\.|mail\.google\.com\/)/;
const SYSTEM_LABELS = ['INBOX', 'UNREAD', 'SENT', 'TRASH', 'SPAM', 'STARRED', 'IMPORTANT', 'DRAFT'];

export class GmailStandIn {
  readonly mailboxes = new Map<string, GmailMailbox>();
  private readonly server: StandInServer;
  private seq = 0;

  constructor(introspectionUrl: string, tls?: { readonly certPem: string; readonly keyPem: string }) {
    this.server = new StandInServer(introspectionUrl, (req) => this.handle(req), tls);
  }

  get url(): string {
    return `${this.server.url}/gmail/v1`;
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

  addMailbox(address: string): GmailMailbox {
    const labels = new Map<string, { id: string; name: string; type: 'system' | 'user' }>();
    for (const id of SYSTEM_LABELS) labels.set(id, { id, name: id, type: 'system' });
    const box: GmailMailbox = {
      address: address.toLowerCase(),
      messages: new Map(),
      labels,
      history: [],
      historyId: 1000,
      oldestHistory: 0,
      sent: [],
    };
    this.mailboxes.set(box.address, box);
    return box;
  }

  addLabel(address: string, name: string): string {
    const id = `Label_${crypto.randomBytes(4).toString('hex')}`;
    this.mailbox(address).labels.set(id, { id, name, type: 'user' });
    return id;
  }

  /** Mail arriving (in the inbox, unread, unless told otherwise); returns its id. */
  deliver(
    address: string,
    raw: Buffer | string,
    options: { read?: boolean; labels?: string[] } = {},
  ): string {
    const box = this.mailbox(address);
    const labels = new Set(options.labels ?? ['INBOX']);
    if (!options.read) labels.add('UNREAD');
    const id = crypto.randomBytes(8).toString('hex');
    this.seq += 1;
    box.messages.set(id, {
      id,
      threadId: id,
      labelIds: labels,
      raw: Buffer.from(raw),
      internalDate: Date.UTC(2026, 0, 1) + this.seq * 1000,
      seq: this.seq,
    });
    box.historyId += 1;
    box.history.push({
      id: box.historyId,
      kind: 'messagesAdded',
      message: { id, threadId: id, labelIds: [...labels] },
    });
    return id;
  }

  /** A message deleted for good (by a person, or a retention rule). */
  remove(address: string, id: string): void {
    const box = this.mailbox(address);
    const message = box.messages.get(id);
    if (!message) return;
    box.messages.delete(id);
    box.historyId += 1;
    box.history.push({
      id: box.historyId,
      kind: 'messagesDeleted',
      message: { id, threadId: message.threadId, labelIds: [...message.labelIds] },
    });
  }

  /** Labels changed by someone else (a person filing mail, or moving it back to the inbox). */
  relabel(address: string, id: string, change: { addLabelIds?: string[]; removeLabelIds?: string[] }): void {
    modify(this.mailbox(address), id, change);
  }

  /** Gmail forgets history up to now: a stored historyId then gets 404. */
  expireHistory(address: string): void {
    const box = this.mailbox(address);
    box.historyId += 5;
    box.oldestHistory = box.historyId;
  }

  mailbox(address: string): GmailMailbox {
    const box = this.mailboxes.get(address.toLowerCase());
    if (!box) throw new Error(`no mailbox ${address}`);
    return box;
  }

  withLabel(address: string, label: string): GmailMessage[] {
    return [...this.mailbox(address).messages.values()].filter((m) => m.labelIds.has(label));
  }

  start(): Promise<void> {
    return this.server.start();
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private async handle(req: StandInRequest): Promise<Reply> {
    const unauthenticated = googleError(
      401,
      'UNAUTHENTICATED',
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      'authError',
    );
    if (!req.token) return unauthenticated;
    const facts = await this.server.introspect(req.token);
    // A token for another resource (a Microsoft one) is as unknown to Google as an expired one.
    if (!facts.active || !facts.scopes.some((s) => GOOGLE.test(s))) return unauthenticated;
    const match = /^(?:\/upload)?\/gmail\/v1\/users\/([^/]+)(\/.*)?$/.exec(req.path);
    if (!match) return googleError(404, 'NOT_FOUND', 'Not Found', 'notFound');
    if (req.path.startsWith('/upload/') && match[2] !== '/messages/send') {
      return googleError(404, 'NOT_FOUND', 'Not Found', 'notFound');
    }
    const userId = decodeURIComponent(match[1] ?? '');
    const user = (facts.user ?? '').toLowerCase();
    if (userId !== 'me' && userId.toLowerCase() !== user) {
      return googleError(403, 'PERMISSION_DENIED', `Delegation denied for ${user}`, 'forbidden');
    }
    const box = this.mailboxes.get(user);
    if (!box)
      return googleError(400, 'FAILED_PRECONDITION', 'Mail service not enabled', 'failedPrecondition');
    return route(this, box, req, facts, match[2] ?? '');
  }

  /** @internal */
  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }
}

const insufficient = () =>
  googleError(
    403,
    'PERMISSION_DENIED',
    'Request had insufficient authentication scopes.',
    'insufficientPermissions',
  );

function route(
  gmail: GmailStandIn,
  box: GmailMailbox,
  req: StandInRequest,
  facts: TokenFacts,
  rest: string,
): Reply {
  const can = (need: RegExp) => facts.scopes.some((s) => need.test(s));
  if (req.method === 'POST' && rest === '/messages/send')
    return can(SEND) ? send(gmail, box, req) : insufficient();
  if (!can(READ)) return insufficient();
  if (req.method === 'GET' && rest === '/profile') {
    return {
      status: 200,
      body: {
        emailAddress: box.address,
        messagesTotal: box.messages.size,
        threadsTotal: new Set([...box.messages.values()].map((m) => m.threadId)).size,
        historyId: String(box.historyId),
      },
    };
  }
  if (req.method === 'GET' && rest === '/labels')
    return { status: 200, body: { labels: [...box.labels.values()] } };
  const label = /^\/labels\/([^/]+)$/.exec(rest);
  if (req.method === 'GET' && label) {
    const found = box.labels.get(decodeURIComponent(label[1] ?? ''));
    if (!found) return googleError(404, 'NOT_FOUND', 'Requested entity was not found.', 'notFound');
    const inside = [...box.messages.values()].filter((m) => m.labelIds.has(found.id));
    return {
      status: 200,
      body: {
        ...found,
        messagesTotal: inside.length,
        messagesUnread: inside.filter((m) => m.labelIds.has('UNREAD')).length,
      },
    };
  }
  if (req.method === 'GET' && rest === '/messages') return list(box, req);
  if (req.method === 'GET' && rest === '/history') return history(box, req);
  if (req.method === 'POST' && rest === '/messages/batchModify') {
    const body = JSON.parse(req.body.toString('utf8')) as {
      ids?: string[];
      addLabelIds?: string[];
      removeLabelIds?: string[];
    };
    const ids = body.ids ?? [];
    if (ids.some((id) => !box.messages.has(id))) {
      return googleError(400, 'INVALID_ARGUMENT', 'Invalid id value', 'invalidArgument');
    }
    for (const id of ids) modify(box, id, body);
    return { status: 204 };
  }
  const one = /^\/messages\/([^/]+)(\/modify|\/trash)?$/.exec(rest);
  if (!one) return googleError(404, 'NOT_FOUND', 'Not Found', 'notFound');
  const message = box.messages.get(decodeURIComponent(one[1] ?? ''));
  if (!message) return googleError(404, 'NOT_FOUND', 'Requested entity was not found.', 'notFound');
  if (req.method === 'GET' && !one[2]) {
    if (req.query.get('format') !== 'raw')
      return googleError(400, 'INVALID_ARGUMENT', 'only format=raw here', 'invalidArgument');
    // `raw` in the middle, as Gmail orders the resource's fields: the reader must skip what follows.
    return {
      status: 200,
      body: {
        id: message.id,
        threadId: message.threadId,
        labelIds: [...message.labelIds],
        snippet: 'Hola, la impresora \\"no\\" imprime',
        raw: message.raw.toString('base64url'),
        sizeEstimate: message.raw.length,
        historyId: String(box.historyId),
        internalDate: String(message.internalDate),
        payload: { partId: '', headers: [] },
      },
    };
  }
  if (req.method === 'POST' && one[2] === '/modify') {
    modify(
      box,
      message.id,
      JSON.parse(req.body.toString('utf8')) as { addLabelIds?: string[]; removeLabelIds?: string[] },
    );
    return {
      status: 200,
      body: { id: message.id, threadId: message.threadId, labelIds: [...message.labelIds] },
    };
  }
  if (req.method === 'POST' && one[2] === '/trash') {
    modify(box, message.id, { addLabelIds: ['TRASH'], removeLabelIds: ['INBOX', 'UNREAD'] });
    return {
      status: 200,
      body: { id: message.id, threadId: message.threadId, labelIds: [...message.labelIds] },
    };
  }
  return googleError(405, 'INVALID_ARGUMENT', 'Method not allowed', 'invalidArgument');
}

function modify(
  box: GmailMailbox,
  id: string,
  change: { addLabelIds?: string[]; removeLabelIds?: string[] },
): void {
  const message = box.messages.get(id);
  if (!message) return;
  const removed = (change.removeLabelIds ?? []).filter((l) => message.labelIds.delete(l));
  const added = (change.addLabelIds ?? []).filter((l) => !message.labelIds.has(l));
  for (const label of added) message.labelIds.add(label);
  const snapshot = { id, threadId: message.threadId, labelIds: [...message.labelIds] };
  for (const [kind, labelIds] of [
    ['labelsRemoved', removed],
    ['labelsAdded', added],
  ] as const) {
    if (labelIds.length === 0) continue;
    box.historyId += 1;
    box.history.push({ id: box.historyId, kind, message: snapshot, labelIds: [...labelIds] });
  }
}

/** Newest first, keyset-paged by the page token. `q` understands `is:unread` only. */
function list(box: GmailMailbox, req: StandInRequest): Reply {
  const label = req.query.get('labelIds');
  const unread = /(^|\s)is:unread(\s|$)/.test(req.query.get('q') ?? '');
  const max = Math.min(500, Number(req.query.get('maxResults') ?? 100));
  const before = Number(req.query.get('pageToken') || Infinity);
  const all = [...box.messages.values()]
    .filter((m) => (!label || m.labelIds.has(label)) && (!unread || m.labelIds.has('UNREAD')))
    .filter((m) => m.seq < before)
    .sort((a, b) => b.seq - a.seq);
  const page = all.slice(0, max);
  const last = page[page.length - 1];
  return {
    status: 200,
    body: {
      messages: page.map((m) => ({ id: m.id, threadId: m.threadId })),
      ...(all.length > page.length && last ? { nextPageToken: String(last.seq) } : {}),
      resultSizeEstimate: all.length,
    },
  };
}

function history(box: GmailMailbox, req: StandInRequest): Reply {
  const start = Number(req.query.get('startHistoryId'));
  if (!Number.isFinite(start) || start < box.oldestHistory) {
    return googleError(404, 'NOT_FOUND', 'Requested entity was not found.', 'notFound');
  }
  const label = req.query.get('labelId');
  const max = Math.min(500, Number(req.query.get('maxResults') ?? 100));
  const after = Number(req.query.get('pageToken') || start);
  const concerns = (r: HistoryRecord) =>
    !label || r.message.labelIds.includes(label) || (r.labelIds ?? []).includes(label);
  const records = box.history.filter((r) => r.id > after && concerns(r));
  const page = records.slice(0, max);
  const last = page[page.length - 1];
  return {
    status: 200,
    body: {
      ...(page.length
        ? {
            history: page.map((r) => ({
              id: String(r.id),
              messages: [{ id: r.message.id, threadId: r.message.threadId }],
              [r.kind]: [{ message: r.message, ...(r.labelIds ? { labelIds: r.labelIds } : {}) }],
            })),
          }
        : {}),
      ...(records.length > page.length && last ? { nextPageToken: String(last.id) } : {}),
      historyId: String(box.historyId),
    },
  };
}

/**
 * The message of a send: `raw` (base64url) in a JSON body, or on the upload URI a `multipart/related`
 * body of JSON metadata and the `message/rfc822` itself
 * (https://developers.google.com/workspace/gmail/api/guides/uploads#multipart).
 */
function sentMessage(req: StandInRequest): { raw: Buffer; threadId?: string } | Reply {
  const bad = (what: string) => googleError(400, 'INVALID_ARGUMENT', what, 'invalidArgument');
  if (req.path.startsWith('/upload/')) {
    const type = String(req.headers['content-type'] ?? '');
    const boundary = /^multipart\/related;\s*boundary=("?)([^";]+)\1/i.exec(type)?.[2];
    if (req.query.get('uploadType') !== 'multipart' || !boundary) return bad('Media type not supported');
    const text = req.body.toString('latin1');
    const parts = text.split(`--${boundary}`).slice(1, -1);
    const [meta, message] = parts.map((p) => {
      const cut = p.indexOf('\r\n\r\n');
      return { head: p.slice(0, cut), body: p.slice(cut + 4).replace(/\r\n$/, '') };
    });
    if (!meta || !message || !/message\/rfc822/i.test(message.head)) return bad('Missing media part');
    const metadata = JSON.parse(meta.body || '{}') as { threadId?: string };
    return {
      raw: Buffer.from(message.body, 'latin1'),
      ...(metadata.threadId ? { threadId: metadata.threadId } : {}),
    };
  }
  const body = JSON.parse(req.body.toString('utf8')) as { raw?: string; threadId?: string };
  if (typeof body.raw !== 'string' || !/^[A-Za-z0-9_-]+=*$/.test(body.raw)) {
    return bad('Invalid value for ByteString: raw');
  }
  return { raw: Buffer.from(body.raw, 'base64url'), ...(body.threadId ? { threadId: body.threadId } : {}) };
}

function send(gmail: GmailStandIn, box: GmailMailbox, req: StandInRequest): Reply {
  const body = sentMessage(req);
  if ('status' in body) return body;
  const raw = body.raw;
  const known = body.threadId && [...box.messages.values()].some((m) => m.threadId === body.threadId);
  if (body.threadId && !known)
    return googleError(404, 'NOT_FOUND', 'Requested entity was not found.', 'notFound');
  const id = crypto.randomBytes(8).toString('hex');
  const threadId = body.threadId ?? id;
  box.messages.set(id, {
    id,
    threadId,
    labelIds: new Set(['SENT']),
    raw,
    internalDate: Date.now(),
    seq: gmail.nextSeq(),
  });
  box.historyId += 1;
  box.sent.push({ raw, threadId, id });
  return { status: 200, body: { id, threadId, labelIds: ['SENT'] } };
}

export function googleError(
  code: number,
  status: string,
  message: string,
  reason: string,
  headers?: Record<string, string>,
): Reply {
  return {
    status: code,
    ...(headers ? { headers } : {}),
    body: { error: { code, message, errors: [{ message, domain: 'global', reason }], status } },
  };
}

export async function startGmailServer(
  introspectionUrl: string,
  tls?: { readonly certPem: string; readonly keyPem: string },
): Promise<GmailStandIn> {
  const gmail = new GmailStandIn(introspectionUrl, tls);
  await gmail.start();
  return gmail;
}
