import { Worker } from 'node:worker_threads';

export interface WorkerThreadOptions {
  /** The thread's old-generation heap: a job that needs more ends the thread, not the process. */
  readonly maxHeapMb: number;
}

export interface WorkerThreadEvents<Reply> {
  readonly onReply: (reply: Reply) => void;
  /** The thread failed or ended: `cause` says how, in one line. */
  readonly onLost: (cause: string) => void;
}

/**
 * Starts one of DRobot's helper threads (the parse thread) with a bounded heap, its replies and its end
 * wired to the owner: the one place that turns a thread's `error` and `exit` into a cause.
 */
export function startWorkerThread<Reply>(
  url: URL,
  options: WorkerThreadOptions,
  events: WorkerThreadEvents<Reply>,
): Worker {
  const worker = new Worker(url, { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb } });
  worker.on('message', (reply: Reply) => events.onReply(reply));
  worker.on('error', (error: Error) => events.onLost(error.message));
  worker.on('exit', (code: number) => events.onLost(`the thread exited with code ${code}`));
  return worker;
}
