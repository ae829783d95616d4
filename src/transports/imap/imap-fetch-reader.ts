/**
 * The answer to one `UID FETCH`, read from the connection's bytes as they come: each untagged FETCH
 * response's UID, size and body (`BODY[]`, whole or partial), up to the command's tagged reply. Pure: bytes
 * in, items and the reply out, no I/O.
 *
 * Everything the server sends is bounded before it is held: a line between literals, a literal, and the
 * number of untagged responses; past a bound, or on anything IMAP does not allow here, `push` throws and
 * the connection must be dropped (the rest of the answer cannot be told apart from the next one).
 */

export interface FetchReplyLimits {
  /** Bytes of one line, literals excluded. */
  readonly maxLineBytes: number;
  /** Bytes of one literal (a body asked for `<0.N>` has at most N). */
  readonly maxLiteralBytes: number;
  /** Bytes of one response, its lines and literals together (a server could chain literals without end). */
  readonly maxResponseBytes: number;
  /** Untagged responses of any kind. */
  readonly maxResponses: number;
}

/** What one FETCH response said about its mail; a body the server gave as NIL is absent. */
export interface FetchedItem {
  readonly uid: number | undefined;
  readonly size: number | undefined;
  readonly body: Buffer | undefined;
}

export interface TaggedReply {
  readonly status: 'OK' | 'NO' | 'BAD';
  readonly text: string;
}

/** Why the answer ended early: past a bound, not IMAP, the server saying BYE, or the connection closing. */
export class FetchReplyError extends Error {
  constructor(
    readonly kind: 'tooLarge' | 'protocol' | 'bye' | 'closed',
    message: string,
  ) {
    super(message);
    this.name = 'FetchReplyError';
  }
}

const LF = 0x0a;
const LITERAL_MARKER = /~?\{(\d{1,10})\}$/;
const FETCH_START = /^\* \d+ FETCH \(/i;
const BODY_ITEM = /^(?:BODY|BINARY)\[\](?:<\d+>)?$/i;
/** UIDs are 32-bit (RFC 3501, nz-number). */
const MAX_UID = 0xffff_ffff;

export class FetchReplyReader {
  private lineParts: Buffer[] = [];
  private lineBytes = 0;
  /** The current response's lines, as text (latin1: one char per byte), each but the last ending in a literal marker. */
  private lines: string[] = [];
  private literals: Buffer[] = [];
  private literalWaiting = -1;
  private literalParts: Buffer[] = [];
  private responses = 0;
  /** Bytes of the current response so far, a literal's counted from its marker. */
  private responseBytes = 0;
  private done = false;

  constructor(
    private readonly tag: string,
    private readonly limits: FetchReplyLimits,
    private readonly onItem: (item: FetchedItem) => void,
  ) {}

  /**
   * Feeds the next bytes. Returns the tagged reply and the bytes that followed it (the next response's,
   * not this reader's) once it came; undefined while the answer goes on. Throws a FetchReplyError.
   */
  push(chunk: Buffer): { reply: TaggedReply; rest: Buffer } | undefined {
    if (this.done) throw new Error('FetchReplyReader: the reply was already read');
    let pos = 0;
    while (pos < chunk.length) {
      if (this.literalWaiting >= 0) {
        const take = Math.min(this.literalWaiting, chunk.length - pos);
        this.literalParts.push(chunk.subarray(pos, pos + take));
        this.literalWaiting -= take;
        pos += take;
        if (this.literalWaiting === 0) {
          const parts = this.literalParts;
          this.literals.push(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
          this.literalParts = [];
          this.literalWaiting = -1;
        }
        continue;
      }
      const lf = chunk.indexOf(LF, pos);
      const end = lf < 0 ? chunk.length : lf + 1;
      this.lineBytes += end - pos;
      if (this.lineBytes > this.limits.maxLineBytes) {
        throw new FetchReplyError('tooLarge', `a line longer than ${this.limits.maxLineBytes} bytes`);
      }
      this.lineParts.push(chunk.subarray(pos, end));
      pos = end;
      if (lf < 0) break;
      const reply = this.endLine();
      if (reply) {
        this.done = true;
        return { reply, rest: chunk.subarray(pos) };
      }
    }
    return undefined;
  }

  /** A line ended: either a literal follows, or the response is whole. */
  private endLine(): TaggedReply | undefined {
    const parts = this.lineParts;
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    this.lineParts = [];
    this.lineBytes = 0;
    const cut = bytes.length >= 2 && bytes[bytes.length - 2] === 0x0d ? 2 : 1;
    const line = bytes.toString('latin1', 0, bytes.length - cut);
    this.lines.push(line);
    this.count(bytes.length);
    const marker = LITERAL_MARKER.exec(line);
    if (marker) {
      const size = Number(marker[1]);
      if (size > this.limits.maxLiteralBytes) {
        throw new FetchReplyError(
          'tooLarge',
          `a literal of ${size} bytes (at most ${this.limits.maxLiteralBytes})`,
        );
      }
      this.count(size);
      this.literalWaiting = size;
      if (size === 0) {
        this.literals.push(Buffer.alloc(0));
        this.literalWaiting = -1;
      }
      return undefined;
    }
    const lines = this.lines;
    const literals = this.literals;
    this.lines = [];
    this.literals = [];
    this.responseBytes = 0;
    return this.endResponse(lines, literals);
  }

  /** Counts bytes against the response's bound, before they are held. */
  private count(bytes: number): void {
    this.responseBytes += bytes;
    if (this.responseBytes > this.limits.maxResponseBytes) {
      throw new FetchReplyError('tooLarge', `a response longer than ${this.limits.maxResponseBytes} bytes`);
    }
  }

  private endResponse(lines: string[], literals: Buffer[]): TaggedReply | undefined {
    const first = lines[0] ?? '';
    if (first.startsWith('* ')) {
      this.responses += 1;
      if (this.responses > this.limits.maxResponses) {
        throw new FetchReplyError('tooLarge', `more than ${this.limits.maxResponses} responses`);
      }
      if (FETCH_START.test(first)) this.onItem(fetchItem(lines, literals));
      else if (/^\* BYE\b/i.test(first)) throw new FetchReplyError('bye', first.slice(2, 202));
      return undefined;
    }
    const tagged = first.startsWith(`${this.tag} `) ? /^\S+ (OK|NO|BAD)\b ?(.*)$/i.exec(first) : null;
    if (!tagged || lines.length > 1) {
      throw new FetchReplyError('protocol', `unexpected line: ${first.slice(0, 80)}`);
    }
    return { status: tagged[1]!.toUpperCase() as TaggedReply['status'], text: tagged[2] ?? '' };
  }
}

/**
 * The items of one FETCH response (`* n FETCH (name value …)`): UID, RFC822.SIZE and the body; others are
 * skipped. `lines[i]` ends in the marker of `literals[i]`.
 */
function fetchItem(lines: readonly string[], literals: readonly Buffer[]): FetchedItem {
  const cursor = new Cursor(lines, literals);
  cursor.pos = lines[0]!.indexOf('(') + 1;
  let uid: number | undefined;
  let size: number | undefined;
  let body: Buffer | undefined;
  for (;;) {
    if (cursor.peek() === ')') {
      cursor.pos += 1;
      break;
    }
    const name = cursor.itemName();
    cursor.expect(' ');
    const upper = name.toUpperCase();
    if (upper === 'UID' || upper === 'RFC822.SIZE') {
      const value = Number(cursor.atom());
      if (!Number.isSafeInteger(value) || value < 0 || value > MAX_UID) {
        throw new FetchReplyError('protocol', `${upper} is not a number`);
      }
      if (upper === 'UID') uid = value;
      else size = value;
    } else if (BODY_ITEM.test(name)) {
      body = cursor.bodyValue();
    } else cursor.skipValue(0);
    if (cursor.peek() === ' ') cursor.pos += 1;
    else if (cursor.peek() !== ')')
      throw new FetchReplyError('protocol', `FETCH item ${name} not followed by a space`);
  }
  if (cursor.line !== lines.length - 1 || cursor.pos !== lines[cursor.line]!.length) {
    throw new FetchReplyError('protocol', 'text after the end of a FETCH response');
  }
  return { uid, size, body };
}

/** A position in a response made of lines and the literals between them. */
class Cursor {
  line = 0;
  pos = 0;

  constructor(
    private readonly lines: readonly string[],
    private readonly literals: readonly Buffer[],
  ) {}

  private get text(): string {
    return this.lines[this.line]!;
  }

  peek(): string {
    return this.text.charAt(this.pos);
  }

  expect(char: string): void {
    if (this.peek() !== char) throw new FetchReplyError('protocol', `expected "${char}" in a FETCH response`);
    this.pos += 1;
  }

  /** An item name: an atom, with a section in brackets (which may hold spaces) and a partial `<n>`. */
  itemName(): string {
    const start = this.pos;
    const text = this.text;
    let i = start;
    while (i < text.length && !' ()"{'.includes(text[i]!)) {
      if (text[i] === '[') {
        const close = text.indexOf(']', i);
        if (close < 0) throw new FetchReplyError('protocol', 'a section without "]"');
        i = close;
      }
      i += 1;
    }
    if (i === start) throw new FetchReplyError('protocol', 'a FETCH item without a name');
    this.pos = i;
    return text.slice(start, i);
  }

  atom(): string {
    const text = this.text;
    let i = this.pos;
    while (i < text.length && !' ()'.includes(text[i]!)) i += 1;
    const atom = text.slice(this.pos, i);
    if (atom === '') throw new FetchReplyError('protocol', 'an empty value in a FETCH response');
    this.pos = i;
    return atom;
  }

  /** A body: a literal, a quoted string, or NIL (the mail is gone). */
  bodyValue(): Buffer | undefined {
    const c = this.peek();
    if (c === '{' || c === '~') return this.literal();
    if (c === '"') return Buffer.from(this.quoted(), 'latin1');
    const atom = this.atom();
    if (atom.toUpperCase() === 'NIL') return undefined;
    throw new FetchReplyError('protocol', 'a body that is neither a literal, a string nor NIL');
  }

  /** The literal whose marker is here, at the end of the line; the cursor moves to the line after it. */
  private literal(): Buffer {
    const marker = LITERAL_MARKER.exec(this.text);
    const literal = this.literals[this.line];
    if (!marker || marker.index !== this.pos || literal === undefined) {
      throw new FetchReplyError('protocol', 'a literal marker that does not end its line');
    }
    this.line += 1;
    this.pos = 0;
    return literal;
  }

  private quoted(): string {
    const text = this.text;
    let out = '';
    let i = this.pos + 1;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (c === '"') break;
      if (c === '\\') {
        i += 1;
        if (text[i] !== '"' && text[i] !== '\\')
          throw new FetchReplyError('protocol', 'a bad escape in a string');
      }
      out += text[i];
    }
    if (i >= text.length) throw new FetchReplyError('protocol', 'a string without its closing quote');
    this.pos = i + 1;
    return out;
  }

  /** Any value, skipped: lists (nested up to a bound), strings, literals, atoms. */
  skipValue(depth: number): void {
    if (depth > 32) throw new FetchReplyError('protocol', 'lists nested too deep');
    const c = this.peek();
    if (c === '(') {
      this.pos += 1;
      while (this.peek() !== ')') {
        if (this.line >= this.lines.length || this.pos >= this.text.length) {
          throw new FetchReplyError('protocol', 'a list without its closing parenthesis');
        }
        this.skipValue(depth + 1);
        if (this.peek() === ' ') this.pos += 1;
      }
      this.pos += 1;
    } else if (c === '"') this.quoted();
    else if (c === '{' || c === '~') this.literal();
    else this.atom();
  }
}
