import type { Readable } from 'node:stream';
import type { BlobPort } from '../../cases/blob.port.js';

/**
 * A raw mail the store cannot give: missing, or failing to open. A storage problem (the mail goes to
 * quarantine as `storage_error`, whatever its size), not a mail that cannot be parsed.
 */
export class StoredMailUnreadableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoredMailUnreadableError';
  }
}

/** A raw mail kept in the store, as a stream of its bytes; an error when it is not stored. */
export async function openStoredMail(blobs: BlobPort, hash: string): Promise<Readable> {
  let blob: Awaited<ReturnType<BlobPort['open']>>;
  try {
    blob = await blobs.open(hash);
  } catch (error) {
    throw new StoredMailUnreadableError(`raw mail ${hash} cannot be opened`, { cause: error });
  }
  if (!blob) throw new StoredMailUnreadableError(`raw mail ${hash} is not stored`);
  return blob.stream;
}
