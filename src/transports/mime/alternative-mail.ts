import * as base64 from 'nodemailer/lib/base64/index.js';
import * as mimeFuncs from 'nodemailer/lib/mime-funcs/index.js';
import MimeNode from 'nodemailer/lib/mime-node/index.js';
import * as qp from 'nodemailer/lib/qp/index.js';
import { hasUtf8LocalPart } from './mail-address.js';
import type { OutgoingMail } from './outgoing-mail.js';
import { hasLineOver76, quotedPrintable, textEncodingOf } from './text-encoding.js';

/**
 * A mail of a text and an HTML alternative without attachments (every notification, every answer without
 * files) written out in one pass, with the bytes nodemailer's MailComposer gives for it: the same header
 * fields in the same order, each value encoded by nodemailer's own `MimeNode.encodeHeaderValue` and folded
 * by its `foldLines`, the same boundary, the same choice of transfer encoding and the same encoders
 * (test/transports/alternative-mail.test.ts compares the two over a corpus of notifications and edge cases).
 *
 * MailComposer builds a tree of three nodes, parses and encodes every header again for each mail and walks
 * the tree to write it: 0.2 ms a notification, most of sending one. Here the fields that are the same in
 * every mail of an account (its From, the auto-reply and loop headers) are encoded once and kept, and the
 * tree is never built. A mail of any other shape is for MailComposer (`writesDirectly` says which).
 */

/** Field names MailComposer sets itself or treats apart: a custom header with one of them goes the long way. */
const COMPOSER_FIELDS = new Set([
  'From',
  'Sender',
  'To',
  'Cc',
  'Bcc',
  'Reply-To',
  'Subject',
  'Message-ID',
  'Date',
  'MIME-Version',
  'Content-Type',
  'Content-Transfer-Encoding',
  'Content-Disposition',
  'Content-ID',
  'OTP-Token',
]);

/** nodemailer's one-shot quoted-printable encoder works in slices of this many bytes; larger bodies stream. */
export const QP_SLICE_BYTES = 64 * 1024;

/** The node nodemailer's header encoding is borrowed from: built with MailComposer's defaults, never written. */
const encoder = new MimeNode();
/** What MimeNode keeps to itself but uses for every node: its field names. */
const internals = encoder as unknown as {
  _normalizeHeaderKey(key: string): string;
};

/** Results of a pure function of a few distinct inputs (field names, an account's From), bounded. */
class Memo<T> {
  private readonly values = new Map<string, T>();
  constructor(
    private readonly compute: (key: string) => T,
    private readonly limit = 256,
  ) {}
  get(key: string): T {
    let value = this.values.get(key);
    if (value === undefined) {
      value = this.compute(key);
      if (this.values.size >= this.limit) this.values.clear();
      this.values.set(key, value);
    }
    return value;
  }
}

const fieldNames = new Memo((key) => internals._normalizeHeaderKey(key));

/** A header field as MimeNode writes it: the value encoded, then `name: value` folded at 76 characters. */
function fieldLine(name: string, value: string | { name: string; address: string }): string {
  return mimeFuncs.foldLines(`${name}: ${encoder.encodeHeaderValue(name, value)}`, 76);
}

/**
 * The lines of fields that are the same in every mail of an account (its From, the loop and auto-reply
 * headers): by field name (and, for From, address), then by value (for From, display name).
 */
const repeatedLines = new Map<string, Memo<string>>();
function repeatedLine(group: string, value: string, line: (value: string) => string): string {
  let lines = repeatedLines.get(group);
  if (!lines) {
    if (repeatedLines.size >= 64) repeatedLines.clear();
    lines = new Memo(line, 64);
    repeatedLines.set(group, lines);
  }
  return lines.get(value);
}

/**
 * A recipient of lowercase letters, digits and single dots, hyphens, underscores and pluses between them,
 * whose domain ends in a name of letters: nodemailer writes such an address as it is (a dot-atom, an ASCII
 * domain already in lower case), so its parsing is skipped. Any other address is parsed and encoded by
 * nodemailer (a domain ending in a number is read as an IPv4 address: `a@8` is written `a@0.0.0.8`).
 */
const PLAIN_ADDRESS = /^[a-z0-9]+(?:[._+-][a-z0-9]+)*@(?:[a-z0-9]+(?:-[a-z0-9]+)*\.)+[a-z]{2,63}$/;

function toLine(address: string): string {
  return PLAIN_ADDRESS.test(address) && address.length <= 72 ? `To: ${address}` : fieldLine('To', address);
}

/** Whether `writeAlternativeMail` writes this mail (otherwise MailComposer composes it). */
export function writesDirectly(mail: OutgoingMail): boolean {
  if ((mail.attachments?.length ?? 0) > 0) return false;
  // An empty alternative is left out by MailComposer (the mail is then not multipart), an empty field too.
  if (!mail.text || !mail.html || !mail.from || !mail.to || !mail.subject || !mail.messageId) return false;
  // A recipient with a UTF-8 local part is written by composerOptions' rule (RFC 6532).
  if (hasUtf8LocalPart(mail.to)) return false;
  if (mail.text.length > QP_SLICE_BYTES / 4 && Buffer.byteLength(mail.text) > QP_SLICE_BYTES) return false;
  if (mail.html.length > QP_SLICE_BYTES / 4 && Buffer.byteLength(mail.html) > QP_SLICE_BYTES) return false;
  for (const [key, value] of Object.entries(mail.headers)) {
    // A value of blanks is left out by MailComposer; a value that is not text is not ours to write.
    if (typeof value !== 'string' || value.trim() === '') return false;
    if (COMPOSER_FIELDS.has(fieldNames.get(key))) return false;
  }
  return true;
}

/** The Date field of this second (MimeNode's format: `toUTCString` with +0000 for GMT). */
let dateLine = { second: -1, line: '' };
function dateFieldLine(now: Date): string {
  const second = Math.floor(now.getTime() / 1000);
  if (second !== dateLine.second) {
    dateLine = { second, line: `Date: ${now.toUTCString().replace(/GMT/, '+0000')}` };
  }
  return dateLine.line;
}

/**
 * A text alternative: its header fields and its body, as MimeNode writes a text node (its choice of encoding
 * and its encoders' output, found without a loop over each character: text-encoding.ts).
 */
function alternative(contentType: string, content: string): string {
  let encoding: string;
  let body: string;
  if (mimeFuncs.isPlainText(content) && !hasLineOver76(content)) {
    encoding = '7bit';
    body = content;
  } else if (textEncodingOf(content) === 'Q') {
    encoding = 'quoted-printable';
    body = qp.wrap(quotedPrintable(content), 76);
  } else {
    encoding = 'base64';
    body = base64.wrap(base64.encode(Buffer.from(content)), 76);
  }
  return `Content-Type: ${contentType}\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${body}`;
}

/**
 * Writes a mail `writesDirectly` accepts, with `boundaryBase` as the random part of its boundary and
 * `now` as its Date.
 */
export function writeAlternativeMail(mail: OutgoingMail, boundaryBase: string, now: Date): string {
  const boundary = `--_NmP-${boundaryBase}-Part_1`;
  const lines: string[] = [];
  for (const [key, value] of Object.entries(mail.headers)) {
    const name = fieldNames.get(key);
    // Message ids differ from mail to mail: not kept.
    lines.push(
      name === 'In-Reply-To' || name === 'References'
        ? fieldLine(name, value)
        : repeatedLine(name, value, (v) => fieldLine(name, v)),
    );
  }
  lines.push(
    // A field name has no space: the From group of an address cannot be a custom field's.
    repeatedLine(`From ${mail.from}`, mail.fromName ?? '', (name) =>
      fieldLine('From', name ? { name, address: mail.from } : mail.from),
    ),
    toLine(mail.to),
    fieldLine('Subject', mail.subject),
    fieldLine('Message-ID', mail.messageId),
    dateFieldLine(now),
    'MIME-Version: 1.0',
    fieldLine(
      'Content-Type',
      mimeFuncs.buildHeaderValue({ value: 'multipart/alternative', params: { boundary } }),
    ),
  );
  return (
    `${lines.join('\r\n')}\r\n\r\n` +
    `--${boundary}\r\n${alternative('text/plain; charset=utf-8', mail.text)}\r\n` +
    `--${boundary}\r\n${alternative('text/html; charset=utf-8', mail.html)}\r\n` +
    `--${boundary}--\r\n`
  );
}
