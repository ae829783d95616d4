import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mkdirDurable } from '../storage/durable-dir.js';

/** A stored blob: its SHA-256 (hex) and its size in bytes. */
export interface BlobRef {
  readonly hash: string;
  readonly size: number;
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * Content-addressed files under `<dataDir>/blobs/ab/cdef…`: raw mails, attachments and inline images are
 * stored once by content hash. Writes go to a temp file that is synced and then renamed into place, so a
 * crash never leaves a half-written blob under a valid name.
 */
export class BlobStore {
  readonly root: string;
  private readonly tmp: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'blobs');
    this.tmp = path.join(this.root, 'tmp');
    // A new blobs folder is synced into the data directory: the synced, renamed blobs below it must not
    // vanish with a folder name that was never on disk.
    mkdirDurable(this.tmp);
  }

  /** Where the blob with this hash lives (whether or not it exists). */
  pathOf(hash: string): string {
    if (!HASH.test(hash)) throw new Error(`not a blob hash: ${hash}`);
    return path.join(this.root, hash.slice(0, 2), hash.slice(2));
  }

  has(hash: string): boolean {
    return HASH.test(hash) && fs.existsSync(this.pathOf(hash));
  }

  /** A temp file path inside the store, on the same file system as the blobs (so renames are atomic). */
  tempPath(prefix = 'in'): string {
    return path.join(this.tmp, `${prefix}-${process.pid}-${crypto.randomBytes(8).toString('hex')}`);
  }

  /** Stores a stream's bytes. */
  async putStream(source: Readable): Promise<BlobRef> {
    const temp = this.tempPath('put');
    const hash = crypto.createHash('sha256');
    let size = 0;
    source.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    try {
      await pipeline(source, fs.createWriteStream(temp, { mode: 0o600 }));
      return await this.adopt(temp, hash.digest('hex'), size);
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }

  async putBuffer(bytes: Buffer): Promise<BlobRef> {
    const hash = crypto.createHash('sha256').update(bytes).digest('hex');
    if (touch(this.pathOf(hash))) return { hash, size: bytes.length };
    const temp = this.tempPath('buf');
    try {
      await fs.promises.writeFile(temp, bytes, { mode: 0o600 });
      return await this.adopt(temp, hash, bytes.length);
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }

  /** Stores a copy of an existing file (the file stays where it is). */
  async putFile(file: string): Promise<BlobRef> {
    const hash = await hashFile(file);
    const { size } = await fs.promises.stat(file);
    if (touch(this.pathOf(hash))) return { hash, size };
    const temp = this.tempPath('copy');
    try {
      await fs.promises.copyFile(file, temp);
      return await this.adopt(temp, hash, size);
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }

  /**
   * Moves a file whose hash and size are known (computed while it was written) into the store: no second
   * read, no copy. The file is gone from its place afterwards, whether it was adopted or already stored.
   */
  async adoptFile(file: string, ref: BlobRef): Promise<BlobRef> {
    try {
      return await this.adopt(file, ref.hash, ref.size);
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  /**
   * Moves several files whose hash and size are known into the store, as one durable step: each file is
   * synced and renamed, then each directory that got a new name is synced once (not once per file). When it
   * returns, every blob survives a power loss; the files are gone from their places whatever happened.
   */
  async adoptFiles(files: readonly { file: string; ref: BlobRef }[]): Promise<void> {
    const dirs = new Set<string>();
    let newDir = false;
    try {
      for (const { file, ref } of files) {
        const target = this.pathOf(ref.hash);
        if (touch(target)) continue;
        await syncFile(file);
        const dir = path.dirname(target);
        if (await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 })) newDir = true;
        await fs.promises.rename(file, target);
        dirs.add(dir);
      }
      for (const dir of dirs) await syncDirectory(dir);
      if (newDir) await syncDirectory(this.root);
    } finally {
      for (const { file } of files) fs.rmSync(file, { force: true });
    }
  }

  /**
   * Removes temp files that a process left behind when it died (a crash, a kill): their names carry the
   * pid of their writer, and only files of processes that no longer run are touched. Returns how many.
   */
  sweepTemp(isAlive: (pid: number) => boolean = processIsAlive): number {
    let removed = 0;
    for (const name of fs.readdirSync(this.tmp)) {
      const pid = Number(/^[a-z]+-(\d+)-/.exec(name)?.[1]);
      if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
      fs.rmSync(path.join(this.tmp, name), { force: true });
      removed += 1;
    }
    return removed;
  }

  /** Every stored blob's hash with the time it was last modified (for the orphan sweep). */
  *list(): Generator<{ hash: string; mtimeMs: number }> {
    for (const dir of fs.readdirSync(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const rest of fs.readdirSync(path.join(this.root, dir))) {
        const hash = dir + rest;
        if (!HASH.test(hash)) continue;
        const stat = fs.statSync(path.join(this.root, dir, rest), { throwIfNoEntry: false });
        if (stat) yield { hash, mtimeMs: stat.mtimeMs };
      }
    }
  }

  remove(hash: string): void {
    fs.rmSync(this.pathOf(hash), { force: true });
  }

  read(hash: string): Promise<Buffer> {
    return fs.promises.readFile(this.pathOf(hash));
  }

  openStream(hash: string): fs.ReadStream {
    return fs.createReadStream(this.pathOf(hash));
  }

  private async adopt(temp: string, hash: string, size: number): Promise<BlobRef> {
    const target = this.pathOf(hash);
    if (touch(target)) return { hash, size };
    await syncFile(temp);
    const dir = path.dirname(target);
    const created = await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
    await fs.promises.rename(temp, target);
    // The rename is durable only once the directory that now names the file is synced (and a new
    // directory only once its parent is).
    await syncDirectory(dir);
    if (created) await syncDirectory(this.root);
    return { hash, size };
  }
}

async function syncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Marks a stored blob as used just now, if it is stored: a blob stored again by a new mail must not look
 * old to the orphan sweep while that mail's transaction is still to commit.
 */
function touch(file: string): boolean {
  const now = new Date();
  try {
    fs.utimesSync(file, now, now);
    return true;
  } catch {
    return false; // not stored (or swept meanwhile): the caller writes it
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SHA-256 of a file, streamed. */
export async function hashFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
