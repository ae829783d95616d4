import { parentPort, workerData } from 'node:worker_threads';
import { BlobStore } from '../../cases/blob.store.js';
import { parseJob } from './parse-thread.job.js';
import { serveParseJobs } from './parse-thread.serve.js';
import type { ParseThreadData } from './parse-thread.protocol.js';

/**
 * The parse thread: parses the raw mails the case builder hands it. Attachments go into the blob store of
 * the data directory from here, as they would from the main thread (the orphan sweep removes those of a
 * mail whose case is never stored). It says it is ready once its modules have loaded.
 */
if (!parentPort) throw new Error('parse-thread.worker must run in a worker thread');
const blobs = new BlobStore((workerData as ParseThreadData).dataDir);
serveParseJobs(parentPort, (job) => parseJob(job, blobs));
