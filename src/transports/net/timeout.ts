/**
 * Races a promise against a timer; the timer never keeps the process alive and is cleared when the
 * promise settles first. `onTimeout` builds the error thrown when time runs out.
 *
 * A process busy elsewhere fires its timers late, several at once: the timer's verdict waits for the
 * I/O and the immediate callbacks already due, so that what settles the promise in that same turn (a reply
 * that came meanwhile, a tighter deadline inside it with its own error) wins over this outer bound.
 */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => setImmediate(() => reject(onTimeout())), timeoutMs);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
