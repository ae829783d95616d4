/**
 * SQLSTATEs of a failure that says nothing about the data, only about the moment: the same transaction
 * run again may well succeed (PostgreSQL's appendix A: class 08, connection exceptions, and these).
 */
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '53300', // too_many_connections
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);

/** SQLite's: another connection holds the lock past the busy timeout. */
const TRANSIENT_SQLITE = new Set([
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_RECOVERY',
  'SQLITE_LOCKED',
]);

/** The network under a PostgreSQL connection. */
const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

/**
 * Whether a database failure is of the moment (a deadlock, a lost connection, a busy lock) rather than of
 * what was written: the transaction it undid can be run again, and what it held must not be blamed for it.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return (
    TRANSIENT_SQLSTATES.has(code) ||
    (code.length === 5 && code.startsWith('08')) ||
    TRANSIENT_SQLITE.has(code) ||
    TRANSIENT_NETWORK.has(code)
  );
}

export interface TransientRetry {
  /** Runs at most, the first included. */
  readonly attempts: number;
  /** The pause before the nth run again is n times this. */
  readonly pauseMs: number;
  /** Told of each failure that is run again, by its message (to log it). */
  readonly onRetry?: (attempt: number, error: string) => void;
}

/**
 * Runs `run` (a whole transaction: a failure has undone it) again while it fails for the moment, after a
 * growing pause; any other failure, or the last one, is thrown.
 */
export async function retryTransient<T>(run: () => Promise<T>, retry: TransientRetry): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (!isTransientDatabaseError(error) || attempt >= retry.attempts) throw error;
      retry.onRetry?.(attempt, error instanceof Error ? error.message : String(error));
      await new Promise((resolve) => setTimeout(resolve, retry.pauseMs * attempt));
    }
  }
}
