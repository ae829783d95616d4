import type { BlobPort } from '../../cases/blob.port.js';
import { BlobStore } from '../../cases/blob.store.js';
import { storageDetail } from '../quarantine/quarantine.labels.js';
import { parseMailFile, UnparseableMailError } from './mail.parser.js';
import type { ParseJob, ThreadParse } from './parse-thread.protocol.js';
import { openStoredMail } from './stored-mail.js';

let store: { readonly dataDir: string; readonly blobs: BlobStore } | undefined;

/** The blob store of a job's data directory, made once (a process has one data directory). */
export function blobsOfJob(job: ParseJob): BlobStore {
  if (store?.dataDir !== job.dataDir) store = { dataDir: job.dataDir, blobs: new BlobStore(job.dataDir) };
  return store.blobs;
}

/** What the parse thread does with one raw mail: its parsed form, or why it goes to quarantine. */
export async function parseJob(job: ParseJob, blobs: BlobPort): Promise<ThreadParse> {
  try {
    if ('storedHash' in job) {
      // A file of its own in the store: the thread's store, which has no index of packs, opens it by hash.
      const hash = job.storedHash;
      return { ok: true, mail: await parseMailFile(() => openStoredMail(blobs, hash), blobs) };
    }
    const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    return { ok: true, mail: await parseMailFile(bytes, blobs) };
  } catch (error) {
    if (error instanceof UnparseableMailError)
      return { ok: false, reason: 'unparseable', detail: error.detail };
    // The parser turns every other failure into an unparseable mail: this is the store failing to give it.
    return { ok: false, reason: 'storage_error', detail: storageDetail('storageRead', error) };
  }
}
