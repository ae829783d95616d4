import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';

/** The size at which the log file is rotated: a few weeks of `info` lines of a busy installation. */
export const LOG_MAX_BYTES = 10 * 1024 * 1024;
/** Rotated files kept beside the current one (`drobot.log.1` the newest … `.5` the oldest). */
export const LOG_FILES_KEPT = 5;
/** A rotation lock older than this was left by a process that died holding it. */
const STALE_LOCK_MS = 60_000;

export interface LogFileOptions {
  readonly maxBytes?: number;
  readonly keep?: number;
  /** How often the path is looked at for a rotation made by another process or by logrotate. */
  readonly checkEveryMs?: number;
  readonly clock?: () => number;
}

/**
 * The data directory's log file, rotated by size: once it reaches `maxBytes` it becomes `<file>.1`, the older
 * ones move up by one and the oldest beyond `keep` is deleted, so the log never grows without end (a line per
 * fetch run and per outbox round of every account, for as long as `drobot serve` runs).
 *
 * Several processes append to the same file (`serve` and the commands an administrator runs beside it), each
 * with its own descriptor: each line is one append, whole. The process whose line crosses the size rotates;
 * the others see that the path names another file (checked at most every `checkEveryMs`) and reopen it, as
 * they do after an external logrotate. Lines are written synchronously, so none is lost when the process
 * exits at once (a command's `process.exit`). A log that cannot be written (a full disk) drops its lines
 * rather than stopping the process, and tries the file again at the next line.
 */
export function openLogFile(file: string, options: LogFileOptions = {}): Writable {
  const log = new RotatingFile(file, options);
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      log.append(chunk);
      done();
    },
    final(done) {
      log.close();
      done();
    },
  });
  // A line logged after the context closed (a late timer's) is dropped, not an unhandled 'error' event.
  stream.on('error', () => undefined);
  return stream;
}

class RotatingFile {
  private fd: number | undefined;
  private ino = 0;
  private checkedAt = 0;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly checkEveryMs: number;
  private readonly clock: () => number;

  constructor(
    private readonly file: string,
    options: LogFileOptions,
  ) {
    this.maxBytes = options.maxBytes ?? LOG_MAX_BYTES;
    this.keep = Math.max(1, options.keep ?? LOG_FILES_KEPT);
    this.checkEveryMs = options.checkEveryMs ?? 1000;
    this.clock = options.clock ?? Date.now;
  }

  append(line: Buffer): void {
    try {
      if (this.fd !== undefined && this.checkDue() && this.pathNamesAnother()) this.close();
      this.fd ??= this.open();
      fs.writeSync(this.fd, line);
      if (fs.fstatSync(this.fd).size >= this.maxBytes) this.rotate();
    } catch {
      // Nowhere to say it: the log is what failed. The next line opens the file again.
      this.close();
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try {
      fs.closeSync(fd);
    } catch {
      // Already unusable: nothing to release.
    }
  }

  private open(): number {
    const fd = fs.openSync(this.file, 'a', 0o600);
    this.ino = fs.fstatSync(fd).ino;
    this.checkedAt = this.clock();
    return fd;
  }

  private checkDue(): boolean {
    const now = this.clock();
    if (now - this.checkedAt < this.checkEveryMs) return false;
    this.checkedAt = now;
    return true;
  }

  /** The path names another file (or none): another process or logrotate moved ours away. */
  private pathNamesAnother(): boolean {
    try {
      return fs.statSync(this.file).ino !== this.ino;
    } catch {
      return true;
    }
  }

  private rotate(): void {
    const lock = this.lockRotation();
    if (lock === undefined) return; // another process is rotating: this one reopens once it has
    try {
      // Only the file this process holds is moved: when another process rotated first, the path already
      // names a newer, smaller file, which is not rotated again.
      if (!this.pathNamesAnother()) {
        fs.rmSync(`${this.file}.${this.keep}`, { force: true });
        for (let n = this.keep - 1; n >= 1; n--) renameIfThere(`${this.file}.${n}`, `${this.file}.${n + 1}`);
        renameIfThere(this.file, `${this.file}.1`);
      }
      this.close();
    } finally {
      fs.closeSync(lock);
      fs.rmSync(this.lockFile, { force: true });
    }
  }

  /**
   * One process rotates at a time: two shifting the same files at once would rename one file onto another
   * (a rename replaces its target). A lock older than a minute was left by a process that died while
   * holding it (a rotation takes milliseconds), and is taken over.
   */
  private lockRotation(): number | undefined {
    try {
      return fs.openSync(this.lockFile, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    try {
      if (Date.now() - fs.statSync(this.lockFile).mtimeMs < STALE_LOCK_MS) return undefined;
      fs.rmSync(this.lockFile, { force: true });
      return fs.openSync(this.lockFile, 'wx', 0o600);
    } catch {
      return undefined;
    }
  }

  private get lockFile(): string {
    return path.join(path.dirname(this.file), `.${path.basename(this.file)}.rotating`);
  }
}

function renameIfThere(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
