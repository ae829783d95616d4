import { Transform, type TransformCallback } from 'node:stream';
import { withoutTrailing } from '../../app/text-ends.js';
import { DrobotError } from '../../errors/drobot-error.js';
import { gmailErrors } from './gmail.errors.js';

/** Bytes of the answer outside the `raw` field accepted at most: ids, labels, a snippet, sizes. */
export const MAX_OTHER_BYTES = 256 * 1024;

type State =
  | 'object' // inside the top-level object, between members
  | 'key' // inside a member name
  | 'colon' // after a member name
  | 'value' // before a member value
  | 'passing-over' // inside a value that is not `raw`
  | 'raw' // inside the `raw` string
  | 'done'; // after the top-level object

/**
 * Turns the JSON of `users.messages.get?format=raw` into the message's bytes as the answer arrives: the
 * base64url `raw` member is decoded four characters at a time and pushed on, so a message is never held
 * whole in memory (and the download target's byte cap stops it early). Everything else in the answer is
 * skipped, bounded. Only what Gmail sends is accepted: one top-level object, `raw` a plain base64url string.
 * https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/get
 */
export class GmailRawDecoder extends Transform {
  private state: State = 'value';
  private top = true;
  private key = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private pending = '';
  private other = 0;
  private sawRaw = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      const text = chunk.toString('latin1');
      let out = '';
      for (let i = 0; i < text.length; i++) {
        if (this.state === 'raw') {
          const end = text.indexOf('"', i);
          if (end < 0) {
            out += text.slice(i);
            break;
          }
          out += text.slice(i, end);
          i = end;
          this.state = 'object';
          this.sawRaw = true;
          continue;
        }
        this.countOther();
        this.step(text[i] as string);
      }
      this.emitBase64(out, false);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (this.state !== 'done' || !this.sawRaw) throw malformed('no raw message in the answer');
      this.emitBase64('', true);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  private countOther(): void {
    this.other += 1;
    if (this.other > MAX_OTHER_BYTES) throw malformed('answer too large outside the raw message');
  }

  /** One character outside `raw`: a small state machine over the top-level object's members. */
  private step(c: string): void {
    if (this.state === 'passing-over') return this.passOver(c);
    if (this.state === 'key') {
      if (this.escaped) this.escaped = false;
      else if (c === '\\') this.escaped = true;
      else if (c === '"') this.state = 'colon';
      if (this.state === 'key' && this.key.length < 64) this.key += c;
      return;
    }
    if (/\s/.test(c)) return;
    if (this.state === 'done') throw malformed('data after the answer');
    if (this.top) {
      if (c !== '{') throw malformed('the answer is not a JSON object');
      this.top = false;
      this.state = 'object';
      return;
    }
    if (this.state === 'object') {
      if (c === ',') return;
      if (c === '}') {
        this.state = 'done';
        return;
      }
      if (c !== '"') throw malformed('a member name was expected');
      this.key = '';
      this.state = 'key';
      return;
    }
    if (this.state === 'colon') {
      if (c !== ':') throw malformed('":" was expected');
      this.state = 'value';
      return;
    }
    // state 'value'
    if (this.key === 'raw') {
      if (c !== '"' || this.sawRaw) throw malformed('"raw" is not one string');
      this.state = 'raw';
      return;
    }
    this.state = 'passing-over';
    this.depth = 0;
    this.inString = false;
    this.passOver(c);
  }

  /** A value we do not need: strings, numbers, literals, nested objects and arrays, up to its end. */
  private passOver(c: string): void {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (c === '\\') this.escaped = true;
      else if (c === '"') {
        this.inString = false;
        if (this.depth === 0) this.state = 'object';
      }
      return;
    }
    if (c === '"') {
      this.inString = true;
      return;
    }
    if (c === '{' || c === '[') this.depth += 1;
    else if (c === '}' || c === ']') {
      if (this.depth === 0) {
        // The end of a scalar value is the end of the object.
        if (c !== '}') throw malformed('unbalanced answer');
        this.state = 'done';
        return;
      }
      this.depth -= 1;
      if (this.depth === 0) this.state = 'object';
    } else if (c === ',' && this.depth === 0) this.state = 'object';
  }

  /** Decodes whole groups of four base64url characters; keeps the rest for the next chunk. */
  private emitBase64(text: string, last: boolean): void {
    if (text !== '' && !/^[A-Za-z0-9_\-=]*$/.test(text)) throw malformed('"raw" is not base64url');
    // Padding off the end (not `/=+$/`: 0.4 s for 32 K of `=` before another character).
    const all = this.pending + withoutTrailing(text, (code) => code === EQUALS);
    const whole = last ? all.length : all.length - (all.length % 4);
    this.pending = all.slice(whole);
    if (whole > 0) this.push(Buffer.from(all.slice(0, whole), 'base64url'));
  }
}

const EQUALS = 0x3d;

function malformed(reason: string): DrobotError {
  return new DrobotError(gmailErrors.badRaw, { params: { reason } });
}
