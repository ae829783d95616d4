import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { trimNameEnds } from '../../src/cases/safe-name.js';
import { withoutComments } from '../../src/inbound/classify/classifier.js';
import { CaseService } from '../../src/cases/case.service.js';
import { openDatabase } from '../../src/storage/database.js';
import { createTestStore } from '../support/databases.js';
import { tnefBytes } from '../support/corpus.js';
import { rng } from '../support/fuzz.js';
import { runUntil, spawnSupportScript } from '../support/mail-child.js';

const CRLF = '\r\n';

/** A mail of a few lines of headers, a text part and, when given, a file with the given name. */
function mail(
  id: string,
  extraHeaders: string[],
  text: string,
  fileName?: string,
  textType = 'text/plain',
): string {
  const head = [
    'From: Ana <ana@example.test>',
    'To: soporte@helpdesk.test',
    `Subject: ${id}`,
    `Message-ID: <${id}@example.test>`,
    'MIME-Version: 1.0',
    ...extraHeaders,
  ];
  if (fileName === undefined) {
    return [...head, `Content-Type: ${textType}; charset=utf-8`, '', text, ''].join(CRLF);
  }
  return [
    ...head,
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '--b1',
    'Content-Type: application/octet-stream',
    `Content-Disposition: attachment; filename="${fileName}"`,
    'Content-Transfer-Encoding: base64',
    '',
    'aG9sYQ==',
    '--b1--',
    '',
  ].join(CRLF);
}

/** A mail from Outlook with a `winmail.dat` that holds one file of the given title. */
function tnefMail(title: string): string {
  const tnef = tnefBytes([{ name: title, data: Buffer.from('hola') }]).toString('base64');
  return [
    'From: Ana <ana@example.test>',
    'To: soporte@helpdesk.test',
    'Subject: tnef-title',
    'Message-ID: <tnef-title@example.test>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'adjunto',
    '--b1',
    'Content-Type: application/ms-tnef; name="winmail.dat"',
    'Content-Transfer-Encoding: base64',
    '',
    ...(tnef.match(/.{1,76}/g) ?? []),
    '--b1--',
    '',
  ].join(CRLF);
}

/** Random strings of the characters a function treats apart, for comparing it with the pattern it replaces. */
function randomStrings(alphabet: readonly string[], count: number, seed: number): string[] {
  const rand = rng(seed);
  return Array.from({ length: count }, () =>
    Array.from(
      { length: Math.floor(rand() * 24) },
      () => alphabet[Math.floor(rand() * alphabet.length)] ?? '',
    ).join(''),
  );
}

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
      stripperLines: mail('stripper-lines', [], 'Op schreef\n'.repeat(6000)),
      stripperBlanks: mail(
        'stripper-blanks',
        [],
        '\n'.repeat(64 * 1024) + 'From Von De Van Da Am schrieb Op schreef Den skrev On wrote',
      ),
      fileName: mail('file-name', [], 'adjunto', `a${' .'.repeat(200_000)}x.pdf`),
      comments: mail('comments', [`Auto-Submitted: ${'('.repeat(400_000)}`], 'respuesta'),
      tnefTitle: tnefMail(`${'\0'.repeat(400_000)}x.txt`),
      emptyImages: mail(
        'empty-images',
        [],
        `<p>${'texto <img></img>'.repeat(60_000)}</p>`,
        undefined,
        'text/html',
      ),
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
