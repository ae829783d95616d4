/**
 * One `UID FETCH` read straight off imapflow's connection, for an intake's listing and batched downloads.
 * imapflow turns every response into a parse tree and a message object: in an IMAPS intake of 1,000 mails
 * the main thread was busy 1.6 s, 0.3 s of it in imapflow and much of its collector's 0.2 s on imapflow's
 * garbage; read directly, 1.2 s (bench/README.md). Here the command is written on the connection while
 * imapflow is idle, the answer read by {@link FetchReplyReader} up to its tagged reply, and the connection
 * handed back to imapflow with whatever bytes followed.
 *
 * It takes imapflow's own fields (its socket, the stream its socket feeds, its command queue), not its
 * typed API: they are checked first, and when anything is not as expected (a command in flight, a
 * compressed connection, another imapflow) the caller is told to fetch through imapflow instead.
 */
import type { Duplex, Writable } from 'node:stream';
import type { ImapFlow } from 'imapflow';
import {
  FetchReplyError,
  FetchReplyReader,
  type FetchedItem,
  type FetchReplyLimits,
  type TaggedReply,
} from './imap-fetch-reader.js';

/**
 * imapflow's fields this reads (imapflow 2, as the lockfile pins it; checked before use). Should a version
 * change them, the fetch goes through imapflow again and `test/transports/imap-batch.test.ts` says so.
 */
interface ConnectionFields {
  socket?: unknown;
  writeSocket?: unknown;
  streamer?: unknown;
  currentRequest?: unknown;
  requestQueue?: unknown;
  _deflate?: unknown;
}

/** imapflow's stream's fields (its line and literal in progress; absent in other versions). */
interface StreamFields {
  readableLength?: number;
  lineBytes?: number;
  literalWaiting?: number;
}

interface IdleConnection {
  readonly socket: Duplex;
  readonly streamer: Writable;
}

/** Items held before the connection is paused: the consumer writes each one to disk. */
const HELD_ITEMS = 4;
/** Turns of the event loop given to imapflow's stream to finish with what it received. */
const QUIET_TURNS = 8;

let tags = 0;

/** The connection, when imapflow is idle on it and reads it uncompressed; otherwise undefined. */
function idleConnection(client: ImapFlow): IdleConnection | undefined {
  const fields = client as unknown as ConnectionFields;
  const { socket, streamer } = fields;
  if (!isDuplex(socket) || !isWritable(streamer) || socket.destroyed || streamer.destroyed) return undefined;
  if (fields.writeSocket !== socket || fields._deflate) return undefined;
  if (fields.currentRequest || !Array.isArray(fields.requestQueue) || fields.requestQueue.length > 0)
    return undefined;
  // The socket feeds imapflow's stream, and nothing else.
  const pipes = (socket as Duplex & { _readableState?: { pipes?: unknown } })._readableState?.pipes;
  if (!Array.isArray(pipes) || pipes.length !== 1 || pipes[0] !== streamer) return undefined;
  return { socket, streamer };
}

/** Whether imapflow's stream holds bytes it has not finished with (a chunk, a line or literal begun). */
function streamBusy(streamer: Writable): boolean {
  const state = streamer as Writable & StreamFields;
  return (
    streamer.writableLength > 0 ||
    (state.readableLength ?? 0) > 0 ||
    (state.lineBytes ?? 0) > 0 ||
    (state.literalWaiting ?? 0) > 0
  );
}

/**
 * The connection once imapflow's stream is done with what it received: the chunk that held the last
 * tagged reply is released a few turns of the event loop after the reply was handled.
 */
async function quietConnection(client: ImapFlow): Promise<IdleConnection | undefined> {
  for (let turn = 0; turn < QUIET_TURNS; turn++) {
    const connection = idleConnection(client);
    if (!connection) return undefined;
    if (!streamBusy(connection.streamer)) return connection;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return undefined;
}

/**
 * Sends `UID FETCH <args>` and reads its answer, each FETCH response to `onItem` in the server's order
 * (awaited one at a time; the connection is paused while items wait). Resolves with the tagged reply once
 * every item was handled; undefined, without sending anything, when imapflow's connection cannot be read
 * directly (then imapflow's own fetch is the way). On a reply that breaks a bound or IMAP, or a lost connection, the connection is dropped and
 * the promise rejects with a {@link FetchReplyError} (or `onItem`'s error).
 */
export async function fetchDirect(
  client: ImapFlow,
  args: string,
  limits: FetchReplyLimits,
  onItem: (item: FetchedItem) => Promise<void>,
): Promise<TaggedReply | undefined> {
  const connection = await quietConnection(client);
  if (!connection) return undefined;
  const { socket, streamer } = connection;
  // Not a tag imapflow makes (its are hexadecimal counters).
  const tag = `Z${(++tags).toString(36)}`;
  return new Promise<TaggedReply>((resolve, reject) => {
    const queue: FetchedItem[] = [];
    let reply: TaggedReply | undefined;
    let failure: { error: unknown } | undefined;
    let draining = false;

    const detach = () => {
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('end', onClose);
    };
    /** Nothing more is read (the first error is the one told). */
    const stopReading = (error: unknown) => {
      failure ??= { error };
      detach();
      // Before the tagged reply, the rest of the answer cannot be told from what comes after it.
      if (!reply) client.close();
    };
    /** The answer stops here; the items whole before it are still handed out. */
    const fail = (error: unknown) => {
      if (failure) return;
      stopReading(error);
      void drain();
    };
    const drain = async () => {
      if (draining) return;
      draining = true;
      try {
        for (let item = queue.shift(); item; item = queue.shift()) {
          await onItem(item);
          if (!reply && !failure && queue.length < HELD_ITEMS / 2) socket.resume();
        }
      } catch (error) {
        queue.length = 0;
        stopReading(error);
      } finally {
        draining = false;
      }
      if (failure) reject(failure.error);
      else if (reply) resolve(reply);
    };
    const reader = new FetchReplyReader(tag, limits, (item) => {
      queue.push(item);
      if (queue.length >= HELD_ITEMS) socket.pause();
    });
    function onData(chunk: Buffer) {
      let end: ReturnType<FetchReplyReader['push']>;
      try {
        end = reader.push(chunk);
      } catch (error) {
        fail(error);
        return;
      }
      if (end) {
        // Back to imapflow, the bytes after the tagged reply first.
        detach();
        if (end.rest.length > 0) streamer.write(end.rest);
        socket.pipe(streamer);
        reply = end.reply;
      }
      void drain();
    }
    function onClose() {
      fail(new FetchReplyError('closed', 'the connection closed during the answer'));
    }

    socket.unpipe(streamer);
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('end', onClose);
    socket.resume();
    socket.write(`${tag} UID FETCH ${args}\r\n`);
  });
}

function isDuplex(value: unknown): value is Duplex {
  return isWritable(value) && typeof (value as Duplex).pipe === 'function';
}

function isWritable(value: unknown): value is Writable {
  return typeof value === 'object' && value !== null && typeof (value as Writable).write === 'function';
}
