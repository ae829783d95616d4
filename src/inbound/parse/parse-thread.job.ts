import type { BlobPort } from '../../cases/blob.port.js';
import { parseMailFile, UnparseableMailError } from './mail.parser.js';
import type { ParseJob, ThreadParse } from './parse-thread.protocol.js';

/** A stored raw mail's bytes as a stream (a file of its own: the thread's store has no index of packs). */
async function openStored(blobs: BlobPort, hash: string) {
  const blob = await blobs.open(hash);
  if (!blob) throw new Error(`raw mail ${hash} is not stored`);
  return blob.stream;
}

/** What the parse thread does with one raw mail: its parsed form, or why it goes to quarantine. */
export async function parseJob(job: ParseJob, blobs: BlobPort): Promise<ThreadParse> {
  try {
    if ('storedHash' in job) {
      const hash = job.storedHash;
      return { ok: true, mail: await parseMailFile(() => openStored(blobs, hash), blobs) };
    }
    const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    return { ok: true, mail: await parseMailFile(bytes, blobs) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      reason: error instanceof UnparseableMailError ? 'unparseable' : 'storage_error',
      detail,
    };
  }
}
