import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '../../app/worker-thread.js';
import type { OutboundMessage } from '../ports.js';
import type { ComposeJob, ComposeReply } from './compose-thread.protocol.js';
import type { OutgoingMail } from './outgoing-mail.js';

export interface ComposeThreadOptions {
  /** How long the thread stays loaded with nothing to compose. */
  readonly idleMs?: number;
  /** The thread's heap: a mail without attachments needs little. */
  readonly maxHeapMb?: number;
  /** The thread's module (the default one; another only to test how a failing thread is handled). */
  readonly workerUrl?: URL;
}

export const COMPOSE_THREAD_DEFAULTS = { idleMs: 30_000, maxHeapMb: 64 } as const;

// The compiled module, or its source when DRobot runs from source (the thread inherits the loader flags).
const WORKER_URL = new URL(
  `./compose-thread.worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`,
  import.meta.url,
);

interface Pending {
  readonly resolve: (message: OutboundMessage) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Composes mails on a second thread, so that when the outbox has many to send, building their MIME (a
 * third of the sending's CPU) runs beside the SMTP conversations and the database work of the main thread
 * instead of between them. Only mails without attachments come here: what crosses to the thread is copied,
 * and a notification's bodies are a few kilobytes where an answer's files can be megabytes.
 *
 * The thread starts at the first mail and ends after a while idle. A thread that dies fails the mails it
 * held; the next mail starts a new thread. A thread that cannot even load (a broken installation) fails
 * every mail from then on without starting another. Either way the caller composes those mails itself: the
 * thread only makes sending faster, never possible.
 */
export class ComposeThread {
  private worker: Worker | undefined;
  private ready = false;
  /** Why the thread could not load, once it could not: no other is started. */
  private broken: string | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idle: NodeJS.Timeout | undefined;
  private readonly idleMs: number;

  constructor(private readonly options: ComposeThreadOptions = {}) {
    this.idleMs = options.idleMs ?? COMPOSE_THREAD_DEFAULTS.idleMs;
  }

  compose(mail: OutgoingMail): Promise<OutboundMessage> {
    if ((mail.attachments?.length ?? 0) > 0) {
      return Promise.reject(new Error('a mail with attachments is composed on the main thread'));
    }
    if (this.broken !== undefined) return Promise.reject(new Error(this.broken));
    return new Promise<OutboundMessage>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      clearTimeout(this.idle);
      const worker = this.worker ?? this.start();
      // Waiting for the thread keeps the process alive; an idle thread does not.
      worker.ref();
      worker.postMessage({ id, mail: { ...mail, attachments: undefined } } satisfies ComposeJob);
    });
  }

  /** Stops the thread; mails still waiting fail with an error. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    clearTimeout(this.idle);
    this.failAll('the compose thread was closed');
    if (worker) {
      worker.removeAllListeners();
      await worker.terminate();
    }
  }

  private start(): Worker {
    const worker: Worker = startWorkerThread<ComposeReply>(
      this.options.workerUrl ?? WORKER_URL,
      { maxHeapMb: this.options.maxHeapMb ?? COMPOSE_THREAD_DEFAULTS.maxHeapMb },
      { onReply: (reply) => this.onReply(worker, reply), onLost: (cause) => this.onLost(worker, cause) },
    );
    this.worker = worker;
    this.ready = false;
    return worker;
  }

  private onReply(worker: Worker, reply: ComposeReply): void {
    if (worker !== this.worker) return;
    if (reply.kind === 'ready') {
      this.ready = true;
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (reply.kind === 'failed') pending.reject(new Error(reply.message));
    else {
      pending.resolve({
        raw: Buffer.from(reply.raw.buffer, reply.raw.byteOffset, reply.raw.byteLength),
        envelope: reply.envelope,
        messageId: reply.messageId,
      });
    }
    if (this.pending.size > 0) return;
    worker.unref();
    this.idle = setTimeout(() => void this.close(), this.idleMs);
    this.idle.unref();
  }

  private onLost(worker: Worker, cause: string): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    worker.removeAllListeners();
    // A late error of a thread being stopped says nothing more.
    worker.on('error', () => undefined);
    void worker.terminate();
    if (!this.ready) this.broken = `the compose thread did not start: ${cause}`;
    this.failAll(this.broken ?? `the compose thread stopped: ${cause}`);
  }

  private failAll(cause: string): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(new Error(cause));
  }
}
