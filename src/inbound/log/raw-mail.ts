import type { BlobPort } from '../../cases/blob.port.js';
import { defineErrors, DrobotError } from '../../errors/drobot-error.js';
import type { Executor } from '../../storage/database.js';

export const rawMailErrors = defineErrors({
  notFound: {
    code: 'raw_mail_not_found',
    message: {
      es: 'No existe {what} «{id}».',
      en: 'There is no {what} "{id}".',
    },
    status: 404,
  },
  notKept: {
    code: 'raw_mail_not_kept',
    message: {
      es: 'El correo original de {what} «{id}» no se guardó (p. ej. superaba el tamaño máximo: sigue en el servidor).',
      en: 'The raw mail of {what} "{id}" was not kept (e.g. it was over the size limit: it stays on the server).',
    },
    hint: {
      es: '«drobot quarantine retry ID --allow-oversize» lo descarga de nuevo.',
      en: '"drobot quarantine retry ID --allow-oversize" downloads it again.',
    },
    status: 404,
  },
});

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
  what: string,
  id: number,
): Promise<{ hash: string; size: number }> {
  const blob = hash ? await blobs.open(hash) : null;
  if (!hash || !blob) throw new DrobotError(rawMailErrors.notKept, { params: { what, id } });
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
  const what = 'message';
  if (!row) throw new DrobotError(rawMailErrors.notFound, { params: { what, id: messageId } });
  const { hash, size } = await kept(blobs, row.raw_hash, what, messageId);
  return { hash, filename: `case-${row.number}-message-${messageId}.eml`, size };
}

/** The raw mail of a quarantined item, when its bytes were kept. */
export async function rawOfQuarantine(ex: Executor, blobs: BlobPort, id: number): Promise<RawMail> {
  const row = await ex.selectFrom('quarantine').select(['raw_hash']).where('id', '=', id).executeTakeFirst();
  const what = 'quarantine entry';
  if (!row) throw new DrobotError(rawMailErrors.notFound, { params: { what, id } });
  const { hash, size } = await kept(blobs, row.raw_hash, what, id);
  return { hash, filename: `quarantine-${id}.eml`, size };
}
