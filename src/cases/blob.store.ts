import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { inTransaction, type Database, type Executor } from '../storage/database.js';
import { mkdirDurable, syncPath } from '../storage/durable-dir.js';
import { byCodeUnits, lockInOrder } from '../storage/lock-order.js';
import { PreparedQuery } from '../storage/prepared-query.js';
import type { BlobBatch, BlobPort, BlobRef, OpenBlob } from './blob.port.js';

export type { BlobBatch, BlobPort, BlobRef, OpenBlob } from './blob.port.js';

const HASH = /^[0-9a-f]{64}$/;
const PACK_NAME = /^[0-9a-z]+-[0-9a-f]{16}$/;

/**
 * Blobs up to this size go into their batch's pack file; larger ones (a mail with big attachments, a
 * streamed mail of many MB) stay one file each, moved in from the temp file they were streamed to.
 */
export const PACK_LIMIT_BYTES = 1024 * 1024;

/** What `read` loads at most unless told otherwise: whole-blob reads are for small blobs. */
const DEFAULT_READ_LIMIT = 64 * 1024 * 1024;

interface PackEntry {
  readonly pack: string;
  readonly pack_offset: number;
  readonly size: number;
}

/** Where a packed blob is: looked up for every raw mail a case is built from. */
const FIND_ENTRY = new PreparedQuery<{ hash: string }, PackEntry>(['hash'], (ex, { hash }) =>
  ex.selectFrom('blob_entries').select(['pack', 'pack_offset', 'size']).where('hash', '=', hash),
);

/** Index rows per statement (5 values each, far below SQLite's and PostgreSQL's parameter limits). */
const ROWS_PER_STATEMENT = 500;

/** Unique temp names within the process: each thread's own random part, then a count. */
const tempNames = { base: crypto.randomBytes(8).toString('hex'), count: 0 };

/**
 * Content-addressed blobs in the data directory, in two forms:
 * - pack files `<dataDir>/blobs/packs/<name>`: the small blobs of one batch appended to one file, synced
 *   once, with a `blob_entries` row per blob (pack, offset, length) committed with the rows that name it;
 * - single files `<dataDir>/blobs/ab/cdef…`: large blobs and blobs stored one at a time (a reply's
 *   attachment), and every blob of a data directory from before packs. Written to a temp file that is
 *   synced and renamed into place, so a crash never leaves a half-written blob under a valid name.
 * Reading looks in the index first, then in the file tree, so older data directories need no migration.
 * Without a database (a parser test) only single files are used.
 */
export class BlobStore implements BlobPort {
  private readonly root: string;
  private readonly tmp: string;
  private readonly packs: string;
  /** Where the blobs of the last `locate` are kept, and of the one before (a batch still being read). */
  private located = new Map<string, PackEntry>();
  private locatedBefore = new Map<string, PackEntry>();
  /** The pack read last, kept open: a batch's mails are read one after the other from the same pack. */
  private readonly packOpen = new OpenPack();

  constructor(
    dataDir: string,
    private readonly database?: Database,
  ) {
    this.root = path.join(dataDir, 'blobs');
    this.tmp = path.join(this.root, 'tmp');
    this.packs = path.join(this.root, 'packs');
    // A new blobs folder is synced into the data directory: the synced blobs below it must not vanish with
    // a folder name that was never on disk.
    mkdirDurable(this.tmp);
    mkdirDurable(this.packs);
  }

  batch(): BlobBatch {
    return new PackBatch(this);
  }

  /**
   * A temp file path inside the store, on the same file system as the blobs (so renames are atomic). Its
   * name: the writer's pid (for the sweep), a random part drawn once per thread, and a count. A random draw
   * per name was a system call per downloaded mail.
   */
  tempPath(prefix = 'in'): string {
    tempNames.count += 1;
    return path.join(this.tmp, `${prefix}-${process.pid}-${tempNames.base}${tempNames.count.toString(16)}`);
  }

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
    const hash = sha256(bytes);
    if (await this.refresh(hash)) return { hash, size: bytes.length };
    const temp = this.tempPath('buf');
    try {
      await fs.promises.writeFile(temp, bytes, { mode: 0o600 });
      return await this.adopt(temp, hash, bytes.length);
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }

  async putFile(file: string): Promise<BlobRef> {
    const hash = await hashFile(file);
    const { size } = await fs.promises.stat(file);
    if (await this.refresh(hash)) return { hash, size };
    const temp = this.tempPath('copy');
    try {
      await fs.promises.copyFile(file, temp);
      return await this.adopt(temp, hash, size);
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }

  async open(hash: string): Promise<OpenBlob | null> {
    if (!HASH.test(hash)) return null;
    return this.openFound(hash, await this.entry(hash));
  }

  /** Opens a blob whose index entry (if any) was looked up already. */
  private async openFound(hash: string, entry: PackEntry | undefined): Promise<OpenBlob | null> {
    if (entry) {
      if (entry.size === 0) return { stream: Readable.from([]), size: 0 };
      const start = entry.pack_offset;
      const stream = fs.createReadStream(this.packPath(entry.pack), { start, end: start + entry.size - 1 });
      return { stream, size: entry.size };
    }
    const file = this.filePath(hash);
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file, 'r');
    } catch {
      return null;
    }
    const { size } = await handle.stat();
    // The stream owns the open handle: a sweep that removes the name meanwhile does not cut the read.
    return { stream: handle.createReadStream(), size };
  }

  async read(hash: string, maxBytes = DEFAULT_READ_LIMIT): Promise<Buffer> {
    if (!HASH.test(hash)) throw new Error(`blob not stored: ${hash}`);
    const entry = await this.entry(hash);
    if (entry && entry.size <= Math.min(maxBytes, PACK_LIMIT_BYTES)) return this.readPacked(entry);
    const blob = await this.openFound(hash, entry);
    if (!blob) throw new Error(`blob not stored: ${hash}`);
    if (blob.size > maxBytes) {
      blob.stream.destroy();
      throw new Error(`blob ${hash} has ${blob.size} bytes, more than the ${maxBytes} read at once`);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of blob.stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async has(hash: string): Promise<boolean> {
    if (!HASH.test(hash)) return false;
    return (await this.entry(hash)) !== undefined || fs.existsSync(this.filePath(hash));
  }

  async *stale(cutoffMs: number): AsyncGenerator<string[]> {
    const db = this.database?.db;
    if (db) {
      const cutoff = new Date(cutoffMs).toISOString();
      for (let after = ''; ;) {
        const rows = await db
          .selectFrom('blob_entries')
          .select('hash')
          .where('stored_at', '<', cutoff)
          .where('hash', '>', after)
          .orderBy('hash')
          .limit(ROWS_PER_STATEMENT)
          .execute();
        if (rows.length === 0) break;
        yield rows.map((r) => r.hash);
        after = rows.at(-1)!.hash;
      }
    }
    let page: string[] = [];
    for (const dir of fs.readdirSync(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const rest of fs.readdirSync(path.join(this.root, dir))) {
        const hash = dir + rest;
        if (!HASH.test(hash)) continue;
        const stat = fs.statSync(path.join(this.root, dir, rest), { throwIfNoEntry: false });
        if (!stat || stat.mtimeMs > cutoffMs) continue;
        page.push(hash);
        if (page.length >= ROWS_PER_STATEMENT) {
          yield page;
          page = [];
        }
      }
    }
    if (page.length > 0) yield page;
  }

  async remove(hashes: readonly string[], cutoffMs: number): Promise<void> {
    if (hashes.length === 0) return;
    for (const hash of hashes) {
      this.located.delete(hash);
      this.locatedBefore.delete(hash);
      const file = this.filePath(hash);
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      // Stored again meanwhile (a new mail with the same bytes): it stays.
      if (stat && stat.mtimeMs <= cutoffMs) fs.rmSync(file, { force: true });
    }
    // The pack bytes stay until the whole pack is unused (`sweepLeftovers`); only the entries go.
    await this.database?.db
      .deleteFrom('blob_entries')
      .where('hash', 'in', hashes)
      .where('stored_at', '<', new Date(cutoffMs).toISOString())
      .execute();
  }

  async sweepLeftovers(cutoffMs: number): Promise<number> {
    let removed = this.sweepTemp();
    const db = this.database?.db;
    if (!db) return removed;
    for (const name of fs.readdirSync(this.packs)) {
      if (!PACK_NAME.test(name)) continue;
      const file = this.packPath(name);
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      // A young pack may belong to a batch whose transaction is still to commit.
      if (!stat || stat.mtimeMs > cutoffMs) continue;
      const used = await db
        .selectFrom('blob_entries')
        .select('hash')
        .where('pack', '=', name)
        .limit(1)
        .execute();
      if (used.length > 0) continue;
      fs.rmSync(file, { force: true });
      removed += 1;
    }
    return removed;
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

  /** @internal The batch's view: where single files and packs go. */
  filePath(hash: string): string {
    if (!HASH.test(hash)) throw new Error(`not a blob hash: ${hash}`);
    return path.join(this.root, hash.slice(0, 2), hash.slice(2));
  }

  /** @internal */
  packPath(name: string): string {
    if (!PACK_NAME.test(name)) throw new Error(`not a pack name: ${name}`);
    return path.join(this.packs, name);
  }

  /** @internal */
  get packDir(): string {
    return this.packs;
  }

  /** @internal */
  get db(): Executor | undefined {
    return this.database?.db;
  }

  /**
   * Whether a blob is stored; if it is a single file, marks it as used just now, so a blob stored again by
   * a new mail does not look old to the orphan sweep while that mail's transaction is still to commit.
   * (A pack entry is marked by the batch's `record`, in that transaction.)
   */
  async refresh(hash: string): Promise<boolean> {
    if (touch(this.filePath(hash))) return true;
    if (!this.database) return false;
    const now = new Date().toISOString();
    const updated = await this.database.db
      .updateTable('blob_entries')
      .set({ stored_at: now })
      .where('hash', '=', hash)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }

  /**
   * Marks the pack entries of these hashes as used just now, in one committed step, and returns those it
   * found. A batch that finds an entry stored already does not write its bytes again; were the entry only
   * looked up, the orphan sweep could find it old and unnamed and remove it (and then its pack) before the
   * batch's transaction names it, leaving the new mail pointing at nothing. Once marked, the sweep's grace
   * keeps it for an hour; an entry the sweep removed first is not returned, and the batch writes it anew.
   */
  async refreshEntries(hashes: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    if (!this.database || hashes.length === 0) return found;
    const sorted = [...new Set(hashes)].sort(byCodeUnits);
    const now = new Date().toISOString();
    // Not synced on its own: a power cut that takes it back takes back the later commit naming the blobs too.
    await inTransaction(
      this.database,
      async (trx) => {
        for (let i = 0; i < sorted.length; i += ROWS_PER_STATEMENT) {
          const page = sorted.slice(i, i + ROWS_PER_STATEMENT);
          // Rows locked in hash order: two batches marking the same blobs wait for each other.
          await lockInOrder(trx, 'blob_entries', 'hash', page);
          const rows = await trx
            .updateTable('blob_entries')
            .set({ stored_at: now })
            .where('hash', 'in', page)
            .returning('hash')
            .execute();
          for (const r of rows) found.add(r.hash);
        }
      },
      'deferred',
    );
    return found;
  }

  /**
   * Moves several files whose hash and size are known into the file tree, as one durable step: each file
   * is synced and renamed, then each directory that got a new name is synced once (not once per file).
   * When it returns, every blob survives a power loss; the files are gone from their places whatever
   * happened.
   */
  async adoptFiles(files: readonly { file: string; ref: BlobRef }[]): Promise<void> {
    const dirs = new Set<string>();
    let newDir = false;
    try {
      for (const { file, ref } of files) {
        const target = this.filePath(ref.hash);
        if (touch(target)) continue;
        await syncPath(file);
        const dir = path.dirname(target);
        if (await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 })) newDir = true;
        await fs.promises.rename(file, target);
        dirs.add(dir);
      }
      for (const dir of dirs) await syncPath(dir);
      if (newDir) await syncPath(this.root);
    } finally {
      for (const { file } of files) fs.rmSync(file, { force: true });
    }
  }

  async locate(hashes: readonly string[]): Promise<void> {
    const located = new Map<string, PackEntry>();
    const db = this.database?.db;
    const wanted = [...new Set(hashes)].filter((h) => HASH.test(h));
    for (let i = 0; db && i < wanted.length; i += ROWS_PER_STATEMENT) {
      const rows = await db
        .selectFrom('blob_entries')
        .select(['hash', 'pack', 'pack_offset', 'size'])
        .where('hash', 'in', wanted.slice(i, i + ROWS_PER_STATEMENT))
        .execute();
      for (const { hash, ...entry } of rows) located.set(hash, entry);
    }
    this.locatedBefore = this.located;
    this.located = located;
  }

  private async entry(hash: string): Promise<PackEntry | undefined> {
    // An entry does not move while rows name its blob (a newer copy elsewhere leaves the old pack in place
    // until the sweep's grace time), so the batch's answers stay good while the batch is read.
    const located = this.located.get(hash) ?? this.locatedBefore.get(hash);
    if (located) return located;
    const db = this.database?.db;
    return db && (await FIND_ENTRY.execute(db, { hash })).rows[0];
  }

  /**
   * A packed blob read at once, synchronously: at most a megabyte of a file its batch wrote moments ago (in
   * the page cache), where the thread-pool round trips of an open, a read and a close cost more than the
   * read itself.
   */
  private readPacked(entry: PackEntry): Buffer {
    const bytes = Buffer.allocUnsafe(entry.size);
    const fd = this.packOpen.fdOf(this.packPath(entry.pack));
    let filled = 0;
    try {
      while (filled < bytes.length) {
        const read = fs.readSync(fd, bytes, filled, bytes.length - filled, entry.pack_offset + filled);
        if (read === 0) break;
        filled += read;
      }
    } catch (error) {
      // A read that failed leaves nothing open behind it: the next one opens the pack afresh.
      this.packOpen.close();
      throw error;
    }
    return bytes.subarray(0, filled);
  }

  private async adopt(temp: string, hash: string, size: number): Promise<BlobRef> {
    const target = this.filePath(hash);
    if (touch(target)) return { hash, size };
    await syncPath(temp);
    const dir = path.dirname(target);
    const created = await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
    await fs.promises.rename(temp, target);
    // The rename is durable only once the directory that now names the file is synced (and a new
    // directory only once its parent is).
    await syncPath(dir);
    if (created) await syncPath(this.root);
    return { hash, size };
  }
}

/** How long the pack read last stays open after its last read. */
export const PACK_OPEN_IDLE_MS = 1000;

/**
 * One pack file kept open for reading: the next read of the same pack needs no open and close (at 10,000
 * mails the builder reads thousands back from the packs intake wrote). It is closed when another pack is read,
 * or after a second without a read, so a serving process holds no pack for long (a pack the sweep removed
 * meanwhile is still read whole: packs are never written again, and their names never reused).
 */
class OpenPack {
  private file: string | undefined;
  private fd: number | undefined;
  private lastRead = 0;
  private timer: NodeJS.Timeout | undefined;

  fdOf(file: string): number {
    this.lastRead = Date.now();
    if (this.file === file && this.fd !== undefined) return this.fd;
    this.close();
    this.fd = fs.openSync(file, 'r');
    this.file = file;
    this.timer = setTimeout(this.closeIfIdle, PACK_OPEN_IDLE_MS);
    this.timer.unref();
    return this.fd;
  }

  private readonly closeIfIdle = (): void => {
    const idleFor = Date.now() - this.lastRead;
    if (idleFor >= PACK_OPEN_IDLE_MS) this.close();
    else {
      this.timer = setTimeout(this.closeIfIdle, PACK_OPEN_IDLE_MS - idleFor);
      this.timer.unref();
    }
  };

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    this.file = undefined;
  }
}

/** A blob staged in a batch: small ones as bytes (bound for the pack), large ones as a file. */
type Staged = { readonly ref: BlobRef; bytes: Buffer | null; file: string | null };

/**
 * One batch: its small blobs are appended to one new pack file, synced once (plus its directory, for the
 * new name); its large ones become single files. Blobs already stored are not written again.
 */
class PackBatch implements BlobBatch {
  private readonly staged = new Map<string, Staged>();
  /** Written to the pack by `durable`: recorded by `record`. */
  private written: { hash: string; offset: number; size: number }[] = [];
  /** Already stored as pack entries: marked as used again by `record`. */
  private stored: string[] = [];
  private pack: string | null = null;

  constructor(private readonly store: BlobStore) {}

  putBuffer(bytes: Buffer, known?: BlobRef): BlobRef {
    const ref = known?.size === bytes.length ? known : { hash: sha256(bytes), size: bytes.length };
    if (!this.staged.has(ref.hash)) this.staged.set(ref.hash, { ref, bytes, file: null });
    return ref;
  }

  async putFile(file: string, ref: BlobRef): Promise<void> {
    if (this.staged.has(ref.hash)) {
      fs.rmSync(file, { force: true });
      return;
    }
    if (ref.size > PACK_LIMIT_BYTES || !this.store.db) {
      this.staged.set(ref.hash, { ref, bytes: null, file });
      return;
    }
    // Small: read back (from the page cache) and removed; its bytes go into the pack.
    try {
      this.staged.set(ref.hash, { ref, bytes: await fs.promises.readFile(file), file: null });
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  async durable(): Promise<void> {
    const db = this.store.db;
    const files: { file: string; ref: BlobRef }[] = [];
    const small: Staged[] = [];
    for (const s of this.staged.values()) {
      if (s.file !== null) files.push({ file: s.file, ref: s.ref });
      else if (s.ref.size > PACK_LIMIT_BYTES || !db) {
        const file = this.store.tempPath('buf');
        await fs.promises.writeFile(file, s.bytes!, { mode: 0o600 });
        files.push({ file, ref: s.ref });
      } else small.push(s);
    }
    if (files.length > 0) await this.store.adoptFiles(files);
    if (small.length === 0 || !db) return;
    const known = await this.store.refreshEntries(small.map((s) => s.ref.hash));
    const fresh = small.filter((s) => {
      if (known.has(s.ref.hash)) return false;
      // A blob of an older data directory, stored as a single file: kept there, marked as used.
      return !touch(this.store.filePath(s.ref.hash));
    });
    this.stored = [...known];
    if (fresh.length === 0) return;
    const name = `${Date.now().toString(36)}-${crypto.randomBytes(8).toString('hex')}`;
    const handle = await fs.promises.open(this.store.packPath(name), 'wx', 0o600);
    try {
      let offset = 0;
      const written: typeof this.written = [];
      const buffers: Buffer[] = [];
      for (const s of fresh) {
        written.push({ hash: s.ref.hash, offset, size: s.ref.size });
        buffers.push(s.bytes!);
        offset += s.ref.size;
      }
      // writev takes at most IOV_MAX (1,024) buffers a call.
      for (let i = 0; i < buffers.length; i += 1000) await writeAll(handle, buffers.slice(i, i + 1000));
      await handle.sync();
      this.written = written;
    } finally {
      await handle.close();
    }
    // The new name is durable once its directory is synced.
    await syncPath(this.store.packDir);
    this.pack = name;
    for (const s of fresh) s.bytes = null;
  }

  /**
   * Names the batch's blobs in the caller's transaction. Every statement takes its rows in hash order: two
   * builders storing the same attachments at once (a logo, a signature) then wait for each other, where
   * rows taken in the order each batch staged them could deadlock.
   */
  async record(trx: Executor): Promise<void> {
    const now = new Date().toISOString();
    const pack = this.pack;
    if (pack !== null) {
      const written = [...this.written].sort((a, b) => byCodeUnits(a.hash, b.hash));
      for (let i = 0; i < written.length; i += ROWS_PER_STATEMENT) {
        const rows = written.slice(i, i + ROWS_PER_STATEMENT).map((w) => ({
          hash: w.hash,
          pack,
          pack_offset: w.offset,
          size: w.size,
          stored_at: now,
        }));
        // Another process may have stored the same bytes meanwhile: this batch's copy, synced and in a
        // young pack, is the one named from now on.
        await trx
          .insertInto('blob_entries')
          .values(rows)
          .onConflict((oc) =>
            oc.column('hash').doUpdateSet((eb) => ({
              pack: eb.ref('excluded.pack'),
              pack_offset: eb.ref('excluded.pack_offset'),
              size: eb.ref('excluded.size'),
              stored_at: eb.ref('excluded.stored_at'),
            })),
          )
          .execute();
      }
    }
    const stored = [...this.stored].sort(byCodeUnits);
    for (let i = 0; i < stored.length; i += ROWS_PER_STATEMENT) {
      const hashes = stored.slice(i, i + ROWS_PER_STATEMENT);
      await lockInOrder(trx, 'blob_entries', 'hash', hashes);
      await trx.updateTable('blob_entries').set({ stored_at: now }).where('hash', 'in', hashes).execute();
    }
  }

  discard(): void {
    for (const s of this.staged.values()) if (s.file) fs.rmSync(s.file, { force: true });
    this.staged.clear();
  }
}

async function writeAll(handle: fs.promises.FileHandle, buffers: Buffer[]): Promise<void> {
  let rest = buffers;
  while (rest.length > 0) {
    let { bytesWritten } = await handle.writev(rest);
    // A short write: go on from where it stopped.
    while (rest.length > 0 && bytesWritten >= rest[0]!.length) {
      bytesWritten -= rest[0]!.length;
      rest = rest.slice(1);
    }
    if (bytesWritten > 0) rest = [rest[0]!.subarray(bytesWritten), ...rest.slice(1)];
  }
}

function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/**
 * Marks a stored single-file blob as used just now, if it is stored: a blob stored again by a new mail must
 * not look old to the orphan sweep while that mail's transaction is still to commit.
 */
function touch(file: string): boolean {
  // Nearly every new mail's blob is not there: asked without an exception, which cost more than the call.
  if (fs.statSync(file, { throwIfNoEntry: false }) === undefined) return false;
  const now = new Date();
  try {
    fs.utimesSync(file, now, now);
    return true;
  } catch {
    return false; // swept meanwhile: the caller writes it
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
