import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { fetchProgressBar, outcomeName, OUTCOME_NAMES } from '../../src/cli/fetch-progress.js';

test('outcome names exist in both languages, and differ where there is a word to translate', () => {
  for (const [kind, name] of Object.entries(OUTCOME_NAMES)) {
    assert.ok(name.es && name.en, kind);
    assert.notEqual(name.es, name.en, kind);
  }
  assert.equal(outcomeName('new_case', 'es'), 'caso nuevo');
  assert.equal(outcomeName('something_else', 'es'), 'something_else');
});

test('the progress bar shows both stages in the reader language and estimates the time left', async () => {
  for (const [lang, words] of [
    ['es', /3\/3 correos procesados \| 3 recibidos \| quedan \S+ \| caso nuevo/],
    ['en', /3\/3 mails built \| 3 received \| \S+ left \| new case/],
  ] as const) {
    const stream = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 120,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    });
    let printed = '';
    stream.setEncoding('utf8').on('data', (d: string) => (printed += d));
    const bar = fetchProgressBar(lang, stream);
    assert.ok(bar);
    bar.start(3);
    bar.received?.(2);
    bar.received?.(1);
    for (let i = 0; i < 3; i++) {
      bar.mail({ kind: 'new_case', caseId: 1, messageId: 1 });
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.match(printed, words, printed);
  }
  assert.equal(fetchProgressBar('es', new PassThrough()), undefined, 'no bar when the stream is no terminal');
});
