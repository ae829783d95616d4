import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { BlobStore } from '../../src/cases/blob.store.js';
import { CaseService } from '../../src/cases/case.service.js';
import { PARSE_LIMITS } from '../../src/inbound/parse/mail.parser.js';
import type { Database } from '../../src/storage/database.js';
import type { TestStore } from '../support/databases.js';
import { DROBOT_NODE_FLAGS } from '../../src/cli/node-flags.js';
import { runUntil, spawnSupportScript } from '../support/mail-child.js';
import { withTestStore } from '../support/store-hooks.js';

const MB = 1024 * 1024;
/** Generous: the target is far below; a parser that builds the body as one string needs gigabytes. */
const PEAK_RSS_LIMIT = 256 * MB;

/** Headers of a single-part mail; the body follows a blank line. */
function head(subject: string, contentHeaders: readonly string[]): string {
  return [
    'From: Ana <ana@example.test>',
    'To: soporte@helpdesk.test',
    `Subject: ${subject}`,
    'Date: Tue, 06 Jan 2026 10:00:00 +0100',
    `Message-ID: <${subject.replace(/\W/g, '')}@example.test>`,
    'MIME-Version: 1.0',
    ...contentHeaders,
    '',
    '',
  ].join('\r\n');
}

/** Writes a mail of `size` body bytes to a file in chunks (the test itself stays small too). */
function writeMail(file: string, header: string, size: number, chunk: (i: number) => string): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, header);
  let written = 0;
  for (let i = 0; written < size; i++) {
    const piece = chunk(i);
    fs.writeSync(fd, piece);
    written += piece.length;
  }
  fs.writeSync(fd, '\r\n');
  fs.closeSync(fd);
}

const words = 'la impresora de la planta dos no imprime nada desde ayer por la tarde ';

describe('memory while parsing one large mail within the 25 MB limit', () => {
  let store: TestStore;
  let database: Database;
  const files: Record<string, string> = {};
  let uid = 1;

  withTestStore('sqlite', (opened, db) => {
    store = opened;
    database = db;
    const dir = store.dataDir;
    files.line = path.join(dir, 'line.eml');
    // 50 MB of text on one line: no line break anywhere in the body.
    writeMail(files.line, head('una linea', ['Content-Type: text/plain; charset=utf-8']), 50 * MB, () =>
      words.repeat(1000),
    );
    files.html = path.join(dir, 'html.eml');
    writeMail(files.html, head('html grande', ['Content-Type: text/html; charset=utf-8']), 20 * MB, (i) =>
      `<div class="x${i % 7}"><p>${words}<b>${i}</b> <a href="https://example.test/${i}">enlace</a></p></div>\r\n`.repeat(
        50,
      ),
    );
    files.base64 = path.join(dir, 'base64.eml');
    const textBlock = Buffer.from(`${words}\n`.repeat(57 * 20)).toString('base64');
    const lines = (textBlock.match(/.{1,76}/g) ?? []).join('\r\n') + '\r\n';
    writeMail(
      files.base64,
      head('base64', ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64']),
      15 * MB,
      () => lines,
    );
  });

  for (const [name, label] of [
    ['line', '50 MB single-line text body'],
    ['html', '20 MB HTML body'],
    ['base64', '15 MB of base64 text'],
  ] as const) {
    test(`${label}: a case with capped text, bounded peak memory`, async () => {
      const file = files[name] ?? '';
      // With the heap the drobot process runs with: such a mail must not exhaust it.
      const child = spawnSupportScript(
        'mail-ingest-child',
        [JSON.stringify({ databaseUrl: undefined, dataDir: store.dataDir, files: [file], firstUid: uid++ })],
        DROBOT_NODE_FLAGS,
      );
      const outcome = await runUntil(child, /^mail /, 0);
      const done = /^done (.*)$/m.exec(outcome.stdout);
      assert.ok(done?.[1], outcome.stderr);
      assert.match(outcome.stdout, /^mail \d+ new_case$/m);
      const summary = JSON.parse(done[1]) as { peakRss: number; ms: number };
      const size = fs.statSync(file).size;
      console.log(
        `memory: ${label} (${(size / MB).toFixed(1)} MB): peak RSS ${(summary.peakRss / MB).toFixed(1)} MB, ${(summary.ms / 1000).toFixed(1)} s`,
      );
      assert.ok(summary.peakRss < PEAK_RSS_LIMIT, `peak RSS ${summary.peakRss} bytes`);

      // The case view keeps the start of the text, flagged as cut; the raw mail keeps every byte.
      const cases = new CaseService(database);
      const [latest] = await cases.list({ limit: 1 });
      assert.ok(latest);
      const [message] = (await cases.get(latest.id)).messages;
      assert.ok(message);
      assert.equal(message.textTruncated, true);
      assert.ok(Buffer.byteLength(message.text) <= PARSE_LIMITS.maxTextBytes + 1024);
      assert.ok(message.text.startsWith('la impresora'), message.text.slice(0, 80));
      if (name === 'html') assert.ok(message.html && message.html.length <= 2 * PARSE_LIMITS.maxHtmlBytes);
      const blobs = new BlobStore(store.dataDir, database);
      const raw = await blobs.open(message.rawHash ?? '');
      raw?.stream.destroy();
      assert.equal(raw?.size, size);
    });
  }
});
