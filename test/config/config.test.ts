import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CONFIG_VARIABLES, ConfigError, loadConfig, type ConfigOverrides } from '../../src/config/config.js';

/** The ConfigError loading this environment throws (failing when it loads). */
function configErrorOf(env: Record<string, string>, overrides: ConfigOverrides = {}): ConfigError {
  try {
    loadConfig(env, overrides);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail(`accepted: ${JSON.stringify(env)}`);
}

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    assert.equal(config.dataDir, path.resolve('./data'));
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.lang, 'es');
    assert.equal(config.httpHost, '127.0.0.1');
    assert.equal(config.httpPort, 8025);
    assert.equal(config.caseTagLabel, 'Caso');
    assert.deepEqual(config.senderThrottle, { limit: 30, windowSeconds: 3600 });
    assert.equal(config.fetchOnServe, true);
    assert.equal(config.parseThread, os.availableParallelism() >= 2);
    assert.ok(Object.isFrozen(config));
  });

  it('reads every variable', () => {
    const config = loadConfig({
      DROBOT_DATA_DIR: '/srv/drobot',
      DROBOT_DATABASE_URL: 'postgres://u@db/drobot',
      DROBOT_LANG: 'en',
      DROBOT_PORT: '9000',
      DROBOT_CASE_TAG_LABEL: 'Ticket',
      DROBOT_SENDER_LIMIT: '5',
      DROBOT_SENDER_WINDOW_SECONDS: '600',
      DROBOT_NOTIFY_ACCOUNTS: 'alarm=alarmas, password-recovery=cuentas',
      DROBOT_FETCH: 'off',
      DROBOT_PARSE_THREAD: 'off',
    });
    assert.equal(config.dataDir, '/srv/drobot');
    assert.equal(config.lang, 'en');
    assert.equal(config.httpPort, 9000);
    assert.equal(config.caseTagLabel, 'Ticket');
    assert.deepEqual(config.senderThrottle, { limit: 5, windowSeconds: 600 });
    assert.deepEqual(config.notify.accountByType, { alarm: 'alarmas', 'password-recovery': 'cuentas' });
    assert.equal(config.fetchOnServe, false);
    assert.equal(config.parseThread, false);
    assert.equal(loadConfig({ DROBOT_PARSE_THREAD: 'on' }).parseThread, true);
  });

  it('reports every problem at once', () => {
    assert.throws(
      () =>
        loadConfig({
          DROBOT_DATABASE_URL: 'mysql://x',
          DROBOT_PORT: '70000',
          DROBOT_LANG: 'fr',
          DROBOT_CASE_TAG_LABEL: 'Caso]#',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual([...error.variables].sort(), [
          'DROBOT_CASE_TAG_LABEL',
          'DROBOT_DATABASE_URL',
          'DROBOT_LANG',
          'DROBOT_PORT',
        ]);
        return true;
      },
    );
  });

  it('refuses a blank or non-decimal number instead of reading it as 0 or as hexadecimal', () => {
    const error = configErrorOf({
      DROBOT_PORT: ' ',
      DROBOT_ACK_WINDOW_SECONDS: '  ',
      DROBOT_SENDER_LIMIT: '0x10',
      DROBOT_SENDER_WINDOW_SECONDS: '1e3',
    });
    assert.deepEqual(error.variables, [
      'DROBOT_PORT',
      'DROBOT_SENDER_LIMIT',
      'DROBOT_SENDER_WINDOW_SECONDS',
      'DROBOT_ACK_WINDOW_SECONDS',
    ]);
    assert.match(error.render('es'), /DROBOT_PORT no es válida: debe ser un número de puerto de 0 a 65535/);
    const spaced = loadConfig({ DROBOT_PORT: ' 0 ', DROBOT_ACK_WINDOW_SECONDS: '0' });
    assert.equal(spaced.httpPort, 0, 'an explicit 0 still means any free port');
    assert.equal(spaced.helpdesk.ackWindowSeconds, 0);
  });

  it('checks the form of DROBOT_MASTER_KEY with the rest: base64 keys of 32 bytes, comma-separated', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const other = Buffer.alloc(32, 9).toString('base64url');
    assert.equal(loadConfig({ DROBOT_MASTER_KEY: `${key}, ${other}` }).masterKey, `${key}, ${other}`);
    for (const bad of [
      '=abc',
      ' ',
      'c2hvcnQ=',
      `${key},`,
      `${key},=abc`,
      `${key.slice(0, 20)}!${key.slice(20)}`,
    ]) {
      const error = configErrorOf({ DROBOT_MASTER_KEY: bad, DROBOT_PORT: 'x' });
      assert.deepEqual(error.variables, ['DROBOT_MASTER_KEY', 'DROBOT_PORT'], bad);
      assert.match(
        error.render('es'),
        /DROBOT_MASTER_KEY no es válida: debe ser una o varias claves en base64 de 32 bytes, separadas por comas/,
      );
    }
  });

  it('refuses a DROBOT_TEMPLATES_DIR that is missing or not a directory, naming it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-config-templates-'));
    try {
      assert.equal(loadConfig({ DROBOT_TEMPLATES_DIR: dir }).notify.templatesDir, dir);
      const missing = path.join(dir, 'nonexistent');
      assert.equal(
        configErrorOf({ DROBOT_TEMPLATES_DIR: missing }).render('es'),
        `Configuración no válida:\n  - DROBOT_TEMPLATES_DIR no es válida: ${missing} no existe`,
      );
      const file = path.join(dir, 'es.txt');
      fs.writeFileSync(file, 'x');
      const notDir = configErrorOf({ DROBOT_TEMPLATES_DIR: file, DROBOT_PORT: 'x' });
      assert.deepEqual(notDir.variables, ['DROBOT_PORT', 'DROBOT_TEMPLATES_DIR']);
      assert.match(notDir.render('es'), /DROBOT_TEMPLATES_DIR no es válida: .*es\.txt no es un directorio/);
      assert.match(notDir.render('en'), /DROBOT_TEMPLATES_DIR is not valid: .*es\.txt is not a directory/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses DROBOT_NOTIFY_ACCOUNTS routes for unknown notification types, naming them and the known ones', () => {
    const error = configErrorOf({ DROBOT_NOTIFY_ACCOUNTS: 'alarm=alarmas, bogus=avisos,alarms=x' });
    assert.equal(
      error.render('es'),
      'Configuración no válida:\n  - DROBOT_NOTIFY_ACCOUNTS no es válida: tipo de notificación desconocido: bogus, alarms ' +
        '(los tipos son case-created, case-updated, account-verification, password-recovery, alarm)',
    );
    assert.match(
      error.render('en'),
      /DROBOT_NOTIFY_ACCOUNTS is not valid: unknown notification type: bogus, alarms/,
    );
  });

  it('takes OAuth authorities over https, or http to this machine only', () => {
    for (const good of [
      'https://login.microsoftonline.us',
      'https://login.example.org/base/',
      'http://127.0.0.1:40123/microsoft',
      'http://localhost:8080',
      'http://[::1]:9/google',
    ]) {
      const config = loadConfig({
        DROBOT_OAUTH_MICROSOFT_AUTHORITY: good,
        DROBOT_OAUTH_GOOGLE_AUTHORITY: good,
      });
      assert.deepEqual(config.oauthAuthorities, { microsoft: good, google: good });
    }
    for (const bad of [
      'javascript:alert(1)',
      'ftp://login.example.org',
      'http://login.example.org',
      'http://10.0.0.1',
      'https://user:pass@login.example.org',
      'https://login.example.org/?tenant=x',
      'https://login.example.org/#x',
      'login.example.org',
    ]) {
      const error = configErrorOf({
        DROBOT_OAUTH_MICROSOFT_AUTHORITY: bad,
        DROBOT_OAUTH_GOOGLE_AUTHORITY: bad,
      });
      assert.deepEqual(
        error.variables,
        ['DROBOT_OAUTH_MICROSOFT_AUTHORITY', 'DROBOT_OAUTH_GOOGLE_AUTHORITY'],
        bad,
      );
      assert.match(
        error.render('es'),
        /DROBOT_OAUTH_GOOGLE_AUTHORITY no es válida: debe ser una URL https \(http sólo en esta máquina/,
      );
    }
  });
});

describe('configuration errors in the reader language', () => {
  it('names each bad variable and what it must hold, in Spanish and English', () => {
    let caught: unknown;
    try {
      loadConfig({
        DROBOT_PORT: '99999',
        DROBOT_FETCH: 'maybe',
        DROBOT_SENDER_LIMIT: '0',
        DROBOT_PARSE_THREAD: 'sometimes',
      });
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof ConfigError);
    const es = caught.render('es');
    const en = caught.render('en');
    assert.match(es, /^Configuración no válida:/);
    assert.match(es, /DROBOT_PORT no es válida: debe ser un número de puerto de 0 a 65535/);
    assert.match(es, /DROBOT_FETCH no es válida: debe ser «on» u «off»/);
    assert.match(es, /DROBOT_SENDER_LIMIT no es válida: debe ser un número entero de 1 a 100000/);
    assert.match(es, /DROBOT_PARSE_THREAD no es válida: debe ser «auto», «on» u «off»/);
    assert.match(en, /DROBOT_PARSE_THREAD is not valid: it must be "auto", "on" or "off"/);
    assert.match(en, /^Invalid configuration:/);
    assert.match(en, /DROBOT_PORT is not valid: it must be a port number from 0 to 65535/);
  });

  it('says what the acknowledgment window and the notified statuses must hold, not the schema text', () => {
    const error = configErrorOf({ DROBOT_ACK_WINDOW_SECONDS: '-1', DROBOT_NOTIFY_STATUSES: 'abierto' });
    assert.equal(
      error.render('es'),
      [
        'Configuración no válida:',
        '  - DROBOT_ACK_WINDOW_SECONDS no es válida: debe ser un número entero de segundos de 0 a 604800 (0: sin límite)',
        '  - DROBOT_NOTIFY_STATUSES no es válida: debe ser una lista separada por comas de new, open, pending, resolved, closed (o none)',
      ].join('\n'),
    );
    assert.match(
      error.render('en'),
      /DROBOT_ACK_WINDOW_SECONDS is not valid: it must be a whole number of seconds/,
    );
    assert.match(
      error.render('en'),
      /DROBOT_NOTIFY_STATUSES is not valid: it must be a comma-separated list/,
    );
  });

  it('refuses a bad value of every variable in Spanish and English, naming it', () => {
    // One bad value per variable of the schema: a variable added without one (or without its texts) fails here.
    const bad: Readonly<Record<string, string>> = {
      DROBOT_DATA_DIR: ' ',
      DROBOT_DATABASE_URL: 'mysql://db/drobot',
      DROBOT_MASTER_KEY: '=abc',
      DROBOT_LANG: 'fr',
      DROBOT_ADMIN_TOKEN: 'short',
      DROBOT_HOST: ' ',
      DROBOT_PORT: ' ',
      DROBOT_PUBLIC_URL: 'https://desk.example.org/path',
      DROBOT_LOG_LEVEL: 'loud',
      DROBOT_FETCH: 'maybe',
      DROBOT_PARSE_THREAD: 'sometimes',
      DROBOT_OAUTH_MICROSOFT_AUTHORITY: 'javascript:alert(1)',
      DROBOT_OAUTH_GOOGLE_AUTHORITY: 'ftp://accounts.example.org',
      DROBOT_TEMPLATES_DIR: '/nonexistent',
      DROBOT_CASE_TAG_LABEL: 'Caso]#',
      DROBOT_SENDER_LIMIT: '0',
      DROBOT_SENDER_WINDOW_SECONDS: '59',
      DROBOT_NOTIFY_ACCOUNT: ' ',
      DROBOT_ACK_WINDOW_SECONDS: '-1',
      DROBOT_NOTIFY_STATUSES: 'abierto',
      DROBOT_NOTIFY_ACCOUNTS: 'bogus=avisos',
    };
    assert.ok(CONFIG_VARIABLES.length >= Object.keys(bad).length);
    for (const variable of CONFIG_VARIABLES) {
      assert.deepEqual(configErrorOf({ [variable]: '   ' }).variables, [variable], 'only spaces');
    }
    for (const variable of CONFIG_VARIABLES) {
      const value = bad[variable];
      assert.ok(value !== undefined, `no bad value of ${variable} in this test`);
      const error = configErrorOf({ [variable]: value });
      assert.deepEqual(error.variables, [variable]);
      const es = error.render('es');
      const en = error.render('en');
      assert.match(es, new RegExp(`^Configuración no válida:\\n {2}- ${variable} no es válida: \\S`), es);
      assert.match(en, new RegExp(`^Invalid configuration:\\n {2}- ${variable} is not valid: \\S`), en);
      // The schema library's own messages are English: none may reach a Spanish reader.
      assert.doesNotMatch(es, /\b(expected|Invalid|Too (small|big)|must|received)\b/, es);
      assert.notEqual(es.split('\n')[1], en.split('\n')[1], variable);
    }
  });

  it('names --data-dir, not DROBOT_DATA_DIR, for a data directory given on the command line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-config-data-'));
    try {
      const file = path.join(dir, 'drobot.sqlite');
      fs.writeFileSync(file, '');
      assert.equal(
        configErrorOf({ DROBOT_DATA_DIR: '/srv/drobot' }, { dataDir: file }).render('es'),
        `Configuración no válida:\n  - --data-dir no es válida: ${file} no es un directorio`,
      );
      assert.deepEqual(configErrorOf({ DROBOT_DATA_DIR: file }).variables, ['DROBOT_DATA_DIR']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
