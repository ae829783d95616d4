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
import type { BlobStore } from '../../cases/blob.store.js';
import type { MailAddress, NewAttachment } from '../../cases/case.types.js';
import { safeFileName } from '../../cases/safe-name.js';
import { messageIdsIn } from './dsn.reader.js';
import { sanitizeMailHtml } from './html.sanitizer.js';
import { htmlToPlainText } from './html-text.js';
import type { ParsedMail, RawHeader } from './parsed-mail.js';
import { stripQuotedHistory } from './reply.stripper.js';
import { decodeTnef, isTnef } from './tnef.decoder.js';

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
}

/** Small parts read whole because the classifier needs their text. */
const REPORT_PARTS = new Set([
  'message/delivery-status',
  'message/global-delivery-status',
  'text/rfc822-headers',
]);
const REPORT_PART_LIMIT = 1024 * 1024;

/**
 * Parses a raw mail streamed from a file. Attachments and inline images are streamed into the blob store
 * as the parser meets them, so a large attachment is never held in memory; texts are (they are stored).
 */
export async function parseMailFile(
  file: string,
  blobs: BlobStore,
  options: ParseOptions = {},
): Promise<ParsedMail> {
  const parser = new MailParser({ keepDeliveryStatus: true, skipTextToHtml: true, skipImageLinks: true });
  let headers: Headers | undefined;
  let headerLines: HeaderLines = [];
  let body: MessageText | undefined;
  const attachments: NewAttachment[] = [];
  const reportTexts: string[] = [];
  let chain: Promise<void> = Promise.resolve();

  parser.on('headers', (h) => (headers = h));
  parser.on('headerLines', (lines) => (headerLines = lines));
  parser.on('data', (data: AttachmentStream | MessageText) => {
    if (data.type === 'text') {
      body = data;
      return;
    }
    chain = chain.then(() => storeAttachment(data, blobs, options, attachments, reportTexts));
  });

  try {
    await pipeline(fs.createReadStream(file), parser);
    await chain;
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
  const derived = body?.text ?? (body?.html ? htmlToPlainText(body.html) : '');
  const text = derived.replace(/\r\n/g, '\n');
  const reportedMessageIds =
    type === 'multipart/report'
      ? unique([...reportTexts.flatMap(messageIdsIn), ...(await returnedMessageIds(file))]).filter(
          (id) => id !== messageId,
        )
      : [];
  return {
    headers: headerLines.map(toRawHeader),
    messageId,
    inReplyTo: stringHeader(headers.get('in-reply-to')),
    references: referencesOf(headers.get('references')),
    subject: stringHeader(headers.get('subject')) ?? '',
    from,
    replyTo: firstAddress(headers.get('reply-to')),
    to: addresses(headers.get('to')),
    cc: addresses(headers.get('cc')),
    date: dateOf(headers.get('date')),
    contentType: type,
    reportType: contentType?.params['report-type']?.toLowerCase() ?? null,
    text,
    textReply: stripQuotedHistory(text),
    html: body?.html ? sanitizeMailHtml(body.html) : null,
    attachments,
    deliveryStatus: reportTexts.find((t) => /final-recipient|original-recipient/i.test(t)) ?? null,
    reportedMessageIds,
  };
}

async function storeAttachment(
  data: AttachmentStream,
  blobs: BlobStore,
  options: ParseOptions,
  out: NewAttachment[],
  reportTexts: string[],
): Promise<void> {
  try {
    const type = data.contentType.toLowerCase();
    const name = data.filename;
    const isWinmail = type === 'application/ms-tnef' || /^winmail\.dat$/i.test(name ?? '');
    if (REPORT_PARTS.has(type)) {
      const bytes = await readAll(data.content, REPORT_PART_LIMIT);
      reportTexts.push(bytes.toString('utf8'));
      out.push(describe(data, await blobs.putBuffer(bytes), name ?? `${type.split('/')[1] ?? 'part'}.txt`));
      return;
    }
    if (isWinmail) {
      const bytes = await readAll(data.content, options.maxTnefBytes ?? 64 * 1024 * 1024);
      const files = isTnef(bytes) ? tryDecodeTnef(bytes) : undefined;
      if (files && files.length > 0) {
        for (const f of files) {
          const ref = await blobs.putBuffer(f.data);
          out.push({
            hash: ref.hash,
            size: ref.size,
            filename: safeFileName(f.name),
            contentType: 'application/octet-stream',
            inline: false,
          });
        }
        return;
      }
      out.push(describe(data, await blobs.putBuffer(bytes), name ?? 'winmail.dat'));
      return;
    }
    out.push(describe(data, await blobs.putStream(data.content), name));
  } finally {
    data.release?.();
  }
}

function tryDecodeTnef(bytes: Buffer) {
  try {
    return decodeTnef(bytes);
  } catch {
    return undefined;
  }
}

function describe(
  data: AttachmentStream,
  ref: { hash: string; size: number },
  name: string | undefined,
): NewAttachment {
  const inline = data.contentDisposition !== 'attachment' && (data.related === true || !!data.cid);
  return {
    hash: ref.hash,
    size: ref.size,
    filename: safeFileName(name, inline ? 'image' : 'attachment'),
    contentType: data.contentType.toLowerCase(),
    contentId: data.cid ?? null,
    inline,
  };
}

/** Reads a stream whole, up to `limit` bytes (the rest is drained and dropped). */
async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    if (size >= limit) continue;
    chunks.push(size + buf.length > limit ? buf.subarray(0, limit - size) : buf);
    size += buf.length;
  }
  return Buffer.concat(chunks);
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
  return { name: line.key.toLowerCase(), value: value.replace(/\r?\n[ \t]+/g, ' ').trim() };
}

function stringHeader(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0].trim() || null;
  return null;
}

function referencesOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return list.flatMap((v) => (typeof v === 'string' ? (v.match(/<[^<>\s]+>/g) ?? []) : []));
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
        out.push(entry.name ? { address: entry.address, name: entry.name } : { address: entry.address });
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
