import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import type { CheckpointReply, CheckpointRequest, CheckpointThreadData } from './wal-checkpointer.js';

/**
 * The checkpoint thread: a second connection to the database that copies the write-ahead log into the
 * database file when asked (wal-checkpointer.ts says when and why). It never writes a row.
 */
if (!parentPort) throw new Error('wal-checkpoint.worker must run in a worker thread');
const port = parentPort;
const { file, rounds } = workerData as CheckpointThreadData;

const connection = new SqliteDatabase(file, { fileMustExist: true });
// A checkpoint syncs the log before copying it and the database file after, as the main connection's
// own checkpoints do (wal-sync.ts relies on it).
connection.pragma('synchronous = FULL');

interface CheckpointRow {
  readonly busy: number;
  readonly log: number;
  readonly checkpointed: number;
}

port.on('message', (request: CheckpointRequest) => {
  if (request.kind === 'close') {
    connection.close();
    port.close();
    return;
  }
  let reply: CheckpointReply = { kind: 'checkpointed', log: 0, copied: 0, rounds: 0 };
  try {
    // PASSIVE never waits for the writer or a reader. The writer commits meanwhile, so the first round
    // leaves the frames of its last commits; a few more copy those, and a log copied whole can start over.
    for (let round = 1; round <= rounds; round++) {
      const [row] = connection.pragma('wal_checkpoint(PASSIVE)') as CheckpointRow[];
      if (!row || row.busy !== 0 || row.log < 0) break;
      reply = { kind: 'checkpointed', log: row.log, copied: row.checkpointed, rounds: round };
      if (row.checkpointed >= row.log) break;
    }
  } catch (error) {
    reply = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
