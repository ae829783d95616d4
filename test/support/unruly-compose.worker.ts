import { parentPort } from 'node:worker_threads';
import type { ComposeJob } from '../../src/transports/mime/compose-thread.protocol.js';
// The real thread first: its handler is on the port before any message comes.
import '../../src/transports/mime/compose-thread.worker.js';

/**
 * The compose thread, except that a mail whose subject is "exit" ends the thread while it holds it, as a
 * thread that runs out of memory would (before the composed mail is answered: that happens a turn later).
 */
parentPort?.on('message', (job: ComposeJob) => {
  if (job.mail.subject === 'exit') process.exit(3);
});
