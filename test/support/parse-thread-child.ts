import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ParseThread, startParseThreadEarly } from '../../src/inbound/parse/parse-thread.js';
import { plainMail } from './corpus.js';

/**
 * Parses one mail on a parse thread that would stay loaded for ten minutes, prints what it gave and returns
 * without closing it: the process must end all the same (an idle thread does not hold it). With `warm`, the
 * thread is only started ahead of a mail that never comes, and the same holds; with `early`, a thread is
 * started before any ParseThread exists and none ever takes it.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-parse-child-'));
const thread = new ParseThread({ dataDir, idleMs: 600_000 });
if (process.argv.includes('early')) {
  startParseThreadEarly();
  process.stdout.write(`${JSON.stringify({ early: true })}\n`);
} else if (process.argv.includes('warm')) {
  thread.warm();
  process.stdout.write(`${JSON.stringify({ warmed: true })}\n`);
} else {
  const parsed = await thread.parse(plainMail({ subject: 'Una consulta' }));
  process.stdout.write(
    `${JSON.stringify({ ok: parsed.ok, subject: parsed.ok ? parsed.mail.subject : null })}\n`,
  );
}
process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
