import type { Transform } from 'node:stream';
import { Splitter, type MimeNode } from '@zone-eu/mailsplit';
import { MailParser, type HeaderLines, type Headers } from 'mailparser';
import { decodeBase64, decodeQuotedPrintable } from './transfer-decode.js';

/**
 * The MIME parts of a mail held whole in memory, found the way the streaming parser (mailparser over
 * mailsplit) finds them, without its streams.
 *
 * The streaming parser hands each part over as a stream and waits a turn of the event loop for every chunk
 * the splitter gives: for a mail of a few tens of kilobytes that machinery cost more than the parsing
 * itself. Here the same splitter cuts the same chunks, mailparser's own header processing reads the headers,
 * and each part's body is decoded whole by `transfer-decode.ts` to the bytes mailsplit's decoders give, so
 * the parts, their headers and their bytes are the ones the streaming parser gives
 * (test/inbound/parse-equivalence.test.ts and transfer-decode.test.ts keep it so).
 */

/** A leaf part, its body decoded from its transfer encoding. */
export interface SplitPart {
  readonly contentType: string;
  readonly headers: Headers;
  readonly filename: string | undefined;
  readonly cid: string | undefined;
  readonly related: boolean;
  readonly content: Buffer;
}

export interface SplitMail {
  readonly headers: Headers | undefined;
  readonly headerLines: HeaderLines;
  readonly parts: readonly SplitPart[];
}

/** The options the streaming parser is built with: the splitter reads its limits from the same object. */
export type SplitOptions = ConstructorParameters<typeof MailParser>[0];

/** The encoding Node's streams name for a chunk that is a Buffer. */
const AS_BUFFER = 'buffer' as BufferEncoding;

/** The parser's input comes in chunks of this size, as its own re-chunking stream gives them. */
const CHUNK_BYTES = 64 * 1024;

/** What mailparser keeps to itself but uses for every node: its header reading and MIME type guessing. */
interface HeaderReader {
  processHeaders(lines: readonly unknown[]): Headers;
  readonly libmime: { detectMimeType(filename: string): string | false };
}

let reader: HeaderReader | undefined;

/** One parser instance (its address renderings turned off) lends its header processing; no mail writes to it. */
function headerReader(): HeaderReader {
  // mailparser's header processing is a method of its parser (not exported on its own); it reads no state
  // of the instance beyond its MIME helpers, so one instance serves every mail.
  reader ??= withAddressesOnly(new MailParser({})) as unknown as HeaderReader;
  return reader;
}

/**
 * A parser whose address fields keep only their parsed addresses (`value`, all DRobot reads of them):
 * mailparser also renders every address field as HTML (each name and address through an HTML escaper)
 * and as text, for each mail, and those renderings are left empty.
 */
export function withAddressesOnly(parser: MailParser): MailParser {
  const renderings = parser as unknown as {
    getAddressesHTML: (value: unknown) => string;
    getAddressesText: (value: unknown) => string;
  };
  renderings.getAddressesHTML = () => '';
  renderings.getAddressesText = () => '';
  return parser;
}

/**
 * The header fields DRobot reads of a mail (mail.parser.ts) and of its parts (their type, disposition and
 * content id). mailparser decodes each field on its own, by its name, so leaving the others out (Received,
 * DKIM-Signature, List-*, X-…: most of the header of real mail) changes none of these.
 * The raw header lines are kept whole elsewhere (`headerLines`), for classification and display.
 */
const READ_FIELDS = new Set([
  'from',
  'sender',
  'reply-to',
  'to',
  'cc',
  'subject',
  'date',
  'message-id',
  'in-reply-to',
  'references',
  'content-type',
  'content-disposition',
  'content-id',
]);

function readFields<T extends { readonly key: string }>(lines: readonly T[]): T[] {
  return lines.filter((line) => READ_FIELDS.has(line.key));
}

/** A mailsplit node as mailparser's tree holds it: its type and its parent in that tree. */
interface TreeNode {
  readonly node: MimeNode;
  readonly contentType: string;
  parent: TreeNode | undefined;
}

/**
 * How a part's body is decoded: quoted-printable and base64 bodies are gathered and decoded whole by
 * transfer-decode.ts, which gives the bytes mailsplit's decoders give; a body with no transfer encoding is
 * taken as it is; anything else goes through the decoder mailsplit gives, chunk by chunk.
 */
type BodyDecoding =
  | { readonly kind: 'whole'; readonly decode: (body: Buffer) => Buffer }
  | { readonly kind: 'raw' }
  | { readonly kind: 'stream'; readonly decoder: Transform };

interface OpenPart {
  readonly tree: TreeNode;
  readonly decoding: BodyDecoding;
  /** The body's chunks as they come, then (once ended) its decoded bytes. */
  chunks: Buffer[];
  ended: boolean;
  readonly part: Omit<SplitPart, 'content'>;
}

export async function splitMail(mail: Buffer, options: SplitOptions): Promise<SplitMail> {
  const chunks = await splitChunks(mail, options);
  const headers = headerReader();
  let rootHeaders: Headers | undefined;
  let headerLines: HeaderLines = [];
  let tree: TreeNode | undefined;
  let current: TreeNode | undefined;
  let open: OpenPart | undefined;
  const parts: OpenPart[] = [];
  const opened: OpenPart[] = [];

  for (const chunk of chunks) {
    if (chunk.type === 'node') {
      const node = chunk;
      const contentType = node.contentType || (node.root ? 'text/plain' : '');
      const processed = headers.processHeaders(node.headers ? readFields(node.headers.getList()) : []);
      const treeNode: TreeNode = { node, contentType, parent: undefined };
      if (node.root) {
        rootHeaders = processed;
        headerLines = (node.headers ? node.headers.lines : []) || [];
      }
      ({ tree, current } = place(treeNode, tree, current));
      if (!/^multipart\//i.test(contentType)) {
        // mailparser gives every node outside a multipart a decoder, and makes a part of it unless it is
        // an embedded message whose own nodes follow.
        const part = { ...describe(node, contentType), headers: processed, ...identity(processed, treeNode) };
        open = { tree: treeNode, decoding: bodyDecoding(node), chunks: [], ended: false, part };
        opened.push(open);
        if (!(contentType === 'message/rfc822' && node.messageNode)) parts.push(open);
      } else open = undefined;
      continue;
    }
    // Body chunks go to the newest node's decoder until its multipart's next delimiter ends it.
    if (!open || open.tree !== current || open.ended) continue;
    if (chunk.type === 'body') {
      if (open.decoding.kind === 'stream') runSync(open.decoding.decoder, chunk.value, open.chunks);
      else open.chunks.push(chunk.value);
    } else if (chunk.type === 'data') end(open);
  }
  // The streaming parser ends the last node's decoder when the input ends; a part no delimiter ended is
  // ended here too (the streaming parser would wait for it forever).
  for (const o of opened) if (!o.ended) end(o);

  return {
    headers: rootHeaders,
    headerLines,
    parts: parts.map((p) => ({ ...p.part, content: Buffer.concat(p.chunks) })),
  };
}

function describe(node: MimeNode, contentType: string): Pick<SplitPart, 'contentType' | 'filename'> {
  const filename = node.filename || undefined;
  const type =
    contentType === 'application/octet-stream' && filename
      ? headerReader().libmime.detectMimeType(filename) || 'application/octet-stream'
      : contentType;
  return { contentType: type, filename };
}

/** The content id and whether the part sits in a multipart/related, as mailparser tells them. */
function identity(headers: Headers, node: TreeNode): { cid: string | undefined; related: boolean } {
  if (!headers.has('content-id')) return { cid: undefined, related: false };
  const contentId = ([] as unknown[]).concat(headers.get('content-id') ?? [])[0];
  const cid = String(contentId).trim().replace(/^<|>$/g, '').trim();
  let related = false;
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.contentType === 'multipart/related') related = true;
  }
  return { cid, related };
}

/** Where mailparser puts a new node in its tree: its rules, in its order. */
function place(
  node: TreeNode,
  tree: TreeNode | undefined,
  current: TreeNode | undefined,
): { tree: TreeNode; current: TreeNode } {
  if (!tree || !current) return { tree: node, current: node };
  const parentNode = node.node.parentNode;
  if (!current.parent) node.parent = current;
  else if (current.parent.node === parentNode) node.parent = current.parent;
  else if (current.node === parentNode) node.parent = current;
  else {
    for (let up: TreeNode | undefined = current.parent; up; up = up.parent) {
      if (up.node === parentNode) {
        node.parent = up;
        break;
      }
    }
  }
  return { tree, current: node };
}

/** The decoding mailsplit's getDecoder() would pick for the node, by the same transfer encoding. */
function bodyDecoding(node: MimeNode): BodyDecoding {
  // getDecoder() reads the headers first when they were not; such a node keeps mailsplit's own decoder.
  if (node.headers) {
    switch (node.encoding) {
      case 'base64':
        return { kind: 'whole', decode: decodeBase64 };
      case 'quoted-printable':
        return { kind: 'whole', decode: decodeQuotedPrintable };
      default:
        // getDecoder() gives a PassThrough, which hands on every chunk as it is.
        return { kind: 'raw' };
    }
  }
  return { kind: 'stream', decoder: node.getDecoder() as Transform };
}

function end(open: OpenPart): void {
  open.ended = true;
  const decoding = open.decoding;
  if (decoding.kind === 'stream') flushSync(decoding.decoder, open.chunks);
  else if (decoding.kind === 'whole') {
    // The library decoders give nothing at all for an empty body.
    if (open.chunks.length > 0) open.chunks = [decoding.decode(bodyOf(open.chunks))];
  }
}

function bodyOf(chunks: readonly Buffer[]): Buffer {
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** The splitter's output for the mail fed in the chunks the streaming parser feeds it. */
async function splitChunks(mail: Buffer, options: SplitOptions): Promise<ReturnType<typeof collect>> {
  const splitter = new Splitter(options as ConstructorParameters<typeof Splitter>[0]);
  const out = collect(splitter as unknown as Transform);
  for (let at = 0; at < mail.length; at += CHUNK_BYTES) {
    const slice = mail.subarray(at, at + CHUNK_BYTES);
    await new Promise<void>((resolve, reject) =>
      splitter._transform(slice, AS_BUFFER, (error) => (error ? reject(error) : resolve())),
    );
  }
  await new Promise<void>((resolve, reject) =>
    splitter._flush((error) => (error ? reject(error) : resolve())),
  );
  return out;
}

type SplitterChunk = Parameters<Parameters<Splitter['on']>[1]>[0];

/** Takes what a transform pushes into an array instead of its readable side. */
function collect(transform: Transform): SplitterChunk[] {
  const out: SplitterChunk[] = [];
  transform.push = (chunk: SplitterChunk | null) => {
    if (chunk !== null) out.push(chunk);
    return true;
  };
  return out;
}

/**
 * Runs a transfer decoder on one chunk without its stream: the decoders are synchronous transforms, and a
 * decoder that is not (another version) fails the mail loudly rather than losing its bytes.
 */
function runSync(decoder: Transform, chunk: Buffer, into: Buffer[]): void {
  settleSync((done) => decoder._transform(chunk, AS_BUFFER, done), decoder, into);
}

function flushSync(decoder: Transform, into: Buffer[]): void {
  // A pass-through (no transfer encoding) holds nothing back and has no flush step.
  if (typeof decoder._flush !== 'function') return;
  settleSync((done) => decoder._flush(done), decoder, into);
}

function settleSync(
  step: (done: (error?: Error | null, data?: unknown) => void) => void,
  decoder: Transform,
  into: Buffer[],
): void {
  const push = decoder.push;
  decoder.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk !== null && chunk !== undefined)
      into.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : (chunk as Buffer));
    return true;
  };
  let settled = false;
  let failure: Error | null | undefined;
  try {
    step((error, data) => {
      settled = true;
      failure = error;
      if (data !== null && data !== undefined) decoder.push(data);
    });
  } finally {
    decoder.push = push;
  }
  if (!settled) throw new Error('a transfer decoder did not finish synchronously');
  if (failure) throw failure;
}
