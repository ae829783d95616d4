import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AccountView } from '../../src/accounts/account.view.js';
import { jsonOf, runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';

/** An SMTP relay (no SMTP authentication) as an earlier DRobot exported it: every setting of SMTP. */
function earlierRelay(name: string, preset: 'domain' | 'office365', sasl: string, auth: string) {
  return {
    name,
    direction: 'outbound',
    protocol: 'smtp',
    preset,
    connection: 'protocol',
    host: preset === 'domain' ? 'relay.example.test' : 'smtp.office365.com',
    port: 25,
    timeoutMs: 5000,
    security: 'starttls',
    // Before the SASL method and the authentication type needed a login, both were stored and exported.
    sasl,
    auth,
    smtpAuth: false,
    enabled: true,
    proxy: { type: 'none', host: null, port: null, username: null },
    tls: { caPem: null, pinSha256: null, insecureSkipVerify: false },
    outbound: { fromAddress: `${name}@example.test`, fromName: null, ratePerMinute: 60 },
  };
}

/**
 * The export document of an earlier version: a relay made with --sasl plain --auth oauth2, and the
 * console's Office 365 relay, which sent the preset's xoauth2 method; an inbound account as it is.
 */
const EARLIER_EXPORT = {
  format: 'drobot-accounts',
  version: 1,
  exportedAt: '2026-11-20T09:00:00.000Z',
  accounts: [
    earlierRelay('relay-dominio', 'domain', 'plain', 'oauth2'),
    earlierRelay('relay-o365', 'office365', 'xoauth2', 'oauth2'),
    {
      name: 'buzon',
      direction: 'inbound',
      protocol: 'imap',
      preset: 'domain',
      connection: 'protocol',
      host: 'imap.example.test',
      port: 993,
      username: 'buzon@example.test',
      timeoutMs: 5000,
      security: 'implicit',
      sasl: 'plain',
      auth: 'password',
      enabled: true,
    },
  ],
};

describe('drobot accounts import: an export from an earlier version', () => {
  let store: TestStore;
  const cli = (args: string[], lang: 'es' | 'en' = 'es') =>
    runCli(args, { env: { ...store.env, DROBOT_LANG: lang } });
  const write = (name: string, document: unknown) => {
    const file = path.join(store.dataDir, name);
    fs.writeFileSync(file, JSON.stringify(document, null, 2));
    return file;
  };
  const removeAll = async () => {
    for (const name of ['relay-dominio', 'relay-o365', 'buzon']) await cli(['accounts', 'remove', name]);
  };

  before(async () => {
    store = await createTestStore('sqlite');
  });
  after(async () => {
    await store.drop();
  });

  it("imports a relay's SASL method and authentication type as the current rules take them, saying so", async () => {
    const imported = await cli(['accounts', 'import', write('earlier.json', EARLIER_EXPORT), '--json']);
    assert.equal(imported.code, 0, imported.stderr);
    const warnings = imported.stderr
      .split('\n')
      .filter((line) => line.includes('no tiene autenticación SMTP'));
    assert.deepEqual(warnings, [
      'Aviso: la cuenta «relay-dominio» no tiene autenticación SMTP: se importa con «sasl» auto (era plain), «auth» password (era oauth2).',
      'Aviso: la cuenta «relay-o365» no tiene autenticación SMTP: se importa con «sasl» auto (era xoauth2).',
    ]);
    const views = jsonOf<AccountView[]>(imported);
    assert.deepEqual(
      views.map((v) => [v.name, v.sasl, v.auth]),
      [
        ['relay-dominio', 'auto', 'password'],
        ['relay-o365', 'auto', 'oauth2'],
        ['buzon', 'plain', 'password'],
      ],
    );
    assert.deepEqual(
      views.filter((v) => v.direction === 'outbound').map((v) => v.smtpAuth),
      [false, false],
    );
    // Exported again, the relays carry neither setting: importing that says nothing more.
    const again = await cli(['accounts', 'export']);
    const exported = JSON.parse(again.stdout) as { accounts: Record<string, unknown>[] };
    for (const relay of exported.accounts.filter((a) => a.smtpAuth === false)) {
      assert.equal(relay.sasl, undefined, String(relay.name));
      assert.equal(relay.auth, undefined, String(relay.name));
    }
    await removeAll();
    const quiet = await cli(['accounts', 'import', write('current.json', exported)]);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.doesNotMatch(quiet.stderr, /autenticación SMTP/);
    await removeAll();
  });

  it('says so in English too, one line per account', async () => {
    const imported = await cli(['accounts', 'import', write('earlier-en.json', EARLIER_EXPORT)], 'en');
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(
      imported.stderr,
      /^Warning: account "relay-dominio" has no SMTP authentication: imported with "sasl" auto \(was plain\), "auth" password \(was oauth2\)\.$/m,
    );
    assert.match(
      imported.stderr,
      /^Warning: account "relay-o365" has no SMTP authentication: imported with "sasl" auto \(was xoauth2\)\.$/m,
    );
    assert.equal(
      imported.stderr.match(/^Warning: account .* has no SMTP authentication/gm)?.length,
      2,
      imported.stderr,
    );
    await removeAll();
  });

  it("never drops a relay's secret: a password given for it is still refused by name, nothing written", async () => {
    const withSecret = structuredClone(EARLIER_EXPORT);
    Object.assign(withSecret.accounts[0] ?? {}, { password: 'Secreto-del-relay-1' });
    const refused = await cli(['accounts', 'import', write('secret.json', withSecret)], 'en');
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /accounts\.0\.password/);
    assert.doesNotMatch(refused.stderr, /accounts\.0\.(sasl|auth)\b/);
    assert.doesNotMatch(refused.stderr, /has no SMTP authentication/, 'nothing imported, nothing said of it');
    assert.deepEqual(jsonOf<unknown[]>(await cli(['accounts', 'list', '--json'])), []);
  });
});
