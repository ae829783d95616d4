import fs from 'node:fs';
import { sql } from 'kysely';
import { openDatabase } from '../../src/storage/database.js';

// Opens DRobot's SQLite database in the given data directory, makes SQLite need temporary storage (a temp
// table far larger than its page cache, and a sort of it), and prints every file this process has open
// and the modes of the database's files.
const dataDir = process.argv[2] ?? '';
const database = await openDatabase({ url: undefined, dataDir });
await sql`create temp table spill as
  with recursive n(i) as (select 1 union all select i + 1 from n where i < 60000)
  select i, randomblob(300) as b from n`.execute(database.db);
await sql`select i from spill order by b limit 1`.execute(database.db);
const open = fs
  .readdirSync('/proc/self/fd')
  .map((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return '';
    }
  })
  .filter((target) => target.startsWith('/'));
// The database's files while it is open (SQLite removes its -wal and -shm files on close).
const modes = Object.fromEntries(
  fs
    .readdirSync(dataDir)
    .filter((name) => name.startsWith('drobot.sqlite'))
    .map((name) => [name, (fs.statSync(`${dataDir}/${name}`).mode & 0o777).toString(8)]),
);
process.stdout.write(`${JSON.stringify({ open, modes })}\n`);
await database.close();
