/**
 * The body of a POP3 multi-line reply (RFC 1939 §3): lines up to a line holding only ".", with a leading
 * "." of any other line removed ("dot-stuffing"). Pure and incremental: the terminator and a stuffed dot
 * may be split across network chunks anywhere, and the bytes pass through untouched otherwise.
 */

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;

type State = 'lineStart' | 'dot' | 'dotCr' | 'inLine';

export interface MultilineStep {
  /** Decoded body bytes of this chunk (may be empty). */
  readonly out: Buffer;
  /** True once the terminating line was seen. */
  readonly done: boolean;
  /** Bytes after the terminator: the start of the next reply, to give back to the reader. */
  readonly rest: Buffer;
}

export class MultilineDecoder {
  private state: State = 'lineStart';
  private finished = false;

  get done(): boolean {
    return this.finished;
  }

  push(chunk: Buffer): MultilineStep {
    if (this.finished) return { out: Buffer.alloc(0), done: true, rest: chunk };
    const parts: Buffer[] = [];
    let i = 0;
    while (i < chunk.length) {
      const byte = chunk[i] as number;
      switch (this.state) {
        case 'lineStart':
          if (byte === DOT) {
            this.state = 'dot';
            i++;
          } else {
            this.state = 'inLine';
          }
          break;
        case 'dot':
          if (byte === CR) {
            this.state = 'dotCr';
            i++;
          } else if (byte === LF) {
            // A bare ".\n": lenient servers end with it; a stuffed line can never look like this.
            return this.finish(parts, chunk.subarray(i + 1));
          } else {
            // The stuffed dot is dropped; the line goes on from this byte.
            this.state = 'inLine';
          }
          break;
        case 'dotCr':
          if (byte === LF) return this.finish(parts, chunk.subarray(i + 1));
          // ".\r" followed by more: not a terminator; keep the CR (the dot was stuffing).
          parts.push(Buffer.from([CR]));
          this.state = 'inLine';
          break;
        case 'inLine': {
          const lf = chunk.indexOf(LF, i);
          if (lf === -1) {
            parts.push(chunk.subarray(i));
            i = chunk.length;
          } else {
            parts.push(chunk.subarray(i, lf + 1));
            i = lf + 1;
            this.state = 'lineStart';
          }
          break;
        }
      }
    }
    return { out: join(parts), done: false, rest: Buffer.alloc(0) };
  }

  private finish(parts: Buffer[], rest: Buffer): MultilineStep {
    this.finished = true;
    return { out: join(parts), done: true, rest };
  }
}

function join(parts: Buffer[]): Buffer {
  if (parts.length === 1) return parts[0] as Buffer;
  return Buffer.concat(parts);
}

/**
 * Splits a decoded multi-line body into lines as it arrives, holding at most one partial line, so
 * that a listing is parsed without ever keeping its whole text. Pure and incremental like the decoder.
 */
export class LineSplitter {
  private partial: Buffer = Buffer.alloc(0);

  constructor(private readonly maxLineBytes: number) {}

  /**
   * Calls `visit` for each complete line (without CR LF) in `data`; false as soon as a line is longer
   * than the limit (nothing more is visited then).
   */
  push(data: Buffer, visit: (line: Buffer) => void): boolean {
    const bytes = this.partial.length === 0 ? data : Buffer.concat([this.partial, data]);
    let start = 0;
    for (let lf = bytes.indexOf(LF); lf !== -1; lf = bytes.indexOf(LF, start)) {
      if (lf - start > this.maxLineBytes) return false;
      const end = lf > start && bytes[lf - 1] === CR ? lf - 1 : lf;
      visit(bytes.subarray(start, end));
      start = lf + 1;
    }
    if (bytes.length - start > this.maxLineBytes) return false;
    // A copy, so the partial line does not keep the whole network chunk alive.
    this.partial = Buffer.from(bytes.subarray(start));
    return true;
  }

  /** The last line, when the body did not end with a line break. */
  end(visit: (line: Buffer) => void): void {
    if (this.partial.length > 0) visit(this.partial);
    this.partial = Buffer.alloc(0);
  }
}
