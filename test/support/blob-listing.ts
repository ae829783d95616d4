import crypto from 'node:crypto';
import type { BlobPort } from '../../src/cases/blob.port.js';

/** A time after every blob a test stored (the listing takes blobs stored before a cutoff). */
const FAR_FUTURE = Date.parse('2999-01-01T00:00:00Z');

/** Every stored blob's hash, in both forms (single files and pack entries). */
export async function storedHashes(blobs: BlobPort): Promise<Set<string>> {
  const hashes = new Set<string>();
  for await (const page of blobs.stale(FAR_FUTURE)) for (const hash of page) hashes.add(hash);
  return hashes;
}

/** Whether a stored blob's bytes still hash to its name. */
export async function blobIntact(blobs: BlobPort, hash: string): Promise<boolean> {
  const bytes = await blobs.read(hash).catch(() => null);
  return bytes !== null && crypto.createHash('sha256').update(bytes).digest('hex') === hash;
}
