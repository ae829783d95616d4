import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';

describe('the raw mail of something that does not exist is named in the language of the command', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore('sqlite');
  });
  after(() => store.drop());

  it('says which message or quarantine entry is missing, in Spanish and in English', async () => {
    const expected = [
      [
        ['quarantine', 'raw', '2'],
        'No existe la entrada de cuarentena «2».',
        'There is no quarantine entry "2".',
      ],
      [['cases', 'raw', '999'], 'No existe el mensaje «999».', 'There is no message "999".'],
    ] as const;
    for (const [args, es, en] of expected) {
      for (const [lang, text] of [
        ['es', es],
        ['en', en],
      ] as const) {
        const result = await runCli(args, { env: { ...store.env, DROBOT_LANG: lang } });
        assert.notEqual(result.code, 0);
        assert.ok(result.stderr.includes(text), `${args.join(' ')} (${lang}): ${result.stderr}`);
      }
    }
  });
});
