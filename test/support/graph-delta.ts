import type { Reply, StandInRequest } from './api-stand-in.js';
import { graphError, type GraphMailbox } from './graph-server.js';

/**
 * Delta query over one folder's messages, as https://learn.microsoft.com/en-us/graph/delta-query-messages
 * describes it: the first round pages through what the folder holds (`@odata.nextLink` with a
 * `$skiptoken`), the last page carries `@odata.deltaLink` (a `$deltatoken`); asking that link later returns
 * what was created since. Page size follows `Prefer: odata.maxpagesize` (10 by default, as Graph's).
 * Tokens carry an epoch: once the stand-in forgets its sync states, old tokens get 410 Gone.
 */
export interface DeltaState {
  /** Grows with every message put in a folder. */
  seq: number;
  epoch: number;
}

interface Window {
  readonly folder: string;
  /** Messages put in the folder after this sequence number … */
  readonly after: number;
  /** … and up to this one (the sync's snapshot). */
  readonly upto: number;
  readonly epoch: number;
  readonly select: string;
}

const encode = (w: Window) => Buffer.from(JSON.stringify(w)).toString('base64url');

function decode(token: string): Window | undefined {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Window;
  } catch {
    return undefined;
  }
}

export function graphDelta(
  state: DeltaState,
  box: GraphMailbox,
  folder: string,
  req: StandInRequest,
  base: string,
): Reply {
  const skip = req.query.get('$skiptoken');
  const deltaToken = req.query.get('$deltatoken');
  let window: Window | undefined;
  if (skip) window = decode(skip);
  else if (deltaToken) {
    const from = decode(deltaToken);
    if (from) window = { ...from, after: from.upto, upto: state.seq };
  } else {
    if (req.query.get('changeType') !== 'created') {
      return graphError(400, 'BadRequest', 'This stand-in only serves changeType=created.');
    }
    window = {
      folder,
      after: 0,
      upto: state.seq,
      epoch: state.epoch,
      select: req.query.get('$select') ?? '',
    };
  }
  if (!window || window.folder !== folder) return graphError(400, 'BadRequest', 'Invalid delta token.');
  if (window.epoch !== state.epoch) {
    return graphError(410, 'syncStateNotFound', 'The sync state generation is not found.');
  }
  const size = Number(/odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''))?.[1] ?? 10);
  const inWindow = [...box.messages.values()]
    .filter((m) => m.folderId === folder && !m.draft && m.seq > window.after && m.seq <= window.upto)
    .sort((a, b) => a.seq - b.seq);
  const page = inWindow.slice(0, size);
  const fields = window.select.split(',').filter(Boolean);
  const value = page.map((m) => {
    const full: Record<string, unknown> = {
      '@odata.type': '#microsoft.graph.message',
      '@odata.etag': `W/"${m.seq}"`,
      id: m.id,
      isRead: m.isRead,
      receivedDateTime: m.received,
      subject: 'not selected',
    };
    if (fields.length === 0) return full;
    return Object.fromEntries(
      Object.entries(full).filter(([k]) => k === 'id' || k.startsWith('@') || fields.includes(k)),
    );
  });
  const link = `${base}/${req.path.replace(/^\/v1\.0\//, '')}`;
  const body: Record<string, unknown> = {
    '@odata.context': `${base}/$metadata#Collection(message)`,
    value,
  };
  const last = page[page.length - 1];
  if (inWindow.length > page.length && last) {
    body['@odata.nextLink'] = `${link}?$skiptoken=${encode({ ...window, after: last.seq })}`;
  } else {
    body['@odata.deltaLink'] = `${link}?$deltatoken=${encode(window)}`;
  }
  return { status: 200, body };
}
