import { parentPort } from 'node:worker_threads';
import type { ComposeJob, ComposeReply } from './compose-thread.protocol.js';
import { composeMime } from './outgoing-mail.js';

/**
 * The compose thread: composes the mails the outbox hands it, each answered on its own (a composition may
 * end in a later turn, so answers can come out of order; the main thread matches them by number).
 */
if (!parentPort) throw new Error('compose-thread.worker must run in a worker thread');
const port = parentPort;
port.on('message', (job: ComposeJob) => {
  composeMime(job.mail).then(
    (message) => {
      const reply: ComposeReply = {
        kind: 'composed',
        id: job.id,
        raw: message.raw,
        envelope: message.envelope,
        messageId: message.messageId,
      };
      port.postMessage(reply);
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      port.postMessage({ kind: 'failed', id: job.id, message } satisfies ComposeReply);
    },
  );
});
port.postMessage({ kind: 'ready' } satisfies ComposeReply);
