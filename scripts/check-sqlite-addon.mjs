// Checks the better-sqlite3 addon against the Node that runs this script: prepared statements are made
// garbage, then the event loop idles so V8 frees them outside any JavaScript context. An addon (major 12)
// compiled against the headers of Node 24.19 or later aborts there (`Assertion failed: (env) != nullptr`),
// so the process dies with SIGABRT instead of printing its last line.
import console from 'node:console';
import process from 'node:process';
import { setTimeout } from 'node:timers';
import Database from 'better-sqlite3';

const ROUNDS = 5;
const STATEMENTS_PER_ROUND = 20_000;
const db = new Database(':memory:');
db.exec('create table t (a integer)');

let round = 0;
function churn() {
  for (let i = 0; i < STATEMENTS_PER_ROUND; i++) db.prepare(`select a from t where a = ${i}`).get();
  round += 1;
  if (round < ROUNDS) setTimeout(churn, 1500);
  // Idle long enough for the collector's idle-time work to run.
  else
    setTimeout(() => console.log(`better-sqlite3 on Node ${process.version}: statements freed safely`), 4000);
}
churn();
