/**
 * A worker process for the crash test: sends the outbox to the test SMTP server until nothing is left,
 * then exits 0. The test kills it with SIGKILL in the middle and starts it again. LEASE_MS, BATCH_SIZE,
 * RECORD_BATCH and RECORD_DELAY_MS set the worker's lease, claim size and how outcomes are gathered.
 */
import fs from 'node:fs';
import { OutboxWorker } from '../../src/notifications/outbox.worker.js';
import { openDatabase } from '../../src/storage/database.js';
import { createSmtpSender } from '../support/smtp-sender.js';

const env = process.env;
const database = await openDatabase({ url: env.DROBOT_DATABASE_URL, dataDir: env.DROBOT_DATA_DIR ?? '' });
const sender = createSmtpSender({
  endpoint: {
    host: '127.0.0.1',
    port: Number(env.SMTP_PORT),
    security: 'starttls',
    timeoutMs: 5000,
    tls: { caPem: fs.readFileSync(env.SMTP_CA_FILE ?? '', 'utf8'), insecureSkipVerify: false },
  },
  credentials: { kind: 'none' },
  pool: { maxConnections: 3, maxMessages: 10_000 },
});
const worker = new OutboxWorker({
  database,
  transportFor: () => Promise.resolve({ from: 'helpdesk@drobot.test', sink: sender.sink }),
  rateLimitOf: () => 1_000_000,
  leaseMs: Number(env.LEASE_MS ?? 1000),
  batchSize: Number(env.BATCH_SIZE ?? 10),
  concurrency: 3,
  ...(env.RECORD_BATCH ? { recordBatchSize: Number(env.RECORD_BATCH) } : {}),
  ...(env.RECORD_DELAY_MS ? { recordDelayMs: Number(env.RECORD_DELAY_MS) } : {}),
});

for (;;) {
  await worker.drain();
  const left = await database.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', 'in', ['queued', 'sending', 'retrying'])
    .executeTakeFirstOrThrow();
  if (Number(left.n) === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await sender.close();
await database.close();
process.exit(0);
