import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { localizePlaceholders, placeholderWord, PLACEHOLDER_WORDS } from '../../src/cli/help-placeholders.js';
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

/**
 * An English help term as the Spanish page writes it: its placeholders (`[options]`, `<name>`) in Spanish,
 * or, for an argument's entry, the argument's word itself.
 */
const inSpanish = (term: string, spanish: string) =>
  spanish === placeholderWord(term, 'es') ? spanish : localizePlaceholders(term, 'es');

/** The words of a page's placeholders: "<name>", "[type]", "<name...>", and its argument entries' terms. */
function placeholdersOf(page: string): string[] {
  const words = [...page.matchAll(/[<[]([a-zA-Z\u00c0-\u017f][\w\u00c0-\u017f-]*)(?:\.\.\.)?[>\]]/g)].map(
    (found) => found[1] ?? '',
  );
  const section = page.split(/\n(?:Argumentos|Arguments):\n/)[1]?.split('\n\n')[0] ?? '';
  return [...words, ...entries(section).keys()];
}

/** The table's words that are said differently in Spanish and English, in one of the two. */
const translated = (lang: Lang) =>
  new Set(
    Object.values(PLACEHOLDER_WORDS)
      .filter((word) => word.es !== word.en)
      .map((word) => word[lang]),
  );

/** A description with no word to translate: a list of values, a URL pattern. */
const untranslatable = (text: string) => !/[a-z]{3,} [a-z]{2,}/i.test(text.replace(/\(.*?\)/g, ''));

describe('--help in Spanish and English', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  // Each page is asked for once: the walks over every command read the same pages.
  const pages = new Map<string, Promise<string>>();
  const help = (words: string[], lang: Lang) => {
    const key = `${lang} ${words.join(' ')}`;
    const page = pages.get(key) ?? askHelp(words, lang);
    pages.set(key, page);
    return page;
  };
  const askHelp = async (words: string[], lang: Lang) => {
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
      const [esItems, enItems] = [[...entries(es)], [...entries(en)]];
      assert.deepEqual(
        esItems.map(([term]) => term),
        enItems.map(([term], i) => inSpanish(term, esItems[i]?.[0] ?? '')),
        `the same entries: ${words.join(' ')}`,
      );
      const esByTerm = new Map(esItems.map(([, text], i) => [enItems[i]?.[0], text]));
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
        const said = add.get(localizePlaceholders(option, lang));
        assert.ok(said?.includes(word), `accounts add ${option} (${lang}): ${said}`);
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
        const term = localizePlaceholders('--from <address>', lang);
        const from = entries(await help(['accounts', command], lang)).get(term) ?? '';
        for (const words of said[lang]) assert.match(from, words, `accounts ${command} (${lang})`);
      }
    }
  });

  test("the usage line and subcommand terms name commander's placeholders in the language", async () => {
    const es = await help([], 'es');
    assert.match(es, /^Uso: drobot \[opciones\] \[orden\]$/m);
    assert.match(es, /^ {2}help \[orden\] /m);
    assert.match(await help(['fetch'], 'es'), /^Uso: drobot fetch \[opciones\] <nombre>$/m);
    const en = await help([], 'en');
    assert.match(en, /^Usage: drobot \[options\] \[command\]$/m);
    assert.match(en, /^ {2}help \[command\] /m);
  });

  test("every command's arguments and option values are named in the reader's language", async () => {
    const [english, spanish] = [translated('en'), translated('es')];
    const pending: string[][] = [[]];
    let pages = 0;
    while (pending.length > 0) {
      const words = pending.shift() ?? [];
      const [es, en] = [await help(words, 'es'), await help(words, 'en')];
      pages++;
      const command = `drobot ${words.join(' ')} --help`;
      const leftInEnglish = placeholdersOf(es).filter((word) => english.has(word) && !spanish.has(word));
      assert.deepEqual(leftInEnglish, [], `${command} (es): placeholders left in English`);
      const inSpanishToo = placeholdersOf(en).filter((word) => spanish.has(word) && !english.has(word));
      assert.deepEqual(inSpanishToo, [], `${command} (en): placeholders in Spanish`);
      for (const sub of subcommands(en)) pending.push([...words, sub]);
    }
    assert.ok(pages >= 30, `walked ${pages} help pages`);

    // The English help is as commander prints the commands' own declarations.
    const show = { es: await help(['accounts', 'show'], 'es'), en: await help(['accounts', 'show'], 'en') };
    assert.match(show.es, /^Uso: drobot accounts show \[opciones\] <nombre>$/m);
    assert.match(show.en, /^Usage: drobot accounts show \[options\] <name>$/m);
    const notify = { es: await help(['notify'], 'es'), en: await help(['notify'], 'en') };
    assert.match(notify.es, /^Uso: drobot notify \[opciones\] \[tipo\]$/m);
    assert.match(notify.es, /^Argumentos:\n {2}tipo {2,}/m);
    assert.match(notify.es, /^ {2}--to <dirección> {2,}/m);
    assert.match(notify.en, /^Usage: drobot notify \[options\] \[type\]$/m);
    assert.match(notify.en, /^Arguments:\n {2}type {2,}/m);
    assert.match(notify.en, /^ {2}--to <address> {2,}/m);
    // Flags stay as they are; so do placeholders that are not words.
    const add = await help(['accounts', 'add'], 'es');
    const serve = { es: await help(['serve'], 'es'), en: await help(['serve'], 'en') };
    // serve's --host is the address it listens on, an account's the server it connects to.
    assert.match(serve.es, /^ {2}--host <dirección> {2,}/m);
    assert.match(serve.es, /^ {2}--port <puerto> {2,}/m);
    assert.match(serve.en, /^ {2}--host <address> {2,}/m);
    assert.match(add, /^ {2}--host <servidor> {2,}/m);
    assert.match(serve.en, /^ {2}--port <port> {2,}/m);
    assert.match(add, /^ {2}--timeout-ms <ms> {2,}/m);
    assert.match(add, /^ {2}--api-url <url> {2,}/m);
  });

  test("commander's usage errors name the argument or option as the help does", async () => {
    const run = (args: string[], lang: Lang) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-help-'));
      dirs.push(dir);
      return runCli(args, { env: { DROBOT_LANG: lang, DROBOT_DATA_DIR: dir } });
    };
    const es = await run(['accounts', 'show'], 'es');
    assert.equal(es.code, 2);
    assert.match(es.stderr, /Falta un argumento: nombre$/m);
    assert.match((await run(['cases', 'list', '--status'], 'es')).stderr, /--status <estado>$/m);
    assert.match((await run(['accounts', 'show'], 'en')).stderr, /Missing argument: name$/m);
    assert.match((await run(['cases', 'list', '--status'], 'en')).stderr, /--status <status>$/m);
  });

  test('--help says where the data lives and how to point at it', async () => {
    const es = await help([], 'es');
    const en = await help([], 'en');
    assert.match(es, /--data-dir <directorio>/);
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
      // The option's placeholder as the Spanish help writes it.
      assert.ok(first.stderr.includes('drobot --data-dir DIRECTORIO)'), first.stderr);
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
