import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

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
    fs.mkdirSync(this.tmp, { recursive: true, mode: 0o700 });
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
    if (this.has(hash)) return { hash, size: bytes.length };
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
    if (this.has(hash)) return { hash, size };
    const temp = this.tempPath('copy');
    try {
      await fs.promises.copyFile(file, temp);
      return await this.adopt(temp, hash, size);
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }

  read(hash: string): Promise<Buffer> {
    return fs.promises.readFile(this.pathOf(hash));
  }

  openStream(hash: string): fs.ReadStream {
    return fs.createReadStream(this.pathOf(hash));
  }

  private async adopt(temp: string, hash: string, size: number): Promise<BlobRef> {
    const target = this.pathOf(hash);
    if (fs.existsSync(target)) return { hash, size };
    const handle = await fs.promises.open(temp, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await fs.promises.rename(temp, target);
    return { hash, size };
  }
}

/** SHA-256 of a file, streamed. */
export async function hashFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
