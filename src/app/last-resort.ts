import type { Logger } from '../logging/logger.js';

/** More unexpected errors than this within a minute: the process is unwell, and exits for its supervisor. */
const MAX_PER_MINUTE = 20;

/**
 * The last line of defence of a long-running process: an error nobody caught (a library that throws in a
 * socket callback on a hostile server's bytes, a rejection nobody awaited) is logged and counted, and the
 * process goes on serving the other accounts. Every mail and every run has its own handling first; this only
 * catches what slipped through. A storm of them means a broken state: the process then exits non-zero so
 * that its service manager restarts it clean. Returns a function that removes the handlers.
 */
export function installLastResort(logger: Logger, exit: (code: number) => void = process.exit): () => void {
  let recent: number[] = [];
  const onError = (kind: string) => (error: unknown) => {
    const now = Date.now();
    recent = [...recent.filter((t) => now - t < 60_000), now];
    logger.error('unexpected error; the process goes on', { kind, error, lastMinute: recent.length });
    if (recent.length > MAX_PER_MINUTE) {
      logger.error('too many unexpected errors in a minute; exiting so that the service restarts', {});
      exit(70);
    }
  };
  const uncaught = onError('uncaughtException');
  const unhandled = onError('unhandledRejection');
  process.on('uncaughtException', uncaught);
  process.on('unhandledRejection', unhandled);
  return () => {
    process.off('uncaughtException', uncaught);
    process.off('unhandledRejection', unhandled);
  };
}
