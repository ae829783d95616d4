import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AccountView } from '../../src/accounts/account.view.js';
import { createTestStore, DIALECTS, type TestStore } from '../support/databases.js';
import { KINDS } from '../support/account-kinds.js';
import {
  DEFAULTS_GIVEN,
  INAPPLICABLE,
  REFUSED_ON_IMPORT,
  REASONS,
  SECRET,
  storedCounts,
  clearStoredSender,
} from '../support/inapplicable-settings.js';
import { loadKeyring } from '../../src/secrets/keyring.js';
import { SecretStore } from '../../src/secrets/secret.store.js';
import { serializeTokenSet } from '../../src/oauth/token.model.js';
import { startServer, type RunningServer } from '../support/server.js';
import { assertNoLeak, dumpStore } from '../support/store-dump.js';

const PASSWORD = `Pw-${crypto.randomBytes(9).toString('hex')}`;

/** An SMTP relay without authentication: the least an account needs. */
const relayNamed = (name: string) => ({
  name,
  direction: 'outbound',
  protocol: 'smtp',
  preset: 'domain',
  host: 'smtp.example.org',
  smtpAuth: false,
  outbound: { fromAddress: 'soporte@helpdesk.test' },
});

interface ErrorBody {
  error: {
    code: string;
    message: string;
    field?: string;
    issues?: Array<{ field: string; message: string }>;
  };
}

for (const dialect of DIALECTS) {
  describe(`REST API /api/accounts on ${dialect}`, () => {
    let store: TestStore;
    let server: RunningServer;
    const bodies: string[] = [];
    const api = async (method: string, p: string, body?: unknown, headers?: Record<string, string>) => {
      const r = await server.api(method, p, body, headers);
      bodies.push(r.text);
      return r;
    };

    before(async () => {
      store = await createTestStore(dialect);
      server = await startServer(store.env);
    });
    after(async () => {
      await server.stop();
      await store.drop();
    });

    it('requires the admin token', async () => {
      assert.equal((await api('GET', '/api/accounts', undefined, { authorization: '' })).status, 401);
      assert.equal(
        (await api('GET', '/api/accounts', undefined, { authorization: 'Bearer wrong-token' })).status,
        401,
      );
      const ok = await api('GET', '/api/accounts');
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.json(), []);
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:/);
    });

    it('creates, reads, edits and removes accounts; secrets are write-only', async () => {
      const created = await api('POST', '/api/accounts', {
        name: 'mesa-imap',
        direction: 'inbound',
        protocol: 'imap',
        preset: 'domain',
        host: 'imap.example.org',
        username: 'mesa@example.org',
        password: PASSWORD,
        security: 'starttls',
        inbound: { pollIntervalSeconds: 30, firstRun: 'unread' },
      });
      assert.equal(created.status, 201, created.text);
      const view = created.json<AccountView>();
      assert.equal(view.password, '*****');
      assert.equal(view.effectivePort, 143);
      assert.equal(view.inbound.pollIntervalSeconds, 30);
      assert.equal(view.state, 'ready');

      const got = await api('GET', `/api/accounts/${view.id}`);
      assert.equal(got.json<AccountView>().name, 'mesa-imap');
      const byName = await api('GET', '/api/accounts/mesa-imap');
      assert.equal(byName.json<AccountView>().id, view.id);

      const patched = await api('PATCH', '/api/accounts/mesa-imap', { port: 1143, password: null });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.json<AccountView>().port, 1143);
      assert.equal(patched.json<AccountView>().password, null);
      assert.equal(patched.json<AccountView>().state, 'password_required');
      const restored = await api('PATCH', '/api/accounts/mesa-imap', { password: PASSWORD });
      assert.equal(restored.json<AccountView>().state, 'ready');

      const exported = await api('GET', '/api/accounts/export');
      assert.equal(exported.status, 200);
      const doc = exported.json<{ accounts: Array<Record<string, unknown>> }>();
      assert.equal(doc.accounts.length, 1);
      assert.equal('password' in (doc.accounts[0] ?? {}), false);

      const temp = await api('POST', '/api/accounts', relayNamed('temp'));
      assert.equal(temp.status, 201, temp.text);
      assert.equal((await api('DELETE', '/api/accounts/temp')).status, 204);
      assert.equal((await api('GET', '/api/accounts/temp')).status, 404);
    });

    it('answers bad input with 400 and field-level errors in the requested language, writing nothing', async () => {
      const before = (await api('GET', '/api/accounts')).text;
      const bad = await api('POST', '/api/accounts', {
        name: 'x',
        direction: 'inbound',
        protocol: 'pop3',
        preset: 'domain',
        port: -1,
        colour: 'red',
      });
      assert.equal(bad.status, 400);
      const body = bad.json<ErrorBody>();
      assert.deepEqual(body.error.issues?.map((i) => i.field).sort(), ['colour', 'port']);
      assert.match(
        body.error.issues?.find((i) => i.field === 'port')?.message ?? '',
        /«port» debe ser como mínimo 0/,
      );

      const english = await api(
        'POST',
        '/api/accounts',
        {
          name: 'mesa-imap',
          direction: 'inbound',
          protocol: 'imap',
          preset: 'domain',
          host: 'h',
          username: 'u',
        },
        { 'accept-language': 'en-US,en;q=0.9' },
      );
      assert.equal(english.status, 400);
      assert.match(english.json<ErrorBody>().error.message, /An account named "mesa-imap" already exists/);

      const missingHost = await api('POST', '/api/accounts', {
        name: 'y',
        direction: 'inbound',
        protocol: 'pop3',
        preset: 'domain',
        username: 'u',
      });
      assert.equal(missingHost.json<ErrorBody>().error.issues?.[0]?.field, 'host');

      const malformed = await api('POST', '/api/accounts', '{"name": ');
      assert.equal(malformed.status, 400);
      assert.equal(malformed.json<ErrorBody>().error.code, 'malformed_json');

      const badImport = await api('POST', '/api/accounts/import', {
        format: 'drobot-accounts',
        version: 1,
        accounts: [{ name: 'z', direction: 'outbound', protocol: 'smtp', preset: 'gmail', port: 99999 }],
      });
      assert.equal(badImport.status, 400);
      assert.equal(badImport.json<ErrorBody>().error.issues?.[0]?.field, 'accounts.0.port');

      const wrongFormat = await api('POST', '/api/accounts/import', [1, 2, 3]);
      assert.equal(wrongFormat.status, 400);

      // GET /api/accounts/export is the export: an account of that name could never be read by it.
      const reserved = await api('POST', '/api/accounts', relayNamed('export'));
      assert.equal(reserved.status, 400, reserved.text);
      assert.equal(reserved.json<ErrorBody>().error.code, 'account_name_reserved');
      assert.equal(reserved.json<ErrorBody>().error.field, 'name');
      assert.match(reserved.json<ErrorBody>().error.message, /«export» no puede ser el de una cuenta/);
      const renamed = await api(
        'PATCH',
        '/api/accounts/mesa-imap',
        { name: 'export' },
        { 'accept-language': 'en' },
      );
      assert.equal(renamed.status, 400, renamed.text);
      assert.match(renamed.json<ErrorBody>().error.message, /"export" cannot be an account's name/);

      assert.equal((await api('GET', '/api/accounts')).text, before);
    });

    it('refuses every setting that does not apply to the kind of account, in either language, writing nothing', async () => {
      for (const kind of Object.keys(KINDS) as Array<keyof typeof KINDS>) {
        const made = await api('POST', '/api/accounts', { name: `kind-${kind}`, ...KINDS[kind].body });
        assert.equal(made.status, 201, `${kind}: ${made.text}`);
      }
      const before = await storedCounts(store.open);
      for (const [i, c] of INAPPLICABLE.entries()) {
        for (const [l, lang] of (['es', 'en'] as const).entries()) {
          const headers = { 'accept-language': lang };
          const name = `kind-${c.kind}`;
          const shown = (await api('GET', `/api/accounts/${name}`)).text;
          const attempts = [
            await api(
              'POST',
              '/api/accounts',
              { name: `refused-${i}`, ...KINDS[c.kind].body, ...c.body },
              headers,
            ),
            await api('PATCH', `/api/accounts/${name}`, c.body, headers),
          ];
          for (const [a, answer] of attempts.entries()) {
            const what = `${a === 0 ? 'POST' : 'PATCH'} ${c.kind} ${c.field} (${lang})`;
            assert.equal(answer.status, 400, `${what}: ${answer.text}`);
            const issues = answer.json<ErrorBody>().error.issues ?? [];
            assert.deepEqual(
              issues.map((issue) => issue.field),
              [c.field],
              `${what}: ${answer.text}`,
            );
            assert.match(issues[0]?.message ?? '', REASONS[c.reason][l] ?? /never/, what);
          }
          assert.equal((await api('GET', `/api/accounts/${name}`)).text, shown);
          assert.deepEqual(await storedCounts(store.open), before, `${c.kind} ${c.field} wrote something`);
        }
      }
      const imported = await api('POST', '/api/accounts/import', {
        format: 'drobot-accounts',
        version: 1,
        accounts: REFUSED_ON_IMPORT.map((c, i) => ({
          name: `imported-${i}`,
          ...KINDS[c.kind].body,
          ...c.body,
        })),
      });
      assert.equal(imported.status, 400, imported.text);
      assert.deepEqual(
        imported.json<ErrorBody>().error.issues?.map((issue) => issue.field),
        REFUSED_ON_IMPORT.map((c, i) => `accounts.${i}.${c.field}`),
      );
      assert.deepEqual(await storedCounts(store.open), before);
      assertNoLeak(await dumpStore(store), SECRET, 'the database');
      for (const kind of Object.keys(KINDS)) await api('DELETE', `/api/accounts/kind-${kind}`);
    });

    it("an API account gives the provider's address it uses while its own is empty; a mail protocol one has none", async () => {
      const made = async (name: string, body: Record<string, unknown>) => {
        const r = await api('POST', '/api/accounts', { name, ...body });
        assert.equal(r.status, 201, r.text);
        return r.json<AccountView>();
      };
      const graph = await made('def-graph', KINDS.graph.body);
      const gmail = await made('def-gmail', KINDS.gmail.body);
      const own = await made('def-own', {
        ...KINDS.graphOut.body,
        apiUrl: 'https://graph.example.test/v1.0',
      });
      const imap = await made('def-imap', { ...KINDS.imap.body, password: PASSWORD });
      assert.deepEqual(
        [graph.apiUrl, graph.apiUrlDefault, gmail.apiUrl, gmail.apiUrlDefault],
        [null, 'https://graph.microsoft.com/v1.0', null, 'https://gmail.googleapis.com/gmail/v1'],
      );
      // Its own address is the one it uses; the provider's is still said, read-only.
      assert.deepEqual(
        [own.apiUrl, own.apiUrlDefault],
        ['https://graph.example.test/v1.0', 'https://graph.microsoft.com/v1.0'],
      );
      assert.equal('apiUrlDefault' in imap, false);
      // The same in the account read alone and in the listing.
      const one = (await api('GET', '/api/accounts/def-gmail')).json<AccountView>();
      assert.equal(one.apiUrlDefault, 'https://gmail.googleapis.com/gmail/v1');
      const listed = (await api('GET', '/api/accounts')).json<AccountView[]>();
      const byName = new Map(listed.map((v) => [v.name, v]));
      assert.equal(byName.get('def-graph')?.apiUrlDefault, 'https://graph.microsoft.com/v1.0');
      const imapListed = byName.get('def-imap');
      assert.ok(imapListed);
      assert.equal('apiUrlDefault' in imapListed, false);
      // It is not a setting: an edit that gives it is refused.
      const edit = await api('PATCH', '/api/accounts/def-graph', { apiUrlDefault: 'https://x.example.test' });
      assert.equal(edit.status, 400, edit.text);
      for (const name of ['def-graph', 'def-gmail', 'def-own', 'def-imap']) {
        assert.equal((await api('DELETE', `/api/accounts/${name}`)).status, 204);
      }
    });

    it('an edit that changes the kind of account resets what no longer applies, and drops an unused password', async () => {
      const imap = await api('POST', '/api/accounts', {
        name: 'cambia',
        ...KINDS.imap.body,
        password: PASSWORD,
        folder: 'Soporte',
        inbound: { pollIntervalSeconds: 30, afterFetch: 'move', moveToFolder: 'Hecho' },
      });
      assert.equal(imap.status, 201, imap.text);
      const outbound = await api('PATCH', '/api/accounts/cambia', {
        direction: 'outbound',
        protocol: 'smtp',
        host: 'smtp.example.test',
      });
      assert.equal(outbound.status, 200, outbound.text);
      const asOutbound = outbound.json<AccountView>();
      assert.equal(asOutbound.folder, 'INBOX');
      assert.deepEqual(
        [
          asOutbound.inbound.pollIntervalSeconds,
          asOutbound.inbound.afterFetch,
          asOutbound.inbound.moveToFolder,
        ],
        [60, 'seen', null],
      );
      assert.equal(asOutbound.password, '*****', 'SMTP still logs in with the password');
      // Back inbound, then to Microsoft Graph: host, port and security go back to the preset's, the password goes.
      const back = await api('PATCH', '/api/accounts/cambia', {
        direction: 'inbound',
        protocol: 'imap',
        port: 1993,
        outbound: { fromName: 'Mesa' },
      });
      assert.equal(back.status, 400, 'a sender is refused on the account that becomes inbound');
      const graph = await api('PATCH', '/api/accounts/cambia', {
        direction: 'inbound',
        protocol: 'imap',
        preset: 'office365',
        connection: 'graph',
        username: 'soporte@contoso.test',
        oauth: { clientId: 'app', tenantId: 'contoso' },
      });
      assert.equal(graph.status, 200, graph.text);
      const asGraph = graph.json<AccountView>();
      assert.deepEqual(
        [asGraph.host, asGraph.port, asGraph.security, asGraph.password],
        ['outlook.office365.com', 0, 'implicit', null],
      );
      assert.equal((await api('DELETE', '/api/accounts/cambia')).status, 204);
    });

    it('an edit that switches the authentication keeps no setting or secret of the one it leaves', async () => {
      /** The names of the secrets stored for an account, straight from the database. */
      const storedSecrets = async (id: number) => {
        const database = await store.open();
        try {
          const secrets = new SecretStore(loadKeyring({ masterKey: undefined, dataDir: store.dataDir }));
          return [...(await secrets.names(database.db, { kind: 'account', id }))].sort();
        } finally {
          await database.close();
        }
      };
      const made = await api('POST', '/api/accounts', {
        name: 'auth',
        ...KINDS.imap.body,
        password: PASSWORD,
      });
      assert.equal(made.status, 201, made.text);
      const id = made.json<AccountView>().id;
      assert.deepEqual(await storedSecrets(id), ['password']);

      // A password given with the switch to OAuth is refused, and nothing changes.
      const shown = (await api('GET', '/api/accounts/auth')).text;
      const both = await api(
        'PATCH',
        '/api/accounts/auth',
        { auth: 'oauth2', oauth: { clientId: 'app' }, password: SECRET },
        { 'accept-language': 'en' },
      );
      assert.equal(both.status, 400, both.text);
      assert.deepEqual(
        both.json<ErrorBody>().error.issues?.map((issue) => issue.field),
        ['password'],
      );
      assert.equal((await api('GET', '/api/accounts/auth')).text, shown);

      // Password to OAuth 2.0: the stored password is deleted, not kept encrypted.
      const toOauth = await api('PATCH', '/api/accounts/auth', {
        auth: 'oauth2',
        oauth: { clientId: 'app', clientSecret: SECRET },
      });
      assert.equal(toOauth.status, 200, toOauth.text);
      const asOauth = toOauth.json<AccountView>();
      assert.deepEqual(
        [asOauth.password, asOauth.oauth.clientSecret, asOauth.state],
        [null, '*****', 'authorization_required'],
      );
      assert.deepEqual(await storedSecrets(id), ['oauth_client_secret']);

      // OAuth 2.0 to password: the OAuth settings go back to their defaults, the client secret and tokens go.
      const database = await store.open();
      try {
        const secrets = new SecretStore(loadKeyring({ masterKey: undefined, dataDir: store.dataDir }));
        const tokens = {
          audience: 'outlook',
          accessToken: SECRET,
          refreshToken: SECRET,
          expiresAt: '2099-01-01T00:00:00.000Z',
          scopes: [],
          tokenType: 'Bearer',
          obtainedAt: '2026-01-01T00:00:00.000Z',
        } as const;
        await secrets.put(
          database.db,
          { kind: 'account', id },
          'oauth_token:outlook',
          serializeTokenSet(tokens),
        );
      } finally {
        await database.close();
      }
      const customized = await api('PATCH', '/api/accounts/auth', {
        oauth: { useBrowser: false, authority: 'https://login.example.test' },
      });
      assert.equal(customized.status, 200, customized.text);
      assert.deepEqual(customized.json<AccountView>().oauth.tokens, { outlook: '*****' });
      const toPassword = await api('PATCH', '/api/accounts/auth', { auth: 'password', password: PASSWORD });
      assert.equal(toPassword.status, 200, toPassword.text);
      const asPassword = toPassword.json<AccountView>();
      assert.deepEqual(asPassword.oauth, {
        clientId: null,
        clientSecret: null,
        tenantId: null,
        useLoopback: true,
        useBrowser: true,
        authority: null,
        tokens: {},
      });
      assert.deepEqual([asPassword.password, asPassword.state], ['*****', 'ready']);
      assert.deepEqual(await storedSecrets(id), ['password']);
      // Its export has no OAuth settings either: a password account takes none on import.
      const exported = await api('GET', '/api/accounts/export');
      const item = exported
        .json<{ accounts: Array<Record<string, unknown>> }>()
        .accounts.find((a) => a.name === 'auth');
      assert.deepEqual([item?.auth, item && 'oauth' in item], ['password', false]);

      // SMTP that stops authenticating keeps no password either.
      const smtp = await api('POST', '/api/accounts', {
        name: 'auth-smtp',
        ...KINDS.smtp.body,
        smtpAuth: true,
        username: 'avisos@example.test',
        password: PASSWORD,
        // It sends from its user name.
        outbound: { fromAddress: null },
      });
      assert.equal(smtp.status, 201, smtp.text);
      // Nor a user name: one given with the switch is refused, in either language; without one, the stored one
      // goes, and the address the account sent from becomes its From.
      const smtpShown = (await api('GET', '/api/accounts/auth-smtp')).text;
      for (const [l, lang] of (['es', 'en'] as const).entries()) {
        const withUser = await api(
          'PATCH',
          '/api/accounts/auth-smtp',
          { smtpAuth: false, username: 'otro@example.test' },
          { 'accept-language': lang },
        );
        assert.equal(withUser.status, 400, withUser.text);
        const issues = withUser.json<ErrorBody>().error.issues ?? [];
        assert.deepEqual(
          issues.map((issue) => issue.field),
          ['username'],
        );
        assert.match(issues[0]?.message ?? '', REASONS.loginSender[l] ?? /never/);
        assert.equal((await api('GET', '/api/accounts/auth-smtp')).text, smtpShown);
      }
      const noAuth = await api('PATCH', '/api/accounts/auth-smtp', { smtpAuth: false });
      assert.equal(noAuth.status, 200, noAuth.text);
      const asNoAuth = noAuth.json<AccountView>();
      assert.deepEqual(
        [asNoAuth.password, asNoAuth.username, asNoAuth.outbound.fromAddress, asNoAuth.state],
        [null, '', 'avisos@example.test', 'ready'],
      );
      assert.deepEqual(await storedSecrets(noAuth.json<AccountView>().id), []);

      // Nor an OAuth 2.0 one its client secret and tokens: it is ready, with nothing to authorize.
      const o365 = await api('POST', '/api/accounts', {
        name: 'auth-smtp-365',
        ...KINDS.smtpOffice365.body,
        smtpAuth: true,
        username: 'avisos@contoso.test',
        oauth: { clientId: 'app', tenantId: 'contoso', clientSecret: SECRET },
      });
      assert.equal(o365.status, 201, o365.text);
      const o365Id = o365.json<AccountView>().id;
      assert.equal(o365.json<AccountView>().state, 'authorization_required');
      const o365NoAuth = await api('PATCH', '/api/accounts/auth-smtp-365', { smtpAuth: false });
      assert.equal(o365NoAuth.status, 200, o365NoAuth.text);
      const asO365NoAuth = o365NoAuth.json<AccountView>();
      assert.deepEqual(
        [
          asO365NoAuth.username,
          asO365NoAuth.oauth.clientId,
          asO365NoAuth.oauth.clientSecret,
          asO365NoAuth.state,
        ],
        ['', null, null, 'ready'],
      );
      assert.deepEqual(await storedSecrets(o365Id), []);

      // What DRobot fills in itself is no setting given: accepted, as an export lists it.
      for (const [n, d] of DEFAULTS_GIVEN.entries()) {
        const given = await api('POST', '/api/accounts', {
          name: `defaults-${n}`,
          ...KINDS[d.kind].body,
          ...d.body,
        });
        assert.equal(given.status, 201, `${d.kind}: ${given.text}`);
      }
      for (const name of [
        'auth',
        'auth-smtp',
        'auth-smtp-365',
        ...DEFAULTS_GIVEN.map((_, n) => `defaults-${n}`),
      ]) {
        assert.equal((await api('DELETE', `/api/accounts/${name}`)).status, 204);
      }
    });

    it('refuses an SMTP account without authentication and without a sender address, in either language, writing nothing', async () => {
      const SENDER = [
        /Una cuenta de salida sin autenticación SMTP no tiene usuario del que enviar: indique la dirección del remitente \(«outbound\.fromAddress», --from\)\./,
        /An outbound account without SMTP authentication has no user name to send from: give the sender address \("outbound\.fromAddress", --from\)\./,
      ];
      const { outbound: _from, ...withoutFrom } = KINDS.smtp.body;
      const before = await storedCounts(store.open);
      for (const [l, lang] of (['es', 'en'] as const).entries()) {
        for (const body of [withoutFrom, { ...withoutFrom, outbound: { fromAddress: null } }]) {
          const refused = await api(
            'POST',
            '/api/accounts',
            { name: 'sin-remitente', ...body },
            { 'accept-language': lang },
          );
          assert.equal(refused.status, 400, refused.text);
          const issues = refused.json<ErrorBody>().error.issues ?? [];
          assert.deepEqual(
            issues.map((issue) => issue.field),
            ['outbound.fromAddress'],
          );
          assert.match(issues[0]?.message ?? '', SENDER[l] ?? /never/);
          assert.deepEqual(await storedCounts(store.open), before);
        }
      }

      // One stored without a sender (as an earlier version let it) is still read; an edit asks for one.
      const created = await api('POST', '/api/accounts', { name: 'sin-remitente', ...KINDS.smtp.body });
      assert.equal(created.status, 201, created.text);
      await clearStoredSender(store.open, 'sin-remitente');
      const shown = await api('GET', '/api/accounts/sin-remitente');
      assert.equal(shown.status, 200, shown.text);
      assert.equal(shown.json<AccountView>().outbound.fromAddress, null);
      assert.equal((await api('GET', '/api/accounts')).status, 200);
      for (const [l, lang] of (['es', 'en'] as const).entries()) {
        const edited = await api(
          'PATCH',
          '/api/accounts/sin-remitente',
          { outbound: { fromName: 'Mesa' } },
          { 'accept-language': lang },
        );
        assert.equal(edited.status, 400, edited.text);
        const issues = edited.json<ErrorBody>().error.issues ?? [];
        assert.deepEqual(
          issues.map((issue) => issue.field),
          ['outbound.fromAddress'],
        );
        assert.match(issues[0]?.message ?? '', SENDER[l] ?? /never/);
        assert.equal((await api('GET', '/api/accounts/sin-remitente')).text, shown.text);
      }
      const given = await api('PATCH', '/api/accounts/sin-remitente', {
        outbound: { fromAddress: 'mesa@helpdesk.test' },
      });
      assert.equal(given.status, 200, given.text);
      assert.equal(given.json<AccountView>().outbound.fromAddress, 'mesa@helpdesk.test');
      assert.equal((await api('DELETE', '/api/accounts/sin-remitente')).status, 204);
    });

    it('publishes an OpenAPI document of the API to administrators', async () => {
      assert.equal((await api('GET', '/api/openapi.json', undefined, { authorization: '' })).status, 401);
      const doc = await api('GET', '/api/openapi.json');
      assert.equal(doc.status, 200);
      const openapi = doc.json<{
        openapi: string;
        paths: Record<string, unknown>;
        components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
      }>();
      assert.equal(openapi.openapi, '3.1.0');
      assert.ok(openapi.paths['/api/accounts']);
      assert.ok(openapi.components.schemas.AccountCreate?.properties?.preset);
    });

    it('never returns, stores or logs the password', async () => {
      for (const text of bodies) assertNoLeak(text, PASSWORD, 'an API response');
      assertNoLeak(server.stderr(), PASSWORD, 'the server log');
      assertNoLeak(fs.readFileSync(path.join(store.dataDir, 'drobot.log'), 'utf8'), PASSWORD, 'the log file');
      assertNoLeak(await dumpStore(store), PASSWORD, 'the database');
    });
  });
}
