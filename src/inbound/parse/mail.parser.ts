import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  MailParser,
  type AddressObject,
  type AttachmentStream,
  type HeaderLines,
  type Headers,
  type MessageText,
  type StructuredHeader,
} from 'mailparser';
import type { BlobPort } from '../../cases/blob.port.js';
import type { Text } from '../../i18n/lang.js';
import { quarantineDetail } from '../quarantine/quarantine.labels.js';
import type { MailAddress, NewAttachment } from '../../cases/case.types.js';
import { safeFileName } from '../../cases/safe-name.js';
import { messageIdsIn, returnedIdsIn } from './dsn.reader.js';
import { sanitizeMailHtml } from './html.sanitizer.js';
import { htmlToPlainText, MAX_HTML_DEPTH, nestsDeeperThan } from './html-text.js';
import type { ParsedMail, RawHeader } from './parsed-mail.js';
import { nameForType, safeContentType } from './part-meta.js';
import { stripQuotedHistory } from './reply.stripper.js';
import { decodeText, readBounded, storableText, unflow, type BoundedBytes } from './text-decode.js';
import { splitMail, withAddressesOnly } from './mime-split.js';
import { StoredMailUnreadableError } from './stored-mail.js';
import { PARSE_LIMITS } from './parse-limits.js';
import { decodeTnef, isTnef } from './tnef.decoder.js';

export { PARSE_LIMITS };

/**
 * Why a mail could not be parsed: its message is the plain cause (a library's own words, say); the pipeline
 * quarantines it with `detail`, that cause in both languages.
 */
export class UnparseableMailError extends Error {
  constructor(
    message: string,
    readonly detail: Text,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UnparseableMailError';
  }
}

export interface ParseOptions {
  /** Largest TNEF attachment unpacked (it has to be read whole); larger ones are kept as they are. */
  readonly maxTnefBytes?: number;
  /** Most attachment rows per mail; later parts are counted as omitted (the raw mail keeps them). */
  readonly maxParts?: number;
  /** Most bytes of plain text kept for the case view, all text parts together. */
  readonly maxTextBytes?: number;
  /** Most bytes of HTML kept (and sanitized) for the case view, all HTML parts together. */
  readonly maxHtmlBytes?: number;
}

/**
 * Small parts read whole because the classifier needs their text: a report's status and its returned headers,
 * ASCII (RFC 3464) or UTF-8 (RFC 6533 §6), whose ids are looked for also when a transfer encoding hides them
 * from the search of the raw mail.
 */
const REPORT_PARTS = new Set([
  'message/delivery-status',
  'message/global-delivery-status',
  'text/rfc822-headers',
  'message/global-headers',
]);
const REPORT_PART_LIMIT = 1024 * 1024;
/**
 * A whole returned message (RFC 6533's message/global, or a message/rfc822 that arrives as one part, as a
 * base64 one does): the Message-IDs of its header section, read from its first bytes once decoded.
 */
const RETURNED_MESSAGE_PARTS = new Set(['message/global', 'message/rfc822']);
const RETURNED_HEAD_BYTES = 64 * 1024;
/** The report parts that carry a delivery status (the others return the original's headers). */
const STATUS_PARTS = new Set(['message/delivery-status', 'message/global-delivery-status']);

/** What the parts of one mail have given so far. */
interface PartState {
  readonly attachments: NewAttachment[];
  readonly reportTexts: string[];
  /** Of those, the delivery-status parts', in order. */
  readonly statusTexts: string[];
  /** Message-IDs named by the header sections of returned messages. */
  readonly returnedIds: string[];
  readonly texts: string[];
  readonly htmls: string[];
  textBytes: number;
  htmlBytes: number;
  textTruncated: boolean;
  omittedParts: number;
}

/**
 * Parses a raw mail from a file or a stored blob. Attachments and inline images go into the blob store;
 * text and HTML bodies are read up to their budget and decoded here (charset rule in `decodeText`). A mail
 * of up to a megabyte is read whole and split in memory; a larger one streams, so no part of any size is
 * held whole in memory.
 */
export async function parseMailFile(
  file: MailBytes,
  blobs: BlobPort,
  options: ParseOptions = {},
): Promise<ParsedMail> {
  const state: PartState = {
    attachments: [],
    reportTexts: [],
    statusTexts: [],
    returnedIds: [],
    texts: [],
    htmls: [],
    textBytes: 0,
    htmlBytes: 0,
    textTruncated: false,
    omittedParts: 0,
  };
  let head: Buffer = Buffer.alloc(0);
  let rest: Rest | undefined;
  let found: { headers: Headers | undefined; headerLines: HeaderLines };
  try {
    ({ head, rest } = await openHead(file));
    // A mail read whole (nearly every one) is split in memory; a larger one streams through the parser.
    found = rest
      ? await streamParts(mailBytes(head, rest), blobs, options, state)
      : await splitParts(head, blobs, options, state);
  } catch (error) {
    // A raw mail the store could not give is a storage problem, for any size of mail.
    if (error instanceof UnparseableMailError || error instanceof StoredMailUnreadableError) throw error;
    const technical = error instanceof Error ? error.message : String(error);
    throw new UnparseableMailError(technical, quarantineDetail('parserError', { technical }), {
      cause: error,
    });
  } finally {
    rest?.close();
  }
  const { headers, headerLines } = found;
  if (!headers || headerLines.length === 0)
    throw new UnparseableMailError('no header section', quarantineDetail('noHeaderSection'));
  const from = firstAddress(headers.get('from'));
  if (!from) throw new UnparseableMailError('no sender address', quarantineDetail('noSender'));

  const contentType = headers.get('content-type') as StructuredHeader | undefined;
  const type = contentType?.value.toLowerCase() ?? 'text/plain';
  const messageId = stringHeader(headers.get('message-id'));
  const joined = state.htmls.length > 0 ? state.htmls.join('<br/>\n') : null;
  // HTML nested too deep for the sanitizer to read in bounded time is not shown (its text is, and the raw
  // mail keeps it).
  const deep = joined !== null && nestsDeeperThan(joined, MAX_HTML_DEPTH);
  const html = joined && !deep ? joined : null;
  // Each text part's line ends are LF already (readPart).
  const text =
    state.texts.length > 0
      ? state.texts.join('\n')
      : joined
        ? htmlToPlainText(joined, deep).replace(/\r\n?/g, '\n')
        : '';
  // Cleaned like the rest of the mail: the returned ids are looked up, the report's recipient is stored.
  const returned = unique(
    [
      ...state.reportTexts.flatMap(messageIdsIn),
      ...state.returnedIds,
      ...messageIdsIn(text),
      ...returnedMessageIds(head),
    ].map(storableText),
  ).filter((id) => id !== messageId);
  // The status is the report's status part; a part of another type that names a recipient (a report
  // whose parts are mislabelled) only when there is none. Returned headers may carry an Original-Recipient
  // of their own, so they never come first.
  const report =
    state.statusTexts[0] ?? state.reportTexts.find((t) => /final-recipient|original-recipient/i.test(t));
  return {
    headers: headerLines.map(toRawHeader),
    messageId,
    inReplyTo: stringHeader(headers.get('in-reply-to')),
    references: referencesOf(headers.get('references')),
    subject: stringHeader(headers.get('subject')) ?? '',
    from,
    sender: firstAddress(headers.get('sender')),
    replyTo: addresses(headers.get('reply-to')),
    to: addresses(headers.get('to')),
    cc: addresses(headers.get('cc')),
    date: dateOf(headers.get('date')),
    contentType: type,
    reportType: contentType?.params['report-type']?.toLowerCase() ?? null,
    text: storableText(text),
    textReply: storableText(stripQuotedHistory(wholeSlice(text, PARSE_LIMITS.replyInputChars))),
    textTruncated: state.textTruncated,
    html: html ? storableText(sanitizeMailHtml(html)) : null,
    attachments: state.attachments,
    omittedParts: state.omittedParts,
    deliveryStatus: report === undefined ? null : storableText(report),
    reportedMessageIds: returned,
  };
}

/** The parser's options: the in-memory split builds its splitter from the same object. */
const PARSER_OPTIONS = {
  keepDeliveryStatus: true,
  skipTextToHtml: true,
  skipImageLinks: true,
  // No checksums: every part read here is hashed (SHA-256) by the blob store or not kept.
  checksumAlgo: false,
} as const;

/** A mail held whole: its parts split in memory and read one after the other. */
async function splitParts(
  mail: Buffer,
  blobs: BlobPort,
  options: ParseOptions,
  state: PartState,
): Promise<{ headers: Headers | undefined; headerLines: HeaderLines }> {
  const split = await splitMail(mail, PARSER_OPTIONS);
  for (const part of split.parts) await readPart(part, blobs, options, state);
  return split;
}

/**
 * A large mail through the streaming parser: every part arrives as a stream; attachments go into the blob
 * store as the parser meets them, text and HTML bodies are read up to their budget, so no part of any size
 * is held whole in memory.
 */
async function streamParts(
  bytes: AsyncIterable<Buffer>,
  blobs: BlobPort,
  options: ParseOptions,
  state: PartState,
): Promise<{ headers: Headers | undefined; headerLines: HeaderLines }> {
  const parser = withAddressesOnly(new MailParser({ ...PARSER_OPTIONS }));
  // The parser collects text/plain and text/html parts into whole strings (a 50 MB body took gigabytes);
  // with no "text types" it hands every part over as a stream, and the bodies are read here with a budget.
  (parser as unknown as { textTypes: string[] }).textTypes = [];
  let headers: Headers | undefined;
  let headerLines: HeaderLines = [];
  let chain: Promise<void> = Promise.resolve();
  let partError: unknown;

  parser.on('headers', (h) => (headers = h));
  parser.on('headerLines', (lines) => (headerLines = lines));
  parser.on('data', (data: AttachmentStream | MessageText) => {
    if (data.type === 'text') return;
    // One part at a time (the parser waits for each release); after a failure the rest are only drained,
    // so the parser never waits for a part nobody reads.
    chain = chain.then(async () => {
      if (partError !== undefined) return drain(data);
      try {
        await readPart(data, blobs, options, state);
      } catch (error) {
        partError = error;
        await drain(data);
      } finally {
        data.release?.();
      }
    });
  });
  await pipeline(bytes, parser);
  await chain;
  if (partError !== undefined) throw partError;
  return { headers, headerLines };
}

/** The first bytes of a mail, read once: the parser gets them, and so does the search for returned ids. */
const HEAD_BYTES = PARSE_LIMITS.wholeMailBytes;
/** The parser's input comes in chunks of a file stream's size (its output does not depend on them). */
const CHUNK_BYTES = 64 * 1024;

/**
 * The first megabyte of the file (all of a typical mail), read at once: one synchronous read of a file that
 * intake has just written costs less than the thread-pool round trips of an open, reads and a close.
 */
function readHead(fd: number): Buffer {
  const head = Buffer.allocUnsafe(Math.min(fs.fstatSync(fd).size, HEAD_BYTES));
  let filled = 0;
  while (filled < head.length) {
    const read = fs.readSync(fd, head, filled, head.length - filled, filled);
    if (read === 0) break;
    filled += read;
  }
  return head.subarray(0, filled);
}

/**
 * A raw mail: a file, its bytes already read, or a way to open it as a stream (a stored blob, which may sit
 * inside a pack).
 */
export type MailBytes = string | Buffer | (() => Promise<Readable>);

/** What is left of a mail after its head: its chunks, and a way to let go of them early. */
interface Rest {
  readonly chunks: AsyncIterable<Buffer>;
  close(): void;
}

/** The mail's head read at once (a file synchronously, a stored blob from its stream) and its rest, if any. */
async function openHead(file: MailBytes): Promise<{ head: Buffer; rest: Rest | undefined }> {
  if (Buffer.isBuffer(file)) return { head: file, rest: undefined };
  if (typeof file === 'string') {
    const fd = fs.openSync(file, 'r');
    let stream: fs.ReadStream | undefined;
    try {
      const head = readHead(fd);
      // A large mail's rest is streamed from the same descriptor (the stream closes it).
      if (head.length === HEAD_BYTES) stream = fs.createReadStream(file, { fd, start: HEAD_BYTES });
      return { head, rest: stream && restOf(stream) };
    } finally {
      if (!stream) fs.closeSync(fd);
    }
  }
  const stream = await file();
  const chunks: Buffer[] = [];
  let size = 0;
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  while (size < HEAD_BYTES) {
    const next = await iterator.next().catch((error: unknown) => {
      throw new StoredMailUnreadableError(`raw mail cannot be read: ${String(error)}`, { cause: error });
    });
    if (next.done) return { head: Buffer.concat(chunks), rest: undefined };
    chunks.push(next.value);
    size += next.value.length;
  }
  // The head may hold a little more than HEAD_BYTES (the last chunk whole); the rest goes on from there.
  return { head: Buffer.concat(chunks), rest: restOf(stream, { [Symbol.asyncIterator]: () => iterator }) };
}

function restOf(stream: Readable, chunks: AsyncIterable<Buffer> = stream): Rest {
  return { chunks, close: () => stream.destroy() };
}

/** The mail's bytes: the head in the chunks a file stream gives, then the rest of a large mail. */
async function* mailBytes(head: Buffer, rest: Rest | undefined): AsyncGenerator<Buffer> {
  try {
    for (let at = 0; at < head.length; at += CHUNK_BYTES) yield head.subarray(at, at + CHUNK_BYTES);
    if (rest) for await (const chunk of rest.chunks) yield chunk;
  } finally {
    rest?.close();
  }
}

/** The first `max` UTF-16 units of a text, without a surrogate pair cut in half at the end. */
function wholeSlice(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** Reads a part to its end without keeping it, then lets the parser go on. */
async function drain(data: AttachmentStream): Promise<void> {
  try {
    data.content.resume();
    data.release?.();
    if (!data.content.readableEnded) {
      await new Promise<void>((resolve) => {
        data.content.once('end', resolve);
        data.content.once('close', resolve);
        data.content.once('error', () => resolve());
      });
    }
  } catch {
    // Nothing to keep: a part that fails while being dropped is dropped all the same.
  }
}

/** One part as either path hands it over: its decoded content as a stream or as bytes. */
interface MailPart {
  readonly contentType: string;
  readonly headers: Headers;
  readonly filename?: string | undefined;
  readonly cid?: string | undefined;
  readonly related?: boolean | undefined;
  readonly content: Readable | Buffer;
}

/** Up to `limit` bytes of a part's content, and whether there was more. */
async function boundedContent(content: Readable | Buffer, limit: number): Promise<BoundedBytes> {
  if (!Buffer.isBuffer(content)) return readBounded(content, limit);
  return content.length > limit
    ? { bytes: Buffer.from(content.subarray(0, limit)), truncated: true }
    : { bytes: content, truncated: false };
}

async function readPart(
  data: MailPart,
  blobs: BlobPort,
  options: ParseOptions,
  state: PartState,
): Promise<void> {
  const type = safeContentType(data.contentType);
  const typeHeader = data.headers.get('content-type') as StructuredHeader | undefined;
  const params = typeHeader?.params ?? {};
  const disposition = (data.headers.get('content-disposition') as StructuredHeader | undefined)?.value
    ?.trim()
    .toLowerCase();
  const isBody = disposition === undefined || disposition === '' || disposition === 'inline';
  if (isBody && type === 'text/plain') {
    const budget = Math.max(0, (options.maxTextBytes ?? PARSE_LIMITS.maxTextBytes) - state.textBytes);
    const { bytes, truncated } = await boundedContent(data.content, budget);
    state.textBytes += bytes.length;
    if (truncated) state.textTruncated = true;
    let text = decodeText(bytes, params.charset, truncated).replace(/\r\n?/g, '\n');
    if (params.format?.toLowerCase() === 'flowed') text = unflow(text, params.delsp?.toLowerCase() === 'yes');
    if (text !== '') state.texts.push(text);
    return;
  }
  if (isBody && type === 'text/html') {
    const budget = Math.max(0, (options.maxHtmlBytes ?? PARSE_LIMITS.maxHtmlBytes) - state.htmlBytes);
    const { bytes, truncated } = await boundedContent(data.content, budget);
    state.htmlBytes += bytes.length;
    if (truncated) state.textTruncated = true;
    const html = decodeText(bytes, params.charset, truncated);
    if (html !== '') state.htmls.push(html);
    return;
  }
  const maxParts = options.maxParts ?? PARSE_LIMITS.maxParts;
  const room = () => state.attachments.length < maxParts;
  if (!room()) {
    state.omittedParts += 1;
    if (!Buffer.isBuffer(data.content)) {
      data.content.resume();
      await readBounded(data.content, 0);
    }
    return;
  }
  if (REPORT_PARTS.has(type)) {
    const { bytes } = await boundedContent(data.content, REPORT_PART_LIMIT);
    const text = bytes.toString('utf8');
    state.reportTexts.push(text);
    if (STATUS_PARTS.has(type)) state.statusTexts.push(text);
    state.attachments.push(describe(data, type, await blobs.putBuffer(bytes)));
    return;
  }
  const isWinmail = type === 'application/ms-tnef' || /^winmail\.dat$/i.test(data.filename ?? '');
  const content = data.content;
  const ref = Buffer.isBuffer(content) ? await blobs.putBuffer(content) : await blobs.putStream(content);
  if (RETURNED_MESSAGE_PARTS.has(type)) {
    const returned = await headOf(content, ref.hash, blobs);
    state.returnedIds.push(...messageIdsIn(returned.toString('utf8', 0, headerSectionEnd(returned))));
  }
  const maxTnef = options.maxTnefBytes ?? PARSE_LIMITS.maxTnefBytes;
  if (isWinmail && ref.size <= maxTnef) {
    const files = unpackTnef(Buffer.isBuffer(content) ? content : await blobs.read(ref.hash, maxTnef));
    if (files && files.length > 0) {
      for (const f of files) {
        if (!room()) {
          state.omittedParts += 1;
          continue;
        }
        const stored = await blobs.putBuffer(f.data);
        state.attachments.push({
          hash: stored.hash,
          size: stored.size,
          filename: safeFileName(f.name, 'attachment'),
          contentType: 'application/octet-stream',
          inline: false,
        });
      }
      return;
    }
  }
  state.attachments.push(describe(data, type, ref));
}

/** A part's first bytes, decoded: from memory, or from the blob store where its stream was written. */
async function headOf(content: Buffer | Readable, hash: string, blobs: BlobPort): Promise<Buffer> {
  if (Buffer.isBuffer(content)) return content.subarray(0, RETURNED_HEAD_BYTES);
  const blob = await blobs.open(hash);
  if (!blob) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of blob.stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= RETURNED_HEAD_BYTES) break;
    }
  } finally {
    blob.stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, RETURNED_HEAD_BYTES);
}

/** Where a message's header section ends (its blank line), or the end of what is held. */
function headerSectionEnd(bytes: Buffer): number {
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  const ends = [crlf, lf].filter((at) => at >= 0);
  return ends.length > 0 ? Math.min(...ends) : bytes.length;
}

function unpackTnef(bytes: Buffer) {
  if (!isTnef(bytes)) return undefined;
  try {
    return decodeTnef(bytes);
  } catch {
    return undefined;
  }
}

function describe(data: MailPart, type: string, ref: { hash: string; size: number }): NewAttachment {
  const disposition = (data.headers.get('content-disposition') as StructuredHeader | undefined)?.value
    ?.trim()
    .toLowerCase();
  const inline = disposition !== 'attachment' && (data.related === true || !!data.cid);
  return {
    hash: ref.hash,
    size: ref.size,
    filename: safeFileName(data.filename, nameForType(type)),
    contentType: type,
    contentId: data.cid ? storableText(data.cid) : null,
    inline,
  };
}

/** Message-IDs in the first megabyte of a report, beyond its own header section (the returned message). */
function returnedMessageIds(head: Buffer): string[] {
  return returnedIdsIn(head.subarray(0, HEAD_BYTES));
}

function toRawHeader(line: { key: string; line: string }): RawHeader {
  const colon = line.line.indexOf(':');
  const value = colon >= 0 ? line.line.slice(colon + 1) : '';
  return {
    name: storableText(line.key.toLowerCase()),
    value: storableText(value.replace(/\r?\n[ \t]+/g, ' ').trim()),
  };
}

function stringHeader(value: unknown): string | null {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? storableText(first.trim()) || null : null;
}

function referencesOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return list.flatMap((v) => (typeof v === 'string' ? (storableText(v).match(/<[^<>\s]+>/g) ?? []) : []));
}

function dateOf(value: unknown): string | null {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : null;
}

function addresses(value: unknown): MailAddress[] {
  const objects = (Array.isArray(value) ? value : value ? [value] : []) as AddressObject[];
  const out: MailAddress[] = [];
  const visit = (list: AddressObject['value']) => {
    for (const entry of list) {
      if (entry.group) visit(entry.group);
      else if (entry.address && entry.address.includes('@')) {
        const address = storableText(entry.address);
        out.push(entry.name ? { address, name: storableText(entry.name) } : { address });
      }
    }
  };
  for (const o of objects) if (o && Array.isArray(o.value)) visit(o.value);
  return out;
}

function firstAddress(value: unknown): MailAddress | null {
  return addresses(value)[0] ?? null;
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}
