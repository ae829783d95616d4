import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AccountView } from '../../src/accounts/account.view.js';
import { loadKeyring } from '../../src/secrets/keyring.js';
import { SecretStore } from '../../src/secrets/secret.store.js';
import { jsonOf, runCli, type CliResult } from '../support/cli.js';
import { createTestStore, DIALECTS, type TestStore } from '../support/databases.js';
import { assertNoLeak, dumpStore } from '../support/store-dump.js';

const PASSWORD = `Pw-${crypto.randomBytes(9).toString('hex')}`;
const PROXY_PASSWORD = `Px-${crypto.randomBytes(9).toString('hex')}`;
const CLIENT_SECRET = `Cs-${crypto.randomBytes(9).toString('hex')}`;

for (const dialect of DIALECTS) {
  describe(`drobot accounts on ${dialect}`, () => {
    let store: TestStore;
    const outputs: string[] = [];
    const cli = async (
      args: string[],
      input?: string,
      env: Record<string, string> = {},
    ): Promise<CliResult> => {
      const result = await runCli(args, { env: { ...store.env, ...env }, input });
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    const exportText = async () =>
      (await cli(['accounts', 'export'])).stdout.replace(/"exportedAt": "[^"]+"/, '');
    const decrypt = async (id: number, name: string) => {
      const database = await store.open();
      try {
        const secrets = new SecretStore(loadKeyring({ masterKey: undefined, dataDir: store.dataDir }));
        return await secrets.get(database.db, { kind: 'account', id }, name);
      } finally {
        await database.close();
      }
    };

    before(async () => {
      store = await createTestStore(dialect);
    });
    after(async () => {
      await store.drop();
    });

    it('adds accounts with secrets read from standard input, never shown again', async () => {
      const pop = await cli(
        [
          'accounts',
          'add',
          '--name',
          'soporte-pop',
          '--direction',
          'inbound',
          '--protocol',
          'pop3',
          '--preset',
          'domain',
          '--host',
          'pop.example.org',
          '--username',
          'soporte@example.org',
          '--password-stdin',
          '--leave-copy',
          '--json',
        ],
        `${PASSWORD}\n`,
      );
      assert.equal(pop.code, 0, pop.stderr);
      const view = jsonOf<AccountView>(pop);
      assert.equal(view.password, '*****');
      assert.equal(view.state, 'ready');
      assert.equal(view.effectivePort, 995);
      assert.equal(view.leaveCopy, true);
      assert.match(pop.stderr, /Cuenta «soporte-pop» creada/);

      const smtp = await cli(
        [
          'accounts',
          'add',
          '--name',
          'avisos',
          '--direction',
          'outbound',
          '--protocol',
          'smtp',
          '--preset',
          'office365',
          '--username',
          'avisos@contoso.com',
          '--client-id',
          'app-1',
          '--tenant-id',
          'tenant-1',
          '--client-secret-stdin',
          '--proxy',
          'socks5://proxyuser@127.0.0.1:1080',
          '--proxy-password-stdin',
          '--json',
        ],
        `${PROXY_PASSWORD}\n${CLIENT_SECRET}\n`,
      );
      assert.equal(smtp.code, 0, smtp.stderr);
      const smtpView = jsonOf<AccountView>(smtp);
      assert.equal(smtpView.oauth.clientSecret, '*****');
      assert.equal(smtpView.proxy.password, '*****');
      assert.equal(smtpView.proxy.username, 'proxyuser');
      assert.equal(smtpView.state, 'authorization_required');
      assert.equal(smtpView.host, 'smtp.office365.com');
      assert.equal(await decrypt(smtpView.id, 'proxy_password'), PROXY_PASSWORD);
      assert.equal(await decrypt(smtpView.id, 'oauth_client_secret'), CLIENT_SECRET);
      assert.equal(await decrypt(view.id, 'password'), PASSWORD);
    });

    it('lists, shows and edits', async () => {
      const list = jsonOf<AccountView[]>(await cli(['accounts', 'list', '--json']));
      assert.deepEqual(
        list.map((a) => a.name),
        ['avisos', 'soporte-pop'],
      );
      const human = await cli(['accounts', 'list']);
      assert.match(
        human.stdout,
        /soporte-pop\s+entrada\s+POP3\s+Dominio \(cualquier servidor estándar\)\s+pop\.example\.org:995/,
      );

      const edited = await cli([
        'accounts',
        'edit',
        'soporte-pop',
        '--port',
        '1995',
        '--security',
        'implicit',
        '--timeout-ms',
        '8000',
        '--json',
      ]);
      assert.equal(edited.code, 0, edited.stderr);
      const view = jsonOf<AccountView>(edited);
      assert.equal(view.port, 1995);
      assert.equal(view.timeoutMs, 8000);
      assert.equal(view.password, '*****');
      assert.equal(await decrypt(view.id, 'password'), PASSWORD, 'an edit without a password keeps it');

      const shown = await cli(['accounts', 'show', 'soporte-pop']);
      assert.match(shown.stdout, /Contraseña\s+\*{5}/);
      assert.match(shown.stdout, /Proxy\s+ninguno/);
      // Only what applies to a POP3 password account, in groups.
      assert.match(shown.stdout, /^Servidor:\n {2}Nombre del servidor\s+pop\.example\.org/m);
      assert.match(shown.stdout, /^ {2}Dejar una copia de los mensajes en el servidor\s+/m);
      assert.doesNotMatch(
        shown.stdout,
        /OAuth|ClientID|remitente|Carpeta|Tras recoger|requiere autenticación|\{"/,
      );
    });

    it('never stores, logs, prints or exports a secret in clear', async () => {
      const exported = await cli(['accounts', 'export']);
      assert.equal(exported.code, 0);
      const doc = JSON.parse(exported.stdout) as { accounts: Array<Record<string, unknown>> };
      assert.equal(doc.accounts.length, 2);
      const haystacks: Array<[string, string]> = [
        ['the database', await dumpStore(store)],
        ['the log', fs.readFileSync(path.join(store.dataDir, 'drobot.log'), 'utf8')],
        ['the command output', outputs.join('\n')],
        ['the export', exported.stdout],
      ];
      for (const [where, text] of haystacks) {
        for (const secret of [PASSWORD, PROXY_PASSWORD, CLIENT_SECRET]) assertNoLeak(text, secret, where);
      }
      assert.ok(fs.readFileSync(path.join(store.dataDir, 'drobot.log'), 'utf8').includes('account created'));
      assert.equal((fs.statSync(path.join(store.dataDir, 'keys.json')).mode & 0o777).toString(8), '600');
    });

    it('rejects bad input naming the field, in Spanish or English, and writes nothing', async () => {
      const before = await exportText();
      const base = [
        'accounts',
        'add',
        '--direction',
        'inbound',
        '--protocol',
        'pop3',
        '--preset',
        'domain',
        '--host',
        'h.example.org',
        '--username',
        'u@example.org',
      ];
      const cases: Array<{ args: string[]; expect: RegExp; env?: Record<string, string> }> = [
        {
          args: [
            'accounts',
            'add',
            '--name',
            'x',
            '--direction',
            'inbound',
            '--protocol',
            'pop3',
            '--preset',
            'yahoo',
          ],
          expect: /preset.*domain, office365, gmail/,
        },
        { args: [...base, '--name', 'x', '--port', '70000'], expect: /port.*65535/ },
        { args: [...base, '--name', 'x', '--port', 'abc'], expect: /«port»/ },
        { args: [...base, '--name', 'x', '--bogus'], expect: /Opción desconocida: --bogus/ },
        {
          args: [
            'accounts',
            'add',
            '--name',
            'x',
            '--direction',
            'inbound',
            '--protocol',
            'pop3',
            '--preset',
            'domain',
            '--username',
            'u',
          ],
          expect: /«host» es obligatorio/,
        },
        {
          args: [
            'accounts',
            'add',
            '--name',
            'x',
            '--direction',
            'inbound',
            '--protocol',
            'imap',
            '--preset',
            'gmail',
            '--auth',
            'password',
            '--username',
            'nobody',
          ],
          expect: /«username» debe ser una dirección de correo/,
        },
        {
          args: [
            'accounts',
            'add',
            '--name',
            'x',
            '--direction',
            'inbound',
            '--protocol',
            'imap',
            '--preset',
            'office365',
            '--username',
            'a@contoso.com',
            '--client-id',
            'c',
          ],
          expect: /oauth\.tenantId/,
        },
        { args: [...base, '--name', 'soporte-pop'], expect: /Ya existe una cuenta llamada «soporte-pop»/ },
        {
          args: [...base, '--name', 'soporte-pop'],
          expect: /An account named "soporte-pop" already exists/,
          env: { DROBOT_LANG: 'en' },
        },
        {
          args: [...base, '--name', 'x', '--port', '70000'],
          expect: /The field "port" must be at most 65535/,
          env: { DROBOT_LANG: 'en' },
        },
        { args: ['accounts', 'edit', 'nope', '--port', '1'], expect: /No existe la cuenta «nope»/ },
      ];
      for (const c of cases) {
        const r = await cli(c.args, undefined, c.env);
        assert.notEqual(r.code, 0, `${c.args.join(' ')} should fail`);
        assert.match(r.stderr, c.expect, `${c.args.join(' ')}:\n${r.stderr}`);
      }
      const json = await cli([...base, '--name', 'x', '--port', '70000', '--json']);
      const error = JSON.parse(json.stderr) as { error: { code: string; issues: Array<{ field: string }> } };
      assert.equal(error.error.code, 'validation_failed');
      assert.deepEqual(
        error.error.issues.map((i) => i.field),
        ['port'],
      );
      assert.equal(json.stdout, '');

      const dir = store.dataDir;
      fs.writeFileSync(path.join(dir, 'broken.json'), '{"format": "drobot-accounts", "accounts": [');
      const broken = await cli(['accounts', 'import', path.join(dir, 'broken.json')]);
      assert.notEqual(broken.code, 0);
      assert.match(broken.stderr, /JSON recibido no es válido/);
      fs.writeFileSync(
        path.join(dir, 'unknown.json'),
        JSON.stringify({
          format: 'drobot-accounts',
          version: 1,
          accounts: [
            { name: 'n', direction: 'inbound', protocol: 'pop3', preset: 'domain', host: 'h', color: 'red' },
          ],
        }),
      );
      const unknown = await cli(['accounts', 'import', path.join(dir, 'unknown.json')]);
      assert.notEqual(unknown.code, 0);
      assert.match(unknown.stderr, /accounts\.0\.color/);
      const missing = await cli(['accounts', 'import', path.join(dir, 'does-not-exist.json')]);
      assert.notEqual(missing.code, 0);
      assert.equal(await exportText(), before, 'nothing was written');
    });

    it('exports without secrets and imports back, flagging accounts without a password', async () => {
      const file = path.join(store.dataDir, 'accounts.json');
      assert.equal((await cli(['accounts', 'export', file])).code, 0);
      const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { accounts: Array<Record<string, unknown>> };
      for (const name of ['soporte-pop', 'avisos'])
        assert.equal((await cli(['accounts', 'remove', name])).code, 0);
      assert.deepEqual(jsonOf<unknown[]>(await cli(['accounts', 'list', '--json'])), []);

      const partial = structuredClone(doc);
      const smtp = partial.accounts.find((a) => a.name === 'avisos');
      assert.ok(smtp);
      (smtp.oauth as Record<string, unknown>).clientSecret = CLIENT_SECRET;
      (smtp.proxy as Record<string, unknown>).password = PROXY_PASSWORD;
      fs.writeFileSync(file, JSON.stringify(partial));
      const imported = await cli(['accounts', 'import', file, '--json']);
      assert.equal(imported.code, 0, imported.stderr);
      const views = jsonOf<AccountView[]>(imported);
      const pop = views.find((v) => v.name === 'soporte-pop');
      assert.equal(pop?.state, 'password_required');
      assert.equal(pop?.password, null);
      assert.equal(pop?.port, 1995);
      assert.match(imported.stderr, /no tiene contraseña/);
      assert.equal(views.find((v) => v.name === 'avisos')?.oauth.clientSecret, '*****');

      const again = await cli(['accounts', 'import', file]);
      assert.notEqual(again.code, 0, 'importing the same names twice is refused');
      assert.equal(jsonOf<unknown[]>(await cli(['accounts', 'list', '--json'])).length, 2);

      const fixed = await cli(
        ['accounts', 'edit', 'soporte-pop', '--password-stdin', '--json'],
        `${PASSWORD}\n`,
      );
      assert.equal(jsonOf<AccountView>(fixed).state, 'ready');
    });

    it('rotates the master key, keeping every secret usable', async () => {
      const keysFile = path.join(store.dataDir, 'keys.json');
      const oldKeys = JSON.parse(fs.readFileSync(keysFile, 'utf8')) as { current: string };
      const rotated = await cli(['keys', 'rotate', '--json']);
      assert.equal(rotated.code, 0, rotated.stderr);
      const result = JSON.parse(rotated.stdout) as {
        reencrypted: number;
        keyId: string;
      };
      assert.equal(result.reencrypted, 3);
      assert.notEqual(result.keyId, oldKeys.current);
      const newKeys = JSON.parse(fs.readFileSync(keysFile, 'utf8')) as {
        current: string;
        keys: Record<string, string>;
      };
      assert.deepEqual(Object.keys(newKeys.keys), [result.keyId], 'the old key is retired');
      const list = jsonOf<AccountView[]>(await cli(['accounts', 'list', '--json']));
      const pop = list.find((a) => a.name === 'soporte-pop');
      const smtp = list.find((a) => a.name === 'avisos');
      assert.ok(pop && smtp);
      assert.equal(await decrypt(pop.id, 'password'), PASSWORD);
      assert.equal(await decrypt(smtp.id, 'oauth_client_secret'), CLIENT_SECRET);
    });

    it('refuses a wrong master key and a changed ciphertext byte, changing nothing', async () => {
      const keysFile = path.join(store.dataDir, 'keys.json');
      const keysBefore = fs.readFileSync(keysFile, 'utf8');
      const dumpBefore = await exportText();
      const wrongKey = crypto.randomBytes(32).toString('base64');
      const wrong = await cli(['keys', 'rotate'], undefined, { DROBOT_MASTER_KEY: wrongKey });
      assert.notEqual(wrong.code, 0);
      assert.match(wrong.stderr, /fue cifrado con la clave/);

      const database = await store.open();
      try {
        const row = await database.db
          .selectFrom('secrets')
          .selectAll()
          .where('name', '=', 'password')
          .executeTakeFirstOrThrow();
        const parts = row.ciphertext.split('.');
        const body = Buffer.from(parts[4] ?? '', 'base64url');
        body[0] = (body[0] ?? 0) ^ 0xff;
        parts[4] = body.toString('base64url');
        await database.db
          .updateTable('secrets')
          .set({ ciphertext: parts.join('.') })
          .where('owner_id', '=', row.owner_id)
          .where('name', '=', 'password')
          .execute();
      } finally {
        await database.close();
      }
      const tampered = await cli(['keys', 'rotate']);
      assert.notEqual(tampered.code, 0);
      assert.match(tampered.stderr, /está dañado o fue modificado/);
      assert.equal(fs.readFileSync(keysFile, 'utf8'), keysBefore, 'the key file is as it was');
      assert.equal(await exportText(), dumpBefore);

      const bad = await cli(['accounts', 'list'], undefined, { DROBOT_MASTER_KEY: 'c2hvcnQ=' });
      assert.notEqual(bad.code, 0);
      assert.match(
        bad.stderr,
        /DROBOT_MASTER_KEY no es válida: debe ser una o varias claves en base64 de 32 bytes/,
      );

      fs.renameSync(keysFile, `${keysFile}.bak`);
      const lost = await cli(['accounts', 'list']);
      assert.notEqual(lost.code, 0);
      assert.match(lost.stderr, /Falta la clave maestra/);
      assert.equal(fs.existsSync(keysFile), false, 'no new key replaces a lost one');
      fs.renameSync(`${keysFile}.bak`, keysFile);
      assert.equal((await cli(['accounts', 'list'])).code, 0);
    });
  });
}
