import path from 'node:path';
import { syncPath } from './durable-dir.js';

/**
 * Makes SQLite's committed transactions durable by syncing its write-ahead log from libuv's thread pool,
 * so that the thread running the commit goes on with other work (downloads, parsing, requests) while the
 * disk catches up.
 *
 * Why this is the durability `synchronous = FULL` gives: in WAL mode a commit writes its frames to the
 * `-wal` file (plain writes, in the operating system's cache) and FULL then syncs that file before the
 * commit returns; NORMAL skips only that sync. Syncing the same file afterwards, from any descriptor, puts
 * the same frames on disk: once `sync()` has resolved, every transaction committed before it was called
 * survives a power loss. Frames a checkpoint has meanwhile copied into the database file, and that a later
 * commit overwrote in the log, are durable too: a checkpoint syncs the log before copying and the database
 * file after. SQLite keeps the log while a connection is open (ours is), so the path names the file
 * written to. A sync that fails rejects: the caller must then act as if the commit could be undone.
 *
 * Syncs are shared: one started after a commit covers it, so callers arriving while one runs wait for the
 * next, which starts when it ends and serves all of them.
 */
export class WalSync {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private directorySynced = false;

  constructor(
    private readonly databaseFile: string,
    /** Replaceable so a test can see the syncs (and hold them). */
    private readonly syncFile: (
      file: string,
      kind: 'file' | 'directory',
    ) => Promise<void> = syncLogOrDirectory,
  ) {}

  /** Resolves once every transaction committed before the call is on disk. */
  sync(): Promise<void> {
    if (this.running === undefined) return this.start();
    // The running sync may have begun before the caller's commit: wait for the next one.
    this.queued ??= this.running.then(
      () => this.next(),
      () => this.next(),
    );
    return this.queued;
  }

  private next(): Promise<void> {
    this.queued = undefined;
    return this.start();
  }

  private start(): Promise<void> {
    const run = this.syncOnce().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async syncOnce(): Promise<void> {
    try {
      await this.syncFile(`${this.databaseFile}-wal`, 'file');
    } catch (error) {
      // No log (nothing written since the database was opened in WAL mode): all of it is in the file.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await this.syncFile(this.databaseFile, 'file');
      return;
    }
    // The log is created at the first write after the database is opened: its name must be durable too.
    if (!this.directorySynced) {
      await this.syncFile(path.dirname(this.databaseFile), 'directory');
      this.directorySynced = true;
    }
  }
}

/** The log's data and size (as SQLite syncs it) through a handle opened for writing; a directory as it is. */
function syncLogOrDirectory(target: string, kind: 'file' | 'directory'): Promise<void> {
  return syncPath(target, kind === 'file' ? { flags: 'r+', dataOnly: true } : {});
}
