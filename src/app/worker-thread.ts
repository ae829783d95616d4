import { Worker } from 'node:worker_threads';

/**
 * A helper thread's module beside the module at `from` (its `import.meta.url`): the compiled `NAME.js`, or
 * `NAME.ts` when DRobot runs from source (the thread inherits the loader flags). In the bundle every worker
 * is an entry beside the chunks, so the same name resolves there too.
 */
export function workerModuleUrl(name: string, from: string): URL {
  return new URL(`./${name}.${from.endsWith('.ts') ? 'ts' : 'js'}`, from);
}

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
