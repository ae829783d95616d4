/**
 * Downloads of one IMAP session, gathered: mails listed small enough go out together in one
 * `UID FETCH uid,uid,… BODY.PEEK[]<0.N>` (one round trip for many mails), larger ones keep their streamed
 * download. Calls complete in the order they were made, whatever order the server answers in.
 *
 * What a server can make us hold is bounded: a batched body is asked for at most N = cap + 1 bytes (the
 * partial fetch), so more than the cap means too large; a literal longer than asked is refused (by the
 * direct reader, imap-fetch-reader.ts, or by imapflow above its limit when imapflow fetches).
 */
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { DrobotError } from '../../errors/drobot-error.js';
import { httpErrors } from '../http/http.errors.js';
import { DownloadTooLargeError } from '../ports.js';

/** One mail asked for in a batch. */
interface Wanted {
  readonly uid: number;
  readonly target: Writable;
  /** The bytes the mail may have (the caller's cap, at most what a batch takes). */
  readonly cap: number;
  /** The caller's own cap, for the streamed download when the mail is larger than a batch takes. */
  readonly maxBytes: number | undefined;
  /** What the listing said it weighs (the cap when the session did not list it). */
  readonly weight: number;
  body: Buffer | undefined;
  settled: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

interface Batch {
  readonly wanted: Wanted[];
  /** Set once its command went out: later calls start a new batch. */
  started: boolean;
}

/** What the batches need of the session. */
export interface BatchPort {
  /**
   * One `UID FETCH` of the given UIDs' first `maxLength` bytes; `onMail` is called for each answer, in the
   * server's order, and its promise awaited before the next (back-pressure). `totalBytes` is what the
   * mails weigh as listed: the time the batch is given grows with it.
   */
  fetchBodies(
    uids: readonly number[],
    maxLength: number,
    totalBytes: number,
    onMail: (uid: number, body: Buffer) => Promise<void>,
  ): Promise<void>;
  /** The streamed download of one mail (any size). */
  stream(uid: string, target: Writable, maxBytes: number | undefined): Promise<void>;
}

export interface BatchLimits {
  /** Mails in one batch at most. */
  readonly perBatch: number;
  /** The largest mail a batch takes (its listed size, and the bytes asked for). */
  readonly maxMailBytes: number;
}

export class BatchedDownloads {
  /** Every download runs after the one called before it: batches and streamed ones in call order. */
  private tail: Promise<void> = Promise.resolve();
  private open: Batch | undefined;

  constructor(
    private readonly port: BatchPort,
    private readonly limits: BatchLimits,
  ) {}

  /**
   * Downloads one mail; `listedSize` is what the listing said (a hint only: bytes are counted as they
   * come). A mail missing from the server's answer rejects with `api_item_gone`.
   */
  download(uid: string, listedSize: number | undefined, target: Writable, maxBytes?: number): Promise<void> {
    const n = Number(uid);
    // A size this session did not list (a new session after a failed download) tries the batch: a mail
    // larger than a batch takes is then streamed after it.
    const small =
      Number.isSafeInteger(n) &&
      n > 0 &&
      (listedSize === undefined ||
        (listedSize <= this.limits.maxMailBytes && (maxBytes === undefined || listedSize <= maxBytes)));
    if (!small) {
      // A streamed download between batches: calls after it go into a batch after it.
      this.open = undefined;
      return this.enqueue(() => this.port.stream(uid, target, maxBytes));
    }
    let batch = this.open;
    if (!batch || batch.started || batch.wanted.length >= this.limits.perBatch) {
      const fresh: Batch = { wanted: [], started: false };
      batch = this.open = fresh;
      void this.enqueue(() => this.run(fresh)).catch(() => undefined);
    }
    const cap = Math.min(maxBytes ?? this.limits.maxMailBytes, this.limits.maxMailBytes);
    return new Promise<void>((resolve, reject) => {
      const weight = listedSize ?? cap;
      const wanted = { uid: n, target, cap, maxBytes, weight, body: undefined, settled: false };
      batch.wanted.push({ ...wanted, resolve, reject });
    });
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async run(batch: Batch): Promise<void> {
    // Calls made in the same turn of the event loop join the batch before it goes out.
    await new Promise((resolve) => setImmediate(resolve));
    batch.started = true;
    if (this.open === batch) this.open = undefined;
    const { wanted } = batch;
    const byUid = new Map<number, Wanted[]>();
    for (const w of wanted) byUid.set(w.uid, [...(byUid.get(w.uid) ?? []), w]);
    const ask = Math.max(...wanted.map((w) => w.cap)) + 1;
    const uids = [...byUid.keys()].sort((a, b) => a - b);
    try {
      const listed = wanted.reduce((sum, w) => sum + w.weight, 0);
      await this.port.fetchBodies(uids, ask, listed, async (uid, body) => {
        for (const w of byUid.get(uid) ?? []) if (!w.settled) w.body ??= body;
        // Delivered in call order as soon as they can be: the answers held stay few.
        await this.deliverReady(wanted, false);
      });
    } catch (error) {
      await this.deliverReady(wanted, false);
      for (const w of wanted) settle(w, error);
      throw error;
    }
    await this.deliverReady(wanted, true);
  }

  /**
   * Hands out the answered mails at the head of the batch, in order. At the end (`last`), a mail with no
   * answer is gone, and one larger than a batch takes (its size was listed wrong) is downloaded streamed.
   */
  private async deliverReady(wanted: readonly Wanted[], last: boolean): Promise<void> {
    for (const w of wanted) {
      if (w.settled) continue;
      if (w.body === undefined) {
        if (!last) return;
        w.target.destroy();
        settle(w, new DrobotError(httpErrors.itemGone, { params: { id: String(w.uid) } }));
        continue;
      }
      if (w.body.length > w.cap && w.cap < (w.maxBytes ?? Number.POSITIVE_INFINITY)) {
        // More than a batch takes, yet within the caller's cap: it streams once this batch is answered.
        if (!last) return;
        w.body = undefined;
        await this.port.stream(String(w.uid), w.target, w.maxBytes).then(
          () => settle(w),
          (error: unknown) => settle(w, error),
        );
        continue;
      }
      await deliver(w).then(
        () => settle(w),
        (error: unknown) => settle(w, error),
      );
    }
  }
}

/** Writes one answered mail into its target, or refuses it past its cap. */
async function deliver(w: Wanted): Promise<void> {
  const body = w.body!;
  w.body = undefined;
  if (body.length > w.cap) {
    w.target.destroy();
    throw new DownloadTooLargeError(body.length, w.cap);
  }
  w.target.end(body);
  await finished(w.target);
}

function settle(w: Wanted, error?: unknown): void {
  if (w.settled) return;
  w.settled = true;
  if (error === undefined) w.resolve();
  else {
    if (!w.target.destroyed) w.target.destroy();
    w.reject(error);
  }
}
