import type { BlobPort } from '../../cases/blob.port.js';
import { parseMailFile, UnparseableMailError } from './mail.parser.js';
import type { ParseJob, ThreadParse } from './parse-thread.protocol.js';

/** What the parse thread does with one raw mail: its parsed form, or why it goes to quarantine. */
export async function parseJob(job: ParseJob, blobs: BlobPort): Promise<ThreadParse> {
  try {
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
