import { sql } from 'kysely';
import { inTransaction, openDatabase } from '../../src/storage/database.js';

// Writes to DRobot's SQLite database in the given data directory until killed: durable transactions of
// about 300 pages each, numbered from what the table already holds, each number printed once its commit
// is durable, with the checkpoints the checkpoint thread has run so far. It stops by itself after 200
// commits (about 240 MB), so a test whose kill never comes fails instead of filling the disk.
const dataDir = process.argv[2] ?? '';
const database = await openDatabase({ url: undefined, dataDir });
await sql`create table if not exists written (id integer primary key, n integer, b blob)`.execute(
  database.db,
);
const { rows } = await sql<{ last: number | null }>`select max(n) as last from written`.execute(database.db);
const first = (rows[0]?.last ?? 0) + 1;
for (let n = first; n < first + 200; n++) {
  await inTransaction(database, async (trx) => {
    await sql`insert into written (n, b) values (${n}, randomblob(3900))`.execute(trx);
    await sql`with recursive k(i) as (select 1 union all select i + 1 from k where i < 300)
      insert into written (b) select randomblob(3900) from k`.execute(trx);
  });
  process.stdout.write(
    `${JSON.stringify({ n, checkpoints: database.walCheckpoints?.().checkpoints ?? 0 })}\n`,
  );
}
await database.close();
