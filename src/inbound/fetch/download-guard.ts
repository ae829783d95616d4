import type { MailSink } from './mail-sink.js';

/** The slowest transfer accepted while a mail downloads, averaged over one timeout window. */
export const MIN_BYTES_PER_SECOND = 1024;
/** The slowest average over a whole download: bounds how long any one mail can take. */
export const MIN_AVERAGE_BYTES_PER_SECOND = 32 * 1024;

/** A download that stalled or dripped: too few bytes in a timeout window, or past its whole deadline. */
export class MailStalledError extends Error {
  constructor(
    readonly received: number,
    readonly seconds: number,
  ) {
    super(`the server stalled: ${received} bytes in ${seconds} s`);
    this.name = 'MailStalledError';
  }
}

/**
 * Watches one download: every `timeoutMs` at least a window's worth of bytes must have arrived (a server that
 * drips a byte every few seconds never trips an idle timeout), and the whole download must end within a
 * deadline from its byte cap at a slow average rate. When either fails, `abort` drops the connection, and
 * the download's error is replaced by a `MailStalledError`.
 */
export async function guardDownload(
  sink: MailSink,
  timeoutMs: number,
  abort: () => void,
  download: Promise<void>,
  /**
   * A download queued behind others on one connection (pipelined, batched) gets no byte before they end:
   * its clock starts when the one before it has ended.
   */
  after?: Promise<unknown>,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  let stalled: MailStalledError | undefined;
  // The sink's failure reaches the caller through this function, also before a transport listens to it.
  sink.on('error', () => undefined);
  const watch = () => {
    if (ended) return;
    const started = Date.now();
    const windowBytes = Math.max(1024, (MIN_BYTES_PER_SECOND * timeoutMs) / 1000);
    const deadline = started + 2 * timeoutMs + (sink.cap / MIN_AVERAGE_BYTES_PER_SECOND) * 1000;
    let seen = sink.size;
    timer = setInterval(() => {
      const now = Date.now();
      if (sink.size - seen < windowBytes || now > deadline) {
        stalled = new MailStalledError(sink.size, Math.round((now - started) / 1000));
        clearInterval(timer);
        abort();
        sink.destroy(stalled);
        return;
      }
      seen = sink.size;
    }, timeoutMs);
  };
  if (after) after.then(watch, watch);
  else watch();
  try {
    await download;
  } catch (error) {
    throw stalled ?? error;
  } finally {
    ended = true;
    clearInterval(timer);
  }
  if (stalled) throw stalled;
}
