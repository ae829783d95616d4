import type { MessagePort } from 'node:worker_threads';
import type { ParseJob, ParseThreadReply, ThreadParse } from './parse-thread.protocol.js';

/**
 * Answers the main thread's jobs one at a time, in the order they came (so that the main thread knows which
 * mail was being parsed when the thread dies or overruns), then says the thread is ready.
 */
export function serveParseJobs(port: MessagePort, parse: (job: ParseJob) => Promise<ThreadParse>): void {
  let queue = Promise.resolve();
  port.on('message', (job: ParseJob) => {
    queue = queue.then(async () => {
      const reply: ParseThreadReply = { kind: 'parsed', id: job.id, result: await parse(job) };
      port.postMessage(reply);
    });
  });
  port.postMessage({ kind: 'ready' } satisfies ParseThreadReply);
}
