import type { BlobPort } from '../../cases/blob.port.js';
import { defineErrors, DrobotError } from '../../errors/drobot-error.js';
import type { Executor } from '../../storage/database.js';

const notKeptHint = {
  es: '«drobot quarantine retry ID --allow-oversize» lo descarga de nuevo.',
  en: '"drobot quarantine retry ID --allow-oversize" downloads it again.',
};

export const rawMailErrors = defineErrors({
  messageNotFound: {
    code: 'raw_mail_not_found',
    message: { es: 'No existe el mensaje «{id}».', en: 'There is no message "{id}".' },
    status: 404,
  },
  quarantineNotFound: {
    code: 'raw_mail_not_found',
    message: {
      es: 'No existe la entrada de cuarentena «{id}».',
      en: 'There is no quarantine entry "{id}".',
    },
    status: 404,
  },
  messageNotKept: {
    code: 'raw_mail_not_kept',
    message: {
      es: 'El correo original del mensaje «{id}» no se guardó (p. ej. superaba el tamaño máximo: sigue en el servidor).',
      en: 'The raw mail of message "{id}" was not kept (e.g. it was over the size limit: it stays on the server).',
    },
    hint: notKeptHint,
    status: 404,
  },
  quarantineNotKept: {
    code: 'raw_mail_not_kept',
    message: {
      es: 'El correo original de la entrada de cuarentena «{id}» no se guardó (p. ej. superaba el tamaño máximo: sigue en el servidor).',
      en: 'The raw mail of quarantine entry "{id}" was not kept (e.g. it was over the size limit: it stays on the server).',
    },
    hint: notKeptHint,
    status: 404,
  },
});

/** What a raw mail belongs to, with the errors that name it in every language. */
const OWNERS = {
  message: { notFound: rawMailErrors.messageNotFound, notKept: rawMailErrors.messageNotKept },
  quarantine: { notFound: rawMailErrors.quarantineNotFound, notKept: rawMailErrors.quarantineNotKept },
} as const;

/** A raw mail in the blob store, with the name it is downloaded under. */
export interface RawMail {
  readonly hash: string;
  readonly filename: string;
  readonly size: number;
}

/** The type every raw mail is downloaded as (never rendered: see download-headers.ts). */
export const RAW_MAIL_TYPE = 'message/rfc822';

/** The stored raw mail's hash and size, or an error saying it was not kept. */
async function kept(
  blobs: BlobPort,
  hash: string | null,
  owner: keyof typeof OWNERS,
  id: number,
): Promise<{ hash: string; size: number }> {
  const blob = hash ? await blobs.open(hash) : null;
  if (!hash || !blob) throw new DrobotError(OWNERS[owner].notKept, { params: { id } });
  blob.stream.destroy();
  return { hash, size: blob.size };
}

/**
 * The raw mail of a case message, by the message's id; with `caseNumber`, only when the message belongs
 * to that case (an API path names both).
 */
export async function rawOfCaseMessage(
  ex: Executor,
  blobs: BlobPort,
  messageId: number,
  caseNumber?: number,
): Promise<RawMail> {
  let q = ex
    .selectFrom('case_messages as m')
    .innerJoin('cases as c', 'c.id', 'm.case_id')
    .select(['m.raw_hash', 'c.number'])
    .where('m.id', '=', messageId);
  if (caseNumber !== undefined) q = q.where('c.number', '=', caseNumber);
  const row = await q.executeTakeFirst();
  if (!row) throw new DrobotError(rawMailErrors.messageNotFound, { params: { id: messageId } });
  const { hash, size } = await kept(blobs, row.raw_hash, 'message', messageId);
  return { hash, filename: `case-${row.number}-message-${messageId}.eml`, size };
}

/** The raw mail of a quarantined item, when its bytes were kept. */
export async function rawOfQuarantine(ex: Executor, blobs: BlobPort, id: number): Promise<RawMail> {
  const row = await ex.selectFrom('quarantine').select(['raw_hash']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new DrobotError(rawMailErrors.quarantineNotFound, { params: { id } });
  const { hash, size } = await kept(blobs, row.raw_hash, 'quarantine', id);
  return { hash, filename: `quarantine-${id}.eml`, size };
}
