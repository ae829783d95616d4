import type { Worker } from 'node:worker_threads';
import { startWorkerThread, workerModuleUrl, type WorkerThreadEvents } from '../../app/worker-thread.js';
import type { Text } from '../../i18n/lang.js';
import { quarantineDetail } from '../quarantine/quarantine.labels.js';
import type { ParseJob, ParseThreadReply, ThreadParse } from './parse-thread.protocol.js';

export type { ThreadParse } from './parse-thread.protocol.js';

export interface ParseThreadOptions {
  /** The data directory, whose blob store receives the attachments. */
  readonly dataDir: string;
  /** Longest one mail may take to parse before the thread is stopped and the mail quarantined. */
  readonly deadlineMs?: number;
  /** How long the thread stays loaded with nothing to parse (a server fetching now and then frees it). */
  readonly idleMs?: number;
  /** The thread's heap: a mail that needs more stops the thread, not the process. */
  readonly maxHeapMb?: number;
  /** The thread's module (the default one; another only to test how a failing thread is handled). */
  readonly workerUrl?: URL;
}

export const PARSE_THREAD_DEFAULTS = {
  deadlineMs: 60_000,
  // Longer than an account's default poll interval (60 s): `drobot serve` polling at it keeps the parser
  // loaded while mail keeps coming, instead of loading it again (0.2–0.4 s of CPU) at every poll.
  idleMs: 90_000,
  maxHeapMb: 128,
} as const;

const WORKER_URL = workerModuleUrl('parse-thread.worker', import.meta.url);

/** A parse thread started before any ParseThread existed, and what it said until one took it. */
interface EarlyThread {
  readonly worker: Worker;
  readonly url: string;
  readonly heard: ParseThreadReply[];
  lost: string | undefined;
  events: WorkerThreadEvents<ParseThreadReply> | undefined;
}

let early: EarlyThread | undefined;

/**
 * Starts a parse thread now, for a command that is about to parse mail (a one-off `drobot fetch` that
 * builds cases): loading the parser (a few hundred milliseconds) then overlaps loading the rest of the
 * command, opening the database and reaching the server, instead of following them. The first ParseThread
 * to start a thread takes this one; until then it keeps the process alive for nobody.
 */
export function startParseThreadEarly(workerUrl: URL = WORKER_URL): void {
  if (early) return;
  const heard: ParseThreadReply[] = [];
  const worker = startWorkerThread<ParseThreadReply>(
    workerUrl,
    { maxHeapMb: PARSE_THREAD_DEFAULTS.maxHeapMb },
    {
      onReply: (reply) => (thread.events ? thread.events.onReply(reply) : heard.push(reply)),
      onLost: (cause) => (thread.events ? thread.events.onLost(cause) : (thread.lost ??= cause)),
    },
  );
  const thread: EarlyThread = { worker, url: workerUrl.href, heard, lost: undefined, events: undefined };
  worker.unref();
  early = thread;
}

/** Whether a thread started early waits for its owner (no ParseThread has taken it yet). */
export function earlyParseThreadWaiting(): boolean {
  return early !== undefined;
}

/**
 * The early thread, if any and like the one the caller would start (its module, the default heap), for its
 * new owner, to whom `listen` hands what it said meanwhile.
 */
function takeEarlyThread(
  url: URL,
  maxHeapMb: number,
): { worker: Worker; listen: (events: WorkerThreadEvents<ParseThreadReply>) => void } | undefined {
  const thread = early;
  if (!thread || thread.url !== url.href || maxHeapMb !== PARSE_THREAD_DEFAULTS.maxHeapMb) return undefined;
  early = undefined;
  return {
    worker: thread.worker,
    listen: (events) => {
      thread.events = events;
      for (const reply of thread.heard.splice(0)) events.onReply(reply);
      if (thread.lost !== undefined) events.onLost(thread.lost);
    },
  };
}

interface PendingJob {
  readonly id: number;
  readonly mail: { readonly bytes: Uint8Array } | { readonly storedHash: string };
  /** The memory of its bytes, moved to the thread (see `parseHandedOver`): a thread that ends takes it along. */
  readonly moved: ArrayBuffer | undefined;
  readonly resolve: (result: ThreadParse | undefined) => void;
  readonly reject: (error: Error) => void;
}

/**
 * A buffer's memory when it is all its own (not a slice of Node's shared pool or of a larger buffer), so that
 * moving it to the thread takes nothing from anyone else.
 */
function ownMemoryOf(bytes: Uint8Array): ArrayBuffer | undefined {
  const { buffer } = bytes;
  const whole = bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength && bytes.byteLength > 0;
  return whole && buffer instanceof ArrayBuffer ? buffer : undefined;
}

/**
 * Parses raw mails on a second thread, so that on a machine with two cores or more case building's parsing
 * (the largest part of its CPU) runs beside intake and the storing of the batch before. Mails are parsed
 * one at a time in the order given; the thread starts at the first mail and ends after a while idle.
 *
 * A mail that makes the thread overrun its deadline, exhaust its heap or die is answered as unparseable
 * (it goes to quarantine with its raw bytes, for a person to look at); the thread is started again for the
 * mails behind it (those whose bytes were moved to it are given back, for their callers to give again). A
 * thread that cannot even load is a broken installation: every waiting mail is refused with an error, and
 * none is quarantined for it.
 */
export class ParseThread {
  private worker: Worker | undefined;
  private ready = false;
  /** In the order sent; the first is the one being parsed. */
  private readonly jobs: PendingJob[] = [];
  private nextId = 1;
  private deadline: NodeJS.Timeout | undefined;
  private idle: NodeJS.Timeout | undefined;
  private readonly deadlineMs: number;
  private readonly idleMs: number;

  constructor(private readonly options: ParseThreadOptions) {
    this.deadlineMs = options.deadlineMs ?? PARSE_THREAD_DEFAULTS.deadlineMs;
    this.idleMs = options.idleMs ?? PARSE_THREAD_DEFAULTS.idleMs;
  }

  /** Parses one raw mail (its bytes are copied to the thread; the caller's stay as they are). */
  parse(bytes: Uint8Array): Promise<ThreadParse> {
    // Only a mail moved to the thread is ever answered undefined.
    return this.enqueue({ bytes }, undefined) as Promise<ThreadParse>;
  }

  /**
   * Parses one raw mail whose bytes the caller no longer needs (read from the store for this): when they
   * are a buffer of their own, they are moved to the thread instead of copied (the caller's buffer is left
   * empty), which spares copying every mail twice, out of this thread's heap and into the other's. A mail
   * moved to a thread that ends before parsing it (another mail stopped it) is only there: it resolves
   * undefined, and the caller reads it again and gives it again.
   */
  parseHandedOver(bytes: Uint8Array): Promise<ThreadParse | undefined> {
    return this.enqueue({ bytes }, ownMemoryOf(bytes));
  }

  /**
   * Parses a raw mail kept in the data directory's store as a file of its own (one over a megabyte: see
   * PACK_LIMIT_BYTES), streamed from there by the thread.
   */
  parseStored(hash: string): Promise<ThreadParse> {
    return this.enqueue({ storedHash: hash }, undefined) as Promise<ThreadParse>;
  }

  private enqueue(
    mail: PendingJob['mail'],
    moved: ArrayBuffer | undefined,
  ): Promise<ThreadParse | undefined> {
    return new Promise<ThreadParse | undefined>((resolve, reject) => {
      const job: PendingJob = { id: this.nextId++, mail, moved, resolve, reject };
      this.jobs.push(job);
      clearTimeout(this.idle);
      const worker = this.worker ?? this.start();
      // Waiting for the thread keeps the process alive; an idle thread does not.
      worker.ref();
      this.post(worker, job);
      if (this.jobs.length === 1 && this.ready) this.armDeadline(worker);
    });
  }

  /**
   * Starts the thread ahead of its first mail, so that loading the parser (a few hundred milliseconds)
   * overlaps the downloads; it ends after a while idle, as after a mail, and keeps nobody waiting.
   */
  warm(): void {
    if (this.worker) return;
    const worker = this.start();
    worker.unref();
    this.idle = setTimeout(() => void this.close(), this.idleMs);
    this.idle.unref();
  }

  /** Stops the thread; mails still waiting are refused with an error. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.disarm();
    clearTimeout(this.idle);
    for (const job of this.jobs.splice(0)) job.reject(new Error('the parse thread was closed'));
    if (worker) {
      worker.removeAllListeners();
      await worker.terminate();
    }
  }

  private start(): Worker {
    const events: WorkerThreadEvents<ParseThreadReply> = {
      onReply: (reply) => this.onReply(worker, reply),
      onLost: (cause) => this.onLost(worker, cause),
    };
    const url = this.options.workerUrl ?? WORKER_URL;
    const maxHeapMb = this.options.maxHeapMb ?? PARSE_THREAD_DEFAULTS.maxHeapMb;
    const taken = takeEarlyThread(url, maxHeapMb);
    const worker: Worker = taken?.worker ?? startWorkerThread(url, { maxHeapMb }, events);
    this.worker = worker;
    this.ready = false;
    taken?.listen(events);
    return worker;
  }

  private post(worker: Worker, job: PendingJob): void {
    const message = { id: job.id, dataDir: this.options.dataDir, ...job.mail } satisfies ParseJob;
    worker.postMessage(message, job.moved ? [job.moved] : []);
  }

  private onReply(worker: Worker, reply: ParseThreadReply): void {
    if (worker !== this.worker) return;
    if (reply.kind === 'ready') {
      this.ready = true;
      if (this.jobs.length > 0) this.armDeadline(worker);
      return;
    }
    const job = this.jobs[0];
    if (job?.id !== reply.id) return;
    this.jobs.shift();
    this.disarm();
    job.resolve(reply.result);
    if (this.jobs.length > 0) {
      this.armDeadline(worker);
    } else {
      worker.unref();
      this.idle = setTimeout(() => void this.close(), this.idleMs);
      this.idle.unref();
    }
  }

  private armDeadline(worker: Worker): void {
    this.disarm();
    this.deadline = setTimeout(() => {
      this.fail(worker, quarantineDetail('parseTimeout', { seconds: Math.round(this.deadlineMs / 1000) }));
    }, this.deadlineMs);
  }

  private disarm(): void {
    clearTimeout(this.deadline);
    this.deadline = undefined;
  }

  private onLost(worker: Worker, cause: string): void {
    if (worker !== this.worker) return;
    if (!this.ready) {
      this.drop(worker);
      for (const job of this.jobs.splice(0))
        job.reject(new Error(`the parse thread did not start: ${cause}`));
      return;
    }
    this.fail(worker, quarantineDetail('parserStopped', { technical: cause }));
  }

  /** The mail being parsed goes to quarantine; a new thread takes the ones behind it. */
  private fail(worker: Worker, detail: Text): void {
    if (worker !== this.worker) return;
    this.drop(worker);
    this.jobs.shift()?.resolve({ ok: false, reason: 'unparseable', detail });
    // Mails moved to the thread went with it: their callers give them again (they come after the rest).
    for (const job of this.jobs.filter((j) => j.moved)) job.resolve(undefined);
    this.jobs.splice(0, this.jobs.length, ...this.jobs.filter((j) => !j.moved));
    if (this.jobs.length === 0) return;
    const next = this.start();
    for (const job of this.jobs) this.post(next, job);
  }

  private drop(worker: Worker): void {
    this.worker = undefined;
    this.disarm();
    worker.removeAllListeners();
    // A late error of a thread being stopped says nothing more.
    worker.on('error', () => undefined);
    void worker.terminate();
  }
}
