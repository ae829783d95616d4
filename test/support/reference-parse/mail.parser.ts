/*
 * Reference copy of src/inbound/parse/mail.parser.ts as it was before the parse speed work (commit 8110508): the
 * output the faster code must keep, compared mail by mail in test/inbound/parse-equivalence.test.ts.
 * Not edited to follow the source: a change of output there must show as a failure. Only its blob access
 * follows the blob port (a TNEF part is read back through it instead of from a file path).
 */
import fs from 'node:fs';
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
import type { BlobPort as BlobStore } from '../../../src/cases/blob.store.js';
import type { MailAddress, NewAttachment } from '../../../src/cases/case.types.js';
import { safeFileName } from '../../../src/cases/safe-name.js';
import { messageIdsIn } from './dsn.reader.js';
import { sanitizeMailHtml } from './html.sanitizer.js';
import { htmlToPlainText, MAX_HTML_DEPTH, nestsDeeperThan } from './html-text.js';
import type { ParsedMail, RawHeader } from '../../../src/inbound/parse/parsed-mail.js';
import { nameForType, safeContentType } from '../../../src/inbound/parse/part-meta.js';
import { stripQuotedHistory } from './reply.stripper.js';
import { decodeText, readBounded, storableText, unflow } from '../../../src/inbound/parse/text-decode.js';
import { decodeTnef, isTnef } from '../../../src/inbound/parse/tnef.decoder.js';

/** Why a mail could not be parsed: the pipeline quarantines it with this reason. */
export class UnparseableMailError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
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
 * What one mail may put in the case view. The raw mail always keeps everything; these bound the memory and
 * time one mail costs (a 50 MB one-line body is read as a stream and cut, never built as one string).
 */
export const PARSE_LIMITS = {
  maxParts: 100,
  maxTextBytes: 1024 * 1024,
  maxHtmlBytes: 1024 * 1024,
  maxTnefBytes: 32 * 1024 * 1024,
  /** The reply stripper reads at most this much of the text (its result is the start of the text). */
  replyInputChars: 64 * 1024,
} as const;

/** Small parts read whole because the classifier needs their text. */
const REPORT_PARTS = new Set([
  'message/delivery-status',
  'message/global-delivery-status',
  'text/rfc822-headers',
]);
const REPORT_PART_LIMIT = 1024 * 1024;

/** What the parts of one mail have given so far. */
interface PartState {
  readonly attachments: NewAttachment[];
  readonly reportTexts: string[];
  readonly texts: string[];
  readonly htmls: string[];
  textBytes: number;
  htmlBytes: number;
  textTruncated: boolean;
  omittedParts: number;
}

/**
 * Parses a raw mail streamed from a file. Every part arrives as a stream: attachments and inline images go
 * into the blob store as the parser meets them; text and HTML bodies are read up to their budget and
 * decoded here (charset rule in `decodeText`), so no part of any size is held whole in memory.
 */
export async function parseMailFile(
  file: string,
  blobs: BlobStore,
  options: ParseOptions = {},
): Promise<ParsedMail> {
  const parser = new MailParser({ keepDeliveryStatus: true, skipTextToHtml: true, skipImageLinks: true });
  // The parser collects text/plain and text/html parts into whole strings (a 50 MB body took gigabytes);
  // with no "text types" it hands every part over as a stream, and the bodies are read here with a budget.
  (parser as unknown as { textTypes: string[] }).textTypes = [];
  let headers: Headers | undefined;
  let headerLines: HeaderLines = [];
  const state: PartState = {
    attachments: [],
    reportTexts: [],
    texts: [],
    htmls: [],
    textBytes: 0,
    htmlBytes: 0,
    textTruncated: false,
    omittedParts: 0,
  };
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
      }
    });
  });

  try {
    await pipeline(fs.createReadStream(file), parser);
    await chain;
    if (partError !== undefined) throw partError;
  } catch (error) {
    if (error instanceof UnparseableMailError) throw error;
    throw new UnparseableMailError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  if (!headers || headerLines.length === 0) throw new UnparseableMailError('no header section');
  const from = firstAddress(headers.get('from'));
  if (!from) throw new UnparseableMailError('no sender address');

  const contentType = headers.get('content-type') as StructuredHeader | undefined;
  const type = contentType?.value.toLowerCase() ?? 'text/plain';
  const messageId = stringHeader(headers.get('message-id'));
  const joined = state.htmls.length > 0 ? state.htmls.join('<br/>\n') : null;
  // HTML nested too deep for the sanitizer to read in bounded time is not shown (its text is, and the raw
  // mail keeps it).
  const html = joined && !nestsDeeperThan(joined, MAX_HTML_DEPTH) ? joined : null;
  const text = (
    state.texts.length > 0 ? state.texts.join('\n') : joined ? htmlToPlainText(joined) : ''
  ).replace(/\r\n?/g, '\n');
  // Cleaned like the rest of the mail: the returned ids are looked up, the report's recipient is stored.
  const returned = unique(
    [
      ...state.reportTexts.flatMap(messageIdsIn),
      ...messageIdsIn(text),
      ...(await returnedMessageIds(file)),
    ].map(storableText),
  ).filter((id) => id !== messageId);
  const report = state.reportTexts.find((t) => /final-recipient|original-recipient/i.test(t));
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

async function readPart(
  data: AttachmentStream,
  blobs: BlobStore,
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
  try {
    if (isBody && type === 'text/plain') {
      const budget = Math.max(0, (options.maxTextBytes ?? PARSE_LIMITS.maxTextBytes) - state.textBytes);
      const { bytes, truncated } = await readBounded(data.content, budget);
      state.textBytes += bytes.length;
      if (truncated) state.textTruncated = true;
      let text = decodeText(bytes, params.charset, truncated).replace(/\r\n?/g, '\n');
      if (params.format?.toLowerCase() === 'flowed')
        text = unflow(text, params.delsp?.toLowerCase() === 'yes');
      if (text !== '') state.texts.push(text);
      return;
    }
    if (isBody && type === 'text/html') {
      const budget = Math.max(0, (options.maxHtmlBytes ?? PARSE_LIMITS.maxHtmlBytes) - state.htmlBytes);
      const { bytes, truncated } = await readBounded(data.content, budget);
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
      data.content.resume();
      await readBounded(data.content, 0);
      return;
    }
    if (REPORT_PARTS.has(type)) {
      const { bytes } = await readBounded(data.content, REPORT_PART_LIMIT);
      state.reportTexts.push(bytes.toString('utf8'));
      state.attachments.push(describe(data, type, await blobs.putBuffer(bytes)));
      return;
    }
    const isWinmail = type === 'application/ms-tnef' || /^winmail\.dat$/i.test(data.filename ?? '');
    const ref = await blobs.putStream(data.content);
    if (isWinmail && ref.size <= (options.maxTnefBytes ?? PARSE_LIMITS.maxTnefBytes)) {
      const files = unpackTnef(await blobs.read(ref.hash));
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
  } finally {
    data.release?.();
  }
}

function unpackTnef(bytes: Buffer) {
  if (!isTnef(bytes)) return undefined;
  try {
    return decodeTnef(bytes);
  } catch {
    return undefined;
  }
}

function describe(data: AttachmentStream, type: string, ref: { hash: string; size: number }): NewAttachment {
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
async function returnedMessageIds(file: string): Promise<string[]> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(1024 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('latin1');
    const bodyStart = text.search(/\r?\n\r?\n/);
    return bodyStart < 0 ? [] : messageIdsIn(text.slice(bodyStart));
  } finally {
    await handle.close();
  }
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
