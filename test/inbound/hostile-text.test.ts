import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { trimNameEnds } from '../../src/cases/safe-name.js';
import { withoutComments } from '../../src/inbound/classify/classifier.js';
import { CaseService } from '../../src/cases/case.service.js';
import { openDatabase } from '../../src/storage/database.js';
import { createTestStore } from '../support/databases.js';
import { htmlOnlyMail, largeAttachmentMail, plainMail, winmailMail } from '../support/corpus.js';
import { randomStrings } from '../support/fuzz.js';
import { runUntil, spawnSupportScript } from '../support/mail-child.js';

describe('hostile texts in a mail', () => {
  test('header comments are removed as /\\([^)]*\\)/g removes them', () => {
    for (const value of randomStrings(['(', ')', 'a', ' ', ';', 'no'], 20_000, 7)) {
      assert.equal(withoutComments(value), value.replace(/\([^)]*\)/g, ''), JSON.stringify(value));
    }
  });

  test("a name's ends are trimmed as /^[\\s.]+/ and /[\\s.]+$/ trim them", () => {
    const alphabet = ['.', ' ', '\t', '\u00a0', '\u3000', '\ufeff', 'a', 'ñ', '😀', '-'];
    for (const value of randomStrings(alphabet, 20_000, 8)) {
      assert.equal(
        trimNameEnds(value),
        value.replace(/^[\s.]+/, '').replace(/[\s.]+$/, ''),
        JSON.stringify(value),
      );
    }
  });

  test('mails whose text, HTML, file names or headers once took minutes each are stored in seconds', async () => {
    const store = await createTestStore('sqlite');
    const dir = fs.mkdtempSync(path.join(store.dataDir, 'hostile-'));
    // Each of these cost its mail's reading over a minute before: time in the square of a text or more.
    const mails = {
      stripperLines: plainMail({ subject: 'stripper-lines' }, 'Op schreef\n'.repeat(6000)),
      stripperBlanks: plainMail(
        { subject: 'stripper-blanks' },
        '\n'.repeat(64 * 1024) + 'From Von De Van Da Am schrieb Op schreef Den skrev On wrote',
      ),
      fileName: largeAttachmentMail({ subject: 'file-name' }, 16, 'x', `a${' .'.repeat(200_000)}x.pdf`),
      comments: plainMail({ subject: 'comments', headers: { 'Auto-Submitted': '('.repeat(400_000) } }),
      tnefTitle: winmailMail({ subject: 'tnef-title' }, [
        { name: `${'\0'.repeat(400_000)}x.txt`, data: Buffer.from('hola') },
      ]),
      emptyImages: htmlOnlyMail({ subject: 'empty-images' }, `<p>${'texto <img></img>'.repeat(60_000)}</p>`),
    };
    const files = Object.entries(mails).map(([name, raw]) => {
      const file = path.join(dir, `${name}.eml`);
      fs.writeFileSync(file, raw);
      return file;
    });
    const child = spawnSupportScript('mail-ingest-child', [
      JSON.stringify({ databaseUrl: undefined, dataDir: store.dataDir, files }),
    ]);
    // Not a speed target: far above what each takes now (well under a second), far below what it took.
    const limitMs = 20_000;
    let guard = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.stdout?.on('data', () => {
      clearTimeout(guard);
      guard = setTimeout(() => child.kill('SIGKILL'), limitMs);
    });
    try {
      const outcome = await runUntil(child, /^done /, 0);
      assert.ok(
        !child.killed,
        `a mail not read within ${limitMs / 1000} s:\n${outcome.stdout}${outcome.stderr}`,
      );
      // An Auto-Submitted header that is not `no` marks automatic mail: recorded, no case of its own.
      assert.deepEqual(
        [...outcome.stdout.matchAll(/^mail \d+ (\w+)$/gm)].map((m) => m[1]),
        ['new_case', 'new_case', 'new_case', 'auto_unmatched', 'new_case', 'new_case'],
        outcome.stderr,
      );
      const database = await openDatabase({ url: undefined, dataDir: store.dataDir });
      try {
        const cases = new CaseService(database);
        const withFile = (await cases.list({ limit: 10 })).find((c) => c.subject === 'file-name');
        assert.ok(withFile);
        const [message] = (await cases.get(withFile.id)).messages;
        const [file] = message?.attachments ?? [];
        // Cut to a storable name (its start), the dots and spaces at its end trimmed, its extension kept.
        assert.equal(file?.filename, 'a.pdf');
      } finally {
        await database.close();
      }
    } finally {
      clearTimeout(guard);
      await store.drop();
    }
  });
});
