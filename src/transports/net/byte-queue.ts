/**
 * Bytes received and not read yet, in one growing buffer: appending is amortised O(1) and a search for
 * a line end resumes where the last one stopped, so a long line arriving in many small chunks costs
 * time in proportion to its length, not to its square.
 */
export class ByteQueue {
  private buf = Buffer.alloc(0);
  private start = 0;
  private end = 0;
  /** Bytes from `start` already searched without finding the byte looked for. */
  private searched = 0;

  get length(): number {
    return this.end - this.start;
  }

  push(chunk: Buffer): void {
    if (this.end + chunk.length > this.buf.length) this.makeRoom(chunk.length);
    chunk.copy(this.buf, this.end);
    this.end += chunk.length;
  }

  /** Index (from the first unread byte) of the first `byte`, or -1; never searches a byte twice. */
  indexOf(byte: number): number {
    const found = this.buf.subarray(this.start, this.end).indexOf(byte, this.searched);
    this.searched = found === -1 ? this.length : found;
    return found;
  }

  /** The first `count` bytes, as a copy of their own. */
  take(count: number): Buffer {
    const n = Math.min(count, this.length);
    const out = Buffer.from(this.buf.subarray(this.start, this.start + n));
    this.advance(n);
    return out;
  }

  /** The first `count` bytes decoded as UTF-8, read in place (a reply line: no copy of its bytes first). */
  takeText(count: number): string {
    const n = Math.min(count, this.length);
    const text = this.buf.toString('utf8', this.start, this.start + n);
    this.advance(n);
    return text;
  }

  /** Moves past `n` bytes read off the front. */
  private advance(n: number): void {
    this.start += n;
    this.searched = Math.max(0, this.searched - n);
    if (this.start === this.end) this.clear();
  }

  clear(): void {
    this.start = 0;
    this.end = 0;
    this.searched = 0;
    // A long line grew the buffer: give the memory back once it is read.
    if (this.buf.length > 1024 * 1024) this.buf = Buffer.alloc(0);
  }

  private makeRoom(extra: number): void {
    const used = this.length;
    const needed = used + extra;
    if (needed <= this.buf.length && this.start > 0) {
      this.buf.copy(this.buf, 0, this.start, this.end);
    } else {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2, 4096));
      this.buf.copy(grown, 0, this.start, this.end);
      this.buf = grown;
    }
    this.start = 0;
    this.end = used;
  }
}
