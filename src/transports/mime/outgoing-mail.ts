import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import * as base64 from 'nodemailer/lib/base64/index.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type MimeNode from 'nodemailer/lib/mime-node/index.js';
import * as qp from 'nodemailer/lib/qp/index.js';
import type { OutboundMessage } from '../ports.js';
import { QP_SLICE_BYTES, writeAlternativeMail, writesDirectly } from './alternative-mail.js';
import { hasUtf8LocalPart, sendableAddress } from './mail-address.js';

/**
 * A mail DRobot sends (a notification, an answer, a round trip test mail), rendered but not composed: the
 * one declaration of it. `composeMime` turns it into the raw message every outbound sink takes.
 */
export interface OutgoingMail {
  readonly from: string;
  readonly fromName?: string | undefined;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** `<…@…>`; a retry sends the same one. */
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Files sent with the mail (an agent's answer), given as bytes. */
  readonly attachments?: readonly OutgoingAttachment[] | undefined;
}

/** A file sent with a mail. */
export interface OutgoingAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/**
 * The recipient as it is sent: an internationalized domain in A-labels (envelope and `To` alike). `utf8`: its
 * local part is UTF-8, so its `To` line is written here, with the address as it is (RFC 6532; an address is
 * never an encoded word), where nodemailer would write the domain back in U-labels.
 */
interface Recipient {
  readonly address: string;
  readonly utf8: boolean;
}

function recipientOf(mail: OutgoingMail): Recipient {
  const sendable = sendableAddress(mail.to);
  return { address: sendable ?? mail.to, utf8: sendable !== undefined && hasUtf8LocalPart(sendable) };
}

/** nodemailer's options for a mail: no file or URL is ever read into it. */
export function composerOptions(
  mail: OutgoingMail,
  recipient: Recipient = recipientOf(mail),
): ConstructorParameters<typeof MailComposer>[0] {
  return {
    from: mail.fromName ? { name: mail.fromName, address: mail.from } : mail.from,
    // A UTF-8 recipient's line is put in front of what nodemailer writes (composeMime).
    ...(recipient.utf8 ? {} : { to: recipient.address }),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: { ...mail.headers },
    attachments: (mail.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/**
 * Composes a mail into its raw RFC 5322 bytes and its envelope (the one place mail is composed, whichever
 * transport sends it). Files and URLs are never read into a message.
 */
export function composeMime(mail: OutgoingMail): Promise<OutboundMessage> {
  const compile = () =>
    new MailComposer({ ...composerOptions(mail, recipient), baseBoundary: randomBoundaryBase() }).compile();
  const recipient = recipientOf(mail);
  // The header section's first line: its fields may come in any order (RFC 5322 §3.6).
  const toLine = recipient.utf8 ? Buffer.from(`To: ${recipient.address}\r\n`) : undefined;
  const composed = (raw: Buffer): OutboundMessage => ({
    raw: withFinalLineBreak(toLine ? Buffer.concat([toLine, raw]) : raw),
    envelope: { from: sendableAddress(mail.from) ?? mail.from, to: [recipient.address] },
    messageId: mail.messageId,
  });
  // A text and an HTML alternative without files (nearly every mail sent) is written without the tree.
  if (writesDirectly(mail)) {
    return Promise.resolve(
      composed(Buffer.from(writeAlternativeMail(mail, randomBoundaryBase(), new Date()))),
    );
  }
  const parts: Array<string | Buffer> = [];
  if (serializeInPlace(compile(), parts)) {
    return Promise.resolve(
      composed(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)))),
    );
  }
  return new Promise((resolve, reject) => {
    // The MIME tree streamed straight into one buffer: `build()` would add a stream pipeline (an abort
    // controller, a transform) per mail for the one thing below, the closing line break.
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    out.once('end', () => resolve(composed(Buffer.concat(chunks))));
    // A fresh tree: the one tried above has had its headers built.
    compile().stream(out, {}, (error) => {
      if (error) reject(error);
      else out.end();
    });
  });
}

/** Random bytes drawn ahead, a few boundaries' worth at a time: one system call per 512 mails, not one per node. */
const randomPool = { bytes: Buffer.alloc(0), used: 0 };
const BOUNDARY_BYTES = 8;

/**
 * The random part of a mail's multipart boundaries (as nodemailer draws it, 8 bytes from the system's
 * CSPRNG, but from a pool). Unpredictable per mail: a requester who saw one notification's boundaries
 * must not be able to write the next one's into a subject or a comment and split that mail's parts.
 */
function randomBoundaryBase(): string {
  if (randomPool.used + BOUNDARY_BYTES > randomPool.bytes.length) {
    randomPool.bytes = crypto.randomBytes(BOUNDARY_BYTES * 512);
    randomPool.used = 0;
  }
  const base = randomPool.bytes.toString('hex', randomPool.used, randomPool.used + BOUNDARY_BYTES);
  randomPool.used += BOUNDARY_BYTES;
  return base;
}

/** What of a node the in-place serialization reads besides its typed fields (nodemailer keeps them private). */
interface NodeInternals {
  readonly _raw?: unknown;
  readonly _transforms?: readonly unknown[];
  readonly _processFuncs?: readonly unknown[];
  readonly multipart?: string | false;
}

/**
 * Writes a MIME tree into `parts` without streams, with the bytes `MimeNode.stream` gives (its headers,
 * its boundaries, its encoders' output): the stream path sets up a pass-through, an encoder, a pipeline
 * with an abort signal and several `setImmediate` turns per body part, which cost more than the mail's
 * bytes. Returns false, having written nothing that counts, for what only the stream path handles:
 * streamed, file or URL content, pre-built parts, transforms, binary quoted-printable, large text.
 */
function serializeInPlace(node: MimeNode, parts: Array<string | Buffer>): boolean {
  const internals = node as unknown as NodeInternals;
  if (internals._raw || internals._transforms?.length || internals._processFuncs?.length) return false;
  const content = node.content;
  if (content && typeof content !== 'string' && !Buffer.isBuffer(content)) return false;
  // In the stream's order: the encoding is chosen before the headers are built, and building them is
  // what sets the node's content type, multipart flag and boundary.
  const encoding = node.getTransferEncoding();
  const headers = node.buildHeaders();
  let body: string | Buffer = '';
  if (content) {
    if (encoding === 'quoted-printable') {
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      // A non-text part's lone CR or LF is encoded as data (the encoder's binary mode): stream path.
      if (!/^text\//i.test(node.contentType ?? '') || bytes.length > QP_SLICE_BYTES) return false;
      body = qp.wrap(qp.encode(bytes), 76);
    } else if (encoding === 'base64') {
      body = base64.wrap(base64.encode(content), 76);
    } else {
      body = content;
    }
  }
  parts.push(`${headers}\r\n\r\n`, body);
  if (!internals.multipart) return true;
  const boundary = String(node.boundary);
  for (const [index, child] of node.childNodes.entries()) {
    parts.push(`${index > 0 ? '\r\n' : ''}--${boundary}\r\n`);
    if (!serializeInPlace(child, parts)) return false;
  }
  parts.push(`\r\n--${boundary}--\r\n`);
  return true;
}

const CRLF = Buffer.from('\r\n');

/** The message as `build()` ends it: on a line break (CRLF, or LF after a lone CR). */
function withFinalLineBreak(raw: Buffer): Buffer {
  const last = raw.at(-1);
  if (last === 0x0a) return raw;
  return Buffer.concat([raw, last === 0x0d ? CRLF.subarray(1) : CRLF]);
}
