import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli } from '../support/cli.js';

type Lang = 'es' | 'en';

/** The "term  description" entries of a help page, continuation lines joined. */
function entries(page: string): Map<string, string> {
  const found = new Map<string, string>();
  let last: string | undefined;
  for (const line of page.split('\n')) {
    const item = /^ {2}(\S.*?) {2,}(\S.*)$/.exec(line);
    if (item?.[1] && item[2]) {
      last = item[1];
      found.set(last, item[2]);
    } else if (last && /^ {10,}\S/.test(line)) {
      found.set(last, `${found.get(last) ?? ''} ${line.trim()}`);
    } else last = undefined;
  }
  return found;
}

function subcommands(page: string): string[] {
  const section = page.split(/\n(?:Órdenes|Commands):\n/)[1] ?? '';
  return [...entries(section.split('\n\n')[0] ?? '').keys()]
    .map((term) => term.split(/\s/)[0] ?? '')
    .filter((name) => name !== 'help' && name !== '');
}

/** A Spanish help term with commander's placeholders as the English page writes them. */
const inEnglish = (term: string) => term.replace('[opciones]', '[options]').replace('[orden]', '[command]');

/** A description with no word to translate: a list of values, a URL pattern. */
const untranslatable = (text: string) => !/[a-z]{3,} [a-z]{2,}/i.test(text.replace(/\(.*?\)/g, ''));

describe('--help in Spanish and English', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  const help = async (words: string[], lang: Lang) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-help-'));
    dirs.push(dir);
    const result = await runCli([...words, '--help'], { env: { DROBOT_LANG: lang, DROBOT_DATA_DIR: dir } });
    assert.equal(result.code, 0, result.stderr);
    return result.stdout;
  };

  test('every command and option is described in both languages', async () => {
    const pending: string[][] = [[]];
    let pages = 0;
    let compared = 0;
    while (pending.length > 0) {
      const words = pending.shift() ?? [];
      const [es, en] = [await help(words, 'es'), await help(words, 'en')];
      pages++;
      assert.match(es, /^Uso: drobot/m, words.join(' '));
      assert.match(en, /^Usage: drobot/m, words.join(' '));
      assert.doesNotMatch(es, /^(Options|Commands|Arguments):/m);
      assert.doesNotMatch(es, /\[(options|command)\]/, `commander's placeholders: ${words.join(' ')}`);
      const [esItems, enItems] = [entries(es), entries(en)];
      assert.deepEqual(
        [...esItems.keys()].map(inEnglish),
        [...enItems.keys()],
        `the same entries: ${words.join(' ')}`,
      );
      const esByTerm = new Map([...esItems].map(([term, text]) => [inEnglish(term), text]));
      for (const [term, english] of enItems) {
        if (untranslatable(english)) continue;
        compared++;
        assert.notEqual(
          esByTerm.get(term),
          english,
          `"drobot ${words.join(' ')} --help": ${term} in Spanish`,
        );
      }
      for (const sub of subcommands(en)) pending.push([...words, sub]);
    }
    assert.ok(pages >= 30, `walked ${pages} help pages`);
    assert.ok(compared >= 150, `compared ${compared} descriptions`);
  });

  test('every setting that has a default states it, in both languages', async () => {
    for (const lang of ['en', 'es'] as const) {
      const word = lang === 'en' ? 'default' : 'por omisión';
      const add = entries(await help(['accounts', 'add'], lang));
      for (const option of [
        '--security <security>',
        '--timeout-ms <ms>',
        '--leave-copy',
        '--folder <folder>',
        '--poll-interval <seconds>',
        '--max-messages <n>',
        '--max-size <bytes>',
        '--first-run <policy>',
        '--after-fetch <action>',
        '--rate-per-minute <n>',
      ]) {
        assert.ok(add.get(option)?.includes(word), `accounts add ${option} (${lang}): ${add.get(option)}`);
      }
      const fetch = entries(await help(['fetch'], lang));
      for (const option of ['--once', '--all']) {
        assert.ok(fetch.get(option)?.includes(word), `fetch ${option} (${lang}): ${fetch.get(option)}`);
      }
    }
  });

  test('--from gives the user name as its default only for an account that signs in', async () => {
    const said = {
      es: [
        /por omisión, el usuario de una cuenta que inicia sesión/,
        /sin autenticación SMTP no tiene usuario/,
      ],
      en: [/default: the user name of an account that signs in/, /without SMTP authentication has none/],
    };
    for (const command of ['add', 'edit']) {
      for (const lang of ['es', 'en'] as const) {
        const from = entries(await help(['accounts', command], lang)).get('--from <address>') ?? '';
        for (const words of said[lang]) assert.match(from, words, `accounts ${command} (${lang})`);
      }
    }
  });

  test("the usage line and subcommand terms name commander's placeholders in the language", async () => {
    const es = await help([], 'es');
    assert.match(es, /^Uso: drobot \[opciones\] \[orden\]$/m);
    assert.match(es, /^ {2}help \[orden\] /m);
    assert.match(await help(['fetch'], 'es'), /^Uso: drobot fetch \[opciones\] <name>$/m);
    const en = await help([], 'en');
    assert.match(en, /^Usage: drobot \[options\] \[command\]$/m);
    assert.match(en, /^ {2}help \[command\] /m);
  });

  test('--help says where the data lives and how to point at it', async () => {
    const es = await help([], 'es');
    const en = await help([], 'en');
    assert.match(es, /--data-dir <dir>/);
    assert.match(es, /DROBOT_DATA_DIR/);
    assert.match(es, /directorio de datos/);
    assert.match(en, /the data directory: --data-dir DIR, or DROBOT_DATA_DIR, or \.\/data/);
  });
});

describe('configuration errors', () => {
  test('are said in the language of DROBOT_LANG', async () => {
    const es = await runCli(['accounts', 'list'], { env: { DROBOT_LANG: 'es', DROBOT_PORT: 'x' } });
    assert.equal(es.code, 2);
    assert.match(
      es.stderr,
      /Configuración no válida:\n {2}- DROBOT_PORT no es válida: debe ser un número de puerto/,
    );
    const en = await runCli(['accounts', 'list'], { env: { DROBOT_LANG: 'en', DROBOT_PORT: 'x' } });
    assert.match(
      en.stderr,
      /Invalid configuration:\n {2}- DROBOT_PORT is not valid: it must be a port number/,
    );
  });
});

describe('the data directory', () => {
  test('creating one (and its key) is announced on stderr with its path; --data-dir picks it', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-dd-'));
    try {
      const dir = path.join(parent, 'nuevo');
      const first = await runCli(['--data-dir', dir, 'accounts', 'list'], { env: { DROBOT_LANG: 'es' } });
      assert.equal(first.code, 0, first.stderr);
      assert.ok(first.stderr.includes(`Directorio de datos creado: ${dir}`), first.stderr);
      assert.ok(first.stderr.includes(`Clave maestra nueva creada en ${path.join(dir, 'keys.json')}`));
      assert.ok(fs.existsSync(path.join(dir, 'keys.json')));
      // The option wins over the environment, and also comes after the command.
      const again = await runCli(['accounts', 'list', '--data-dir', dir], {
        env: { DROBOT_LANG: 'en', DROBOT_DATA_DIR: path.join(parent, 'other') },
      });
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.stderr, '', 'an existing directory and key are not announced');
      assert.equal(fs.existsSync(path.join(parent, 'other')), false);
      const env = await runCli(['accounts', 'list'], { env: { DROBOT_LANG: 'en', DROBOT_DATA_DIR: dir } });
      assert.equal(env.stderr, '');
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});
