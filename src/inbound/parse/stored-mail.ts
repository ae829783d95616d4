import type { Readable } from 'node:stream';
import type { BlobPort } from '../../cases/blob.port.js';

/** A raw mail kept in the store, as a stream of its bytes; an error when it is not stored. */
export async function openStoredMail(blobs: BlobPort, hash: string): Promise<Readable> {
  const blob = await blobs.open(hash);
  if (!blob) throw new Error(`raw mail ${hash} is not stored`);
  return blob.stream;
}
