/**
 * `node dist/bench/render.js FILE.json [MORE.json…]`: prints the Markdown of saved results again; with
 * several files, the fetch rows of the later ones join the first's table (e.g. a separate PostgreSQL run).
 * `--no-profile` leaves the profile section out.
 */
import fs from 'node:fs';
import { markdown, type BenchResults } from './report.js';

const args = process.argv.slice(2);
const files = args.filter((a) => a !== '--no-profile');
if (files.length === 0) {
  console.error('usage: node dist/bench/render.js [--no-profile] FILE.json [MORE.json…]');
  process.exit(2);
}
const [first, ...rest] = files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as BenchResults);
if (first) {
  const merged: BenchResults = { ...first, fetch: [...first.fetch, ...rest.flatMap((r) => r.fetch)] };
  process.stdout.write(markdown(merged, { profile: !args.includes('--no-profile') }));
  const later = rest.map(
    (r) => `${r.date} (load average ${r.machine.loadBefore.map((n) => n.toFixed(1)).join(' ')})`,
  );
  if (later.length > 0) process.stdout.write(`\nRows from later runs: ${later.join(', ')}.\n`);
}
