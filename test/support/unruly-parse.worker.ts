import { parentPort } from 'node:worker_threads';
import { blobsOfJob, parseJob } from '../../src/inbound/parse/parse-thread.job.js';
import { serveParseJobs } from '../../src/inbound/parse/parse-thread.serve.js';

/**
 * A parse thread that misbehaves on purpose for mails whose first line says so, and parses every other mail
 * as the real one does: `X-Unruly: spin` never returns, `exit` ends the thread, `hog` fills its heap.
 */
if (!parentPort) throw new Error('must run in a worker thread');
const held: unknown[] = [];
serveParseJobs(parentPort, async (job) => {
  const first = 'bytes' in job ? Buffer.from(job.bytes.subarray(0, 40)).toString('latin1') : '';
  if (first.startsWith('X-Unruly: spin')) for (;;);
  if (first.startsWith('X-Unruly: exit')) process.exit(3);
  if (first.startsWith('X-Unruly: hog')) for (;;) held.push(new Array(100_000).fill(held.length));
  return parseJob(job, blobsOfJob(job));
});
