import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerModuleUrl } from '../app/worker-thread.js';

/**
 * Copies SQLite's write-ahead log into the database file from a thread of its own, so that the thread
 * that commits does not do it inside a commit.
 *
 * SQLite checkpoints inside the commit that takes the log past its size (database.ts: 40 MB of pages): it
 * copies the pages and syncs the database file on the committing thread, 50–110 ms at a time in a
 * 10,000-mail fetch (bench/README.md), while the parse thread waits for that thread. Here a second
 * connection on its own thread runs PASSIVE checkpoints (which never wait for the writer nor block it)
 * each time a few thousand frames wait, and repeats them until it has caught up with the writer, so the
 * log starts over at the next commit and stays small. The commit's own checkpoint is left in place behind
 * it: if this thread falls behind or cannot run, SQLite checkpoints as it did before.
 *
 * Durability does not depend on it: a commit is durable once its frames in the log are synced
 * (wal-sync.ts), and a checkpoint, on any connection, syncs the log before copying it and the database file
 * after.
 */

/** What the thread is started with. */
export interface CheckpointThreadData {
  readonly file: string;
  /** PASSIVE checkpoints run in a row at most, while each leaves frames the writer added meanwhile. */
  readonly rounds: number;
}

export type CheckpointRequest = { readonly kind: 'checkpoint' } | { readonly kind: 'close' };

export type CheckpointReply =
  | { readonly kind: 'checkpointed'; readonly log: number; readonly copied: number; readonly rounds: number }
  | { readonly kind: 'failed'; readonly message: string };

export interface WalCheckpointerOptions {
  /** Frames written to the log and not yet copied at which a checkpoint starts. */
  readonly pendingFrames?: number;
  readonly rounds?: number;
  /** How long the thread stays without a checkpoint to run before it ends. */
  readonly idleMs?: number;
  /** The thread's module (tests run it from source). */
  readonly workerUrl?: URL;
}

/** SQLite's default page size: the log's sizes are written in its pages (database.ts, `walPagesOf`). */
export const SQLITE_DEFAULT_PAGE_SIZE = 4096;

export const WAL_CHECKPOINT_DEFAULTS = {
  // Half the commit's own threshold (20 MB of pages: 5,000 frames of 4 KB, 2,500 of 8 KB; database.ts
  // counts them for the database's page size). Lower, a page changed by every batch (an index's last leaf)
  // is copied more often and a short fetch starts the thread for little: at 2,000 frames of 4 KB a
  // 1,000-mail fetch took more CPU than without the thread (bench/README.md).
  pendingBytes: 5_000 * SQLITE_DEFAULT_PAGE_SIZE,
  rounds: 4,
  // Checkpoints in a row that failed before the thread is given up (SQLite's own checkpoints remain).
  maxFailures: 3,
  // As the parse thread's: longer than an account's default poll interval, so `drobot serve` keeps the
  // thread while mail keeps coming.
  idleMs: 90_000,
} as const;

const WORKER_URL = workerModuleUrl('wal-checkpoint.worker', import.meta.url);

/**
 * Where the log's frame counts are read: the wal-index header at the start of the `-shm` file
 * (https://www.sqlite.org/walformat.html, "The WAL-Index Header"), in the machine's byte order. `mxFrame`
 * (the last valid frame) is at byte 16 of the header's first copy; `nBackfill` (frames already copied into
 * the database file) opens the checkpoint information after the header's two 48-byte copies.
 */
const MAX_FRAME_AT = 16;
const BACKFILL_AT = 96;
const INDEX_HEADER_BYTES = BACKFILL_AT + 4;
const LITTLE_ENDIAN = os.endianness() === 'LE';

/** What the thread has done, for tests and diagnostics. */
export interface CheckpointCounts {
  /** Checkpoint requests answered. */
  readonly checkpoints: number;
  /** Frames in the log when the last checkpoint ended, and how many of them were copied. */
  readonly lastLog: number;
  readonly lastCopied: number;
  /** Why the thread is no longer used, when it is not. */
  readonly lost: string | undefined;
  /** Whether a thread is up (it ends when left idle). */
  readonly threadUp: boolean;
}

export class WalCheckpointer {
  private worker: Worker | undefined;
  private running = false;
  private failures = 0;
  private lost: string | undefined;
  /** Each thread's end, and the ends of threads asked to end that close() waits for. */
  private readonly exits = new Map<Worker, Promise<void>>();
  private readonly ending = new Set<Promise<void>>();
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private shm: number | undefined;
  private readonly header = Buffer.alloc(INDEX_HEADER_BYTES);
  private readonly pendingFrames: number;
  private counts = { checkpoints: 0, lastLog: 0, lastCopied: 0 };
  private idle: Array<() => void> = [];

  constructor(
    private readonly databaseFile: string,
    private readonly options: WalCheckpointerOptions = {},
  ) {
    // Without a count, the frames of SQLite's default page size.
    this.pendingFrames =
      options.pendingFrames ?? WAL_CHECKPOINT_DEFAULTS.pendingBytes / SQLITE_DEFAULT_PAGE_SIZE;
  }

  /** Told after each commit: asks the thread for a checkpoint once enough frames wait (one at a time). */
  committed(): void {
    if (this.running || this.closed || this.lost !== undefined) return;
    if (this.framesWaiting() < this.pendingFrames) return;
    this.running = true;
    clearTimeout(this.idleTimer);
    this.thread().postMessage({ kind: 'checkpoint' } satisfies CheckpointRequest);
  }

  /** Frames in the log not yet copied into the database file (0 when the index cannot be read). */
  framesWaiting(): number {
    const { frames, copied } = this.logFrames();
    return Math.max(0, frames - copied);
  }

  /** The frames in the log and how many of them are in the database file, as the log's index says. */
  logFrames(): { readonly frames: number; readonly copied: number } {
    try {
      this.shm ??= fs.openSync(`${this.databaseFile}-shm`, 'r');
      if (fs.readSync(this.shm, this.header, 0, INDEX_HEADER_BYTES, 0) < INDEX_HEADER_BYTES) {
        return { frames: 0, copied: 0 };
      }
    } catch {
      return { frames: 0, copied: 0 };
    }
    const read = (at: number) =>
      LITTLE_ENDIAN ? this.header.readUInt32LE(at) : this.header.readUInt32BE(at);
    return { frames: read(MAX_FRAME_AT), copied: read(BACKFILL_AT) };
  }

  get stats(): CheckpointCounts {
    return { ...this.counts, lost: this.lost, threadUp: this.worker !== undefined };
  }

  /** Resolves once no checkpoint is running on the thread. */
  settled(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Ends the thread after the checkpoint it runs, closing its connection first. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.shm !== undefined) fs.closeSync(this.shm);
    this.shm = undefined;
    this.endThread();
    await Promise.all(this.ending);
  }

  /** Asks the thread to close its connection and end; what it runs first, it finishes. */
  private endThread(): void {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    clearTimeout(this.idleTimer);
    const ended = this.exits.get(worker);
    if (!ended) return;
    // Waited for by close(): the process stays up until the thread has closed its connection.
    worker.ref();
    worker.postMessage({ kind: 'close' } satisfies CheckpointRequest);
    this.ending.add(ended);
    void ended.then(() => this.ending.delete(ended));
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const data: CheckpointThreadData = {
      file: this.databaseFile,
      rounds: this.options.rounds ?? WAL_CHECKPOINT_DEFAULTS.rounds,
    };
    // Not startWorkerThread: this thread takes its settings as workerData, and an end it was asked for is
    // no loss.
    const worker = new Worker(this.options.workerUrl ?? WORKER_URL, {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: 16 },
    });
    // A process that ends without closing the database does not wait for it: a checkpoint cut short is
    // one SQLite recovers from (the log stays whole until the next one).
    worker.unref();
    worker.on('message', (reply: CheckpointReply) => this.answered(reply));
    worker.on('error', (error: Error) => this.stop(error.message));
    this.exits.set(
      worker,
      new Promise((resolve) =>
        worker.once('exit', (code: number) => {
          this.exits.delete(worker);
          // A thread asked to end (idle, or the database closing) has left nothing undone.
          if (this.worker === worker) this.stop(`the thread exited with code ${code}`);
          resolve();
        }),
      ),
    );
    this.worker = worker;
    return worker;
  }

  private answered(reply: CheckpointReply): void {
    if (reply.kind === 'checkpointed') {
      this.failures = 0;
      this.counts = {
        checkpoints: this.counts.checkpoints + 1,
        lastLog: reply.log,
        lastCopied: reply.copied,
      };
    } else if (++this.failures >= WAL_CHECKPOINT_DEFAULTS.maxFailures) {
      this.stop(reply.message);
      this.endThread();
    }
    this.done();
    // A thread left idle ends, as the parse thread does; the next checkpoint starts another.
    clearTimeout(this.idleTimer);
    if (this.worker) {
      this.idleTimer = setTimeout(() => {
        if (!this.running) this.endThread();
      }, this.options.idleMs ?? WAL_CHECKPOINT_DEFAULTS.idleMs);
      this.idleTimer.unref();
    }
  }

  private stop(cause: string): void {
    this.lost ??= cause;
    this.done();
  }

  private done(): void {
    this.running = false;
    for (const resolve of this.idle.splice(0)) resolve();
  }
}
