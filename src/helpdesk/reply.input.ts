import type { FieldIssue } from '../errors/drobot-error.js';
import { CASE_STATUSES, type CaseStatus } from '../cases/case.types.js';
import { safeFileName } from '../cases/safe-name.js';
import type { Text } from '../i18n/lang.js';
import { isSystemAuthorForm } from './change-author.js';

/** Bounds of an agent's answer: what one mail may reasonably carry. */
export const REPLY_LIMITS = {
  textChars: 100_000,
  attachments: 10,
  attachmentBytes: 10 * 1024 * 1024,
  totalBytes: 20 * 1024 * 1024,
} as const;

export interface ReplyAttachmentInput {
  readonly filename: string;
  readonly contentType?: string | undefined;
  readonly content: Buffer;
}

export interface ReplyInput {
  readonly text: string;
  readonly attachments?: readonly ReplyAttachmentInput[];
  readonly status?: string | undefined;
  /** The agent's name, shown to the requester and in the history. */
  readonly author?: string | undefined;
}

export interface CheckedReply {
  readonly text: string;
  readonly attachments: readonly { filename: string; contentType: string; content: Buffer }[];
  readonly status: CaseStatus | undefined;
  readonly author: string | undefined;
}

export const replyTexts = {
  textRequired: { es: 'Escriba el texto.', en: 'Write the text.' },
  textTooLong: {
    es: 'El texto tiene {size} caracteres; como mucho {limit}.',
    en: 'The text has {size} characters; {limit} at most.',
  },
  tooManyFiles: {
    es: 'Como mucho {limit} adjuntos.',
    en: 'At most {limit} attachments.',
  },
  fileTooLarge: {
    es: 'El adjunto ocupa {size} bytes; como mucho {limit}.',
    en: 'The attachment takes {size} bytes; {limit} at most.',
  },
  filesTooLarge: {
    es: 'Los adjuntos ocupan {size} bytes en total; como mucho {limit}.',
    en: 'The attachments take {size} bytes in all; {limit} at most.',
  },
  badType: {
    es: 'Tipo de contenido no válido (p. ej. application/pdf).',
    en: 'Invalid media type (e.g. application/pdf).',
  },
  badStatus: { es: 'Estado no válido: use {values}.', en: 'Invalid status: use {values}.' },
  badAuthor: {
    es: 'Un nombre de una línea, sin caracteres de control ni invisibles, 200 caracteres como mucho.',
    en: 'A one-line name without control or invisible characters, 200 characters at most.',
  },
  systemAuthor: {
    es: 'Un nombre no puede empezar por «cli:» ni ser «token:admin»: así se guardan la línea de órdenes y el token de administración.',
    en: 'A name cannot start with "cli:" nor be "token:admin": that is how the command line and the administrator token are kept.',
  },
} satisfies Record<string, Text>;

const MEDIA_TYPE = /^[a-z0-9][\w!#$&^.+-]{0,63}\/[a-z0-9][\w!#$&^.+-]{0,126}$/i;

/** The text of a note or an answer: present, bounded. Pure. */
export function checkText(text: string, issues: FieldIssue[], field = 'text'): string {
  const trimmed = text.replace(/\r\n?/g, '\n').trim();
  if (trimmed === '') issues.push({ field, code: 'required', message: replyTexts.textRequired });
  else if (trimmed.length > REPLY_LIMITS.textChars) {
    issues.push({
      field,
      code: 'too_long',
      message: replyTexts.textTooLong,
      params: { size: trimmed.length, limit: REPLY_LIMITS.textChars },
    });
  }
  return trimmed;
}

export function checkAuthor(author: string | undefined, issues: FieldIssue[]): string | undefined {
  if (author === undefined || author.trim() === '') return undefined;
  // Controls and format characters (a right-to-left override, zero-width ones) would show another name.
  if (/[\p{Cc}\p{Cf}]/u.test(author) || author.length > 200) {
    issues.push({ field: 'author', code: 'invalid', message: replyTexts.badAuthor });
  } else if (isSystemAuthorForm(author.trim())) {
    // The history would show the command line or the administrator token, not who wrote it.
    issues.push({ field: 'author', code: 'reserved', message: replyTexts.systemAuthor });
  }
  return author.trim();
}

/** Checks an answer and every attachment, naming each bad field; sizes are counted on the bytes. Pure. */
export function checkReply(
  input: ReplyInput,
): { ok: true; value: CheckedReply } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const text = checkText(input.text, issues);
  const files = input.attachments ?? [];
  if (files.length > REPLY_LIMITS.attachments) {
    issues.push({
      field: 'attachments',
      code: 'too_many',
      message: replyTexts.tooManyFiles,
      params: { limit: REPLY_LIMITS.attachments },
    });
  }
  let total = 0;
  const attachments = files.slice(0, REPLY_LIMITS.attachments).map((a, i) => {
    total += a.content.length;
    if (a.content.length > REPLY_LIMITS.attachmentBytes) {
      issues.push({
        field: `attachments.${i}.content`,
        code: 'too_large',
        message: replyTexts.fileTooLarge,
        params: { size: a.content.length, limit: REPLY_LIMITS.attachmentBytes },
      });
    }
    const contentType = (a.contentType ?? 'application/octet-stream').trim().toLowerCase();
    if (!MEDIA_TYPE.test(contentType)) {
      issues.push({ field: `attachments.${i}.contentType`, code: 'invalid', message: replyTexts.badType });
    }
    return { filename: safeFileName(a.filename), contentType, content: a.content };
  });
  if (total > REPLY_LIMITS.totalBytes) {
    issues.push({
      field: 'attachments',
      code: 'too_large',
      message: replyTexts.filesTooLarge,
      params: { size: total, limit: REPLY_LIMITS.totalBytes },
    });
  }
  const status = checkStatus(input.status, issues);
  const author = checkAuthor(input.author, issues);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { text, attachments, status, author } };
}

export function checkStatus(status: string | undefined, issues: FieldIssue[]): CaseStatus | undefined {
  if (status === undefined) return undefined;
  if ((CASE_STATUSES as readonly string[]).includes(status)) return status as CaseStatus;
  issues.push({
    field: 'status',
    code: 'invalid',
    message: replyTexts.badStatus,
    params: { values: CASE_STATUSES.join(', ') },
  });
  return undefined;
}
