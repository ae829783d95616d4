/**
 * The body of a POP3 multi-line reply (RFC 1939 §3): lines up to a line holding only ".", with a leading
 * "." of any other line removed ("dot-stuffing"). Pure and incremental: the terminator and a stuffed dot
 * may be split across network chunks anywhere, and the bytes pass through untouched otherwise.
 */

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
/** A line starting with a dot: the only place where the body differs from the bytes received. */
const LF_DOT = Buffer.from('\n.', 'latin1');
const CR_ONLY = Buffer.from([CR]);
const EMPTY = Buffer.alloc(0);

type State = 'lineStart' | 'dot' | 'dotCr' | 'inLine';

export interface MultilineStep {
  /** Decoded body bytes of this chunk (may be empty). */
  readonly out: Buffer;
  /** True once the terminating line was seen. */
  readonly done: boolean;
  /** Bytes after the terminator: the start of the next reply, to give back to the reader. */
  readonly rest: Buffer;
}

/**
 * Scans a chunk for line starts with a dot only (one native search per such line, not per line), and
 * hands the bytes between them out as views of the chunk: a chunk with no dot-stuffed line and no
 * terminator comes back as it is, without a copy.
 */
export class MultilineDecoder {
  private state: State = 'lineStart';
  private finished = false;

  get done(): boolean {
    return this.finished;
  }

  push(chunk: Buffer): MultilineStep {
    if (this.finished) return { out: EMPTY, done: true, rest: chunk };
    const parts: Buffer[] = [];
    let i = 0;
    /** The first byte of the chunk not yet handed out (or dropped). */
    let from = 0;
    while (i < chunk.length) {
      switch (this.state) {
        case 'lineStart':
          if (chunk[i] === DOT) {
            if (i > from) parts.push(chunk.subarray(from, i));
            i++;
            from = i;
            this.state = 'dot';
          } else {
            this.state = 'inLine';
          }
          break;
        case 'dot': {
          const byte = chunk[i];
          if (byte === CR) {
            // Held back until the next byte says whether this line is the terminator.
            i++;
            from = i;
            this.state = 'dotCr';
          } else if (byte === LF) {
            // A bare ".\n": lenient servers end with it; a stuffed line can never look like this.
            return this.finish(parts, chunk.subarray(i + 1));
          } else {
            // The stuffed dot was dropped; the line goes on from this byte.
            this.state = 'inLine';
          }
          break;
        }
        case 'dotCr':
          if (chunk[i] === LF) return this.finish(parts, chunk.subarray(i + 1));
          // ".\r" followed by more: not a terminator; keep the CR (the dot was stuffing).
          parts.push(CR_ONLY);
          this.state = 'inLine';
          break;
        case 'inLine': {
          const next = chunk.indexOf(LF_DOT, i);
          if (next !== -1) {
            i = next + 1;
            this.state = 'lineStart';
          } else {
            // No dotted line start in the rest of this chunk; a line may still start with the next one.
            this.state = chunk[chunk.length - 1] === LF ? 'lineStart' : 'inLine';
            i = chunk.length;
          }
          break;
        }
      }
    }
    if (from < chunk.length) parts.push(from === 0 ? chunk : chunk.subarray(from));
    return { out: join(parts), done: false, rest: EMPTY };
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
