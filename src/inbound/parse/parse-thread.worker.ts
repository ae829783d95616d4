import { parentPort } from 'node:worker_threads';
import { blobsOfJob, parseJob } from './parse-thread.job.js';
import { serveParseJobs } from './parse-thread.serve.js';

/**
 * The parse thread: parses the raw mails the case builder hands it. Attachments go into the blob store of
 * the data directory from here, as they would from the main thread (the orphan sweep removes those of a
 * mail whose case is never stored). It says it is ready once its modules have loaded.
 */
if (!parentPort) throw new Error('parse-thread.worker must run in a worker thread');
serveParseJobs(parentPort, (job) => parseJob(job, blobsOfJob(job)));
