import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as corpus from '../support/corpus.js';
import { runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createTestPki, type TestPki } from '../support/pki.js';
import { startServer, type RunningServer } from '../support/server.js';

const PASSWORD = 'secreto-cli';

interface Summary {
  fetched: number;
  newCases: number;
  quarantined: number;
  error: string | null;
}

describe('drobot fetch, cases, quarantine and the REST API', () => {
  let pki: TestPki;
  let dovecot: DovecotServer;
  let store: TestStore;

  before(async () => {
    pki = createTestPki();
    dovecot = await startDovecot({
      pki,
      users: [
        { user: 'cli@helpdesk.test', password: PASSWORD },
        { user: 'serve@helpdesk.test', password: PASSWORD },
        { user: 'roto@helpdesk.test', password: PASSWORD },
      ],
    });
    store = await createTestStore('sqlite');
  });
  after(async () => {
    await store?.drop();
    await dovecot?.stop();
  });

  const cli = (args: string[], input?: string) =>
    runCli(args, { env: store.env, ...(input ? { input } : {}) });
  const addAccount = async (name: string, user: string, protocol: 'imap' | 'pop3', extra: string[] = []) => {
    const port = protocol === 'imap' ? dovecot.ports.imaps : dovecot.ports.pop3s;
    const added = await cli(
      [
        'accounts',
        'add',
        '--name',
        name,
        '--direction',
        'inbound',
        '--protocol',
        protocol,
        '--preset',
        'domain',
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--security',
        'implicit',
        '--username',
        user,
        '--password-stdin',
        '--ca-file',
        pki.caFile,
        '--first-run',
        'all',
        ...extra,
      ],
      `${PASSWORD}\n`,
    );
    assert.equal(added.code, 0, added.stderr);
  };

  test('fetch --once, cases list/show and quarantine list/retry from the command line', async () => {
    await addAccount('mesa-cli', 'cli@helpdesk.test', 'imap', ['--after-fetch', 'delete']);
    dovecot.deliverMany('cli@helpdesk.test', [
      corpus.spanishLatin1Mail({ subject: '=?ISO-8859-1?Q?Tel=E9fono_averiado?=' }),
      corpus.malformedMail(),
    ]);
    const fetched = await cli(['fetch', 'mesa-cli', '--once', '--json']);
    assert.equal(fetched.code, 0, fetched.stderr);
    const summary = JSON.parse(fetched.stdout) as Summary;
    assert.deepEqual(
      [summary.fetched, summary.newCases, summary.quarantined, summary.error],
      [2, 1, 1, null],
    );

    const listed = await cli(['cases', 'list', '--json']);
    const cases = JSON.parse(listed.stdout) as { number: number; subject: string }[];
    assert.deepEqual(
      cases.map((c) => c.subject),
      ['Teléfono averiado'],
    );
    const shown = await cli(['cases', 'show', String(cases[0]?.number)]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /no da señal/);
    assert.match(shown.stdout, /configuración\.txt/);

    const held = JSON.parse((await cli(['quarantine', 'list', '--json'])).stdout) as {
      id: number;
      reason: string;
    }[];
    assert.deepEqual(
      held.map((q) => q.reason),
      ['unparseable'],
    );
    const retry = await cli(['quarantine', 'retry', String(held[0]?.id)]);
    assert.equal(retry.code, 1, 'still unparseable');
    assert.match(retry.stderr, /en cuarentena \(ilegible\)/);
    const retryAll = await cli(['quarantine', 'retry', '--all', '--json']);
    assert.equal(retryAll.code, 1, 'still unparseable');
    assert.deepEqual(
      (JSON.parse(retryAll.stdout) as { id: number }[]).map((r) => r.id),
      [held[0]?.id],
    );
    const noId = await cli(['quarantine', 'retry']);
    assert.equal(noId.code, 2);
    assert.match(noId.stderr, /«id»/);

    const missing = await cli(['cases', 'show', '999']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No existe el caso «999»/);
  });

  test('drobot serve fetches on its own and shows cases, quarantine and health over the API', async () => {
    await addAccount('mesa-serve', 'serve@helpdesk.test', 'imap', ['--poll-interval', '3600']);
    dovecot.deliver('serve@helpdesk.test', corpus.inlineImageMail({ subject: 'por el servicio' }));
    let server: RunningServer | undefined;
    try {
      server = await startServer({ ...store.env, DROBOT_FETCH: 'on' });
      const running = server;
      let found: { id: number; subject: string } | undefined;
      for (let i = 0; i < 100 && !found; i++) {
        const res = await running.api('GET', '/api/cases?limit=50');
        found = res.json<{ id: number; subject: string }[]>().find((c) => c.subject === 'por el servicio');
        if (!found) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(found, `the scheduler fetched the mail: ${running.stderr()}`);
      const one = await running.api('GET', `/api/cases/${found.id}`);
      const body = one.json<{
        messages: { html: string; attachments: { id: number; contentId: string }[] }[];
      }>();
      const image = body.messages[0]?.attachments[0];
      assert.equal(image?.contentId, 'captura@example.test');
      assert.match(body.messages[0]?.html ?? '', /cid:captura@example\.test/);
      const file = await fetch(`${running.url}/api/cases/${found.id}/attachments/${image?.id}`, {
        headers: { authorization: `Bearer ${running.token}` },
      });
      assert.equal(file.headers.get('content-type'), 'image/png');
      assert.deepEqual(Buffer.from(await file.arrayBuffer()), corpus.PNG);

      const quarantine = await running.api('GET', '/api/quarantine');
      assert.equal(quarantine.status, 200);
      assert.equal(quarantine.json<unknown[]>().length, 1);
      const health = await running.api('GET', '/api/inbound/health');
      const rows = health.json<{ account: string; failures: number; lastError: string | null }[]>();
      assert.deepEqual(rows.map((r) => [r.account, r.failures, r.lastError]).sort(), [
        ['mesa-cli', 0, null],
        ['mesa-serve', 0, null],
      ]);
      const patched = await running.api('PATCH', `/api/cases/${found.id}`, { status: 'pending' });
      assert.equal(patched.json<{ status: string }>().status, 'pending');
      const bad = await running.api('PATCH', `/api/cases/${found.id}`, { status: 'lost' });
      assert.equal(bad.status, 400);
      assert.equal((await running.api('GET', '/api/cases/999999')).status, 404);
      assert.equal((await running.api('GET', '/api/cases', undefined, { authorization: '' })).status, 401);
    } finally {
      await server?.stop();
    }
  });

  test('a mail the parser refuses: its cause in Spanish by default, in English with DROBOT_LANG=en, in the CLI and the API', async () => {
    await addAccount('mesa-rota', 'roto@helpdesk.test', 'imap');
    dovecot.deliver('roto@helpdesk.test', corpus.hugeHeaderMail({ subject: 'Cabecera enorme' }));
    const fetched = await cli(['fetch', 'mesa-rota', '--once', '--json']);
    assert.equal(fetched.code, 0, fetched.stderr);
    assert.equal((JSON.parse(fetched.stdout) as Summary).quarantined, 1);
    // The parser library's own words, quoted as they came; the cause around them in the reader's language.
    const library = 'Max header size for a MIME node exceeded';
    const spanish = `El analizador de correo no pudo leerlo (detalle técnico: «${library}»)`;
    const english = `The mail parser could not read it (technical detail: "${library}")`;
    const inEnglish = (args: string[]) => runCli(args, { env: { ...store.env, DROBOT_LANG: 'en' } });

    const list = await cli(['quarantine', 'list', '--account', 'mesa-rota']);
    assert.equal(list.code, 0, list.stderr);
    assert.ok(list.stdout.includes(spanish), list.stdout);
    assert.match(list.stdout, /\bilegible\b/);
    assert.doesNotMatch(list.stdout, /could not read|unparseable/);
    const listEn = await inEnglish(['quarantine', 'list', '--account', 'mesa-rota']);
    assert.ok(listEn.stdout.includes(english), listEn.stdout);
    assert.match(listEn.stdout, /\bunparseable\b/);
    assert.doesNotMatch(listEn.stdout, /analizador|ilegible/);

    const entries = JSON.parse(
      (await cli(['quarantine', 'list', '--account', 'mesa-rota', '--json'])).stdout,
    ) as {
      id: number;
      reason: string;
      detail: string;
    }[];
    assert.deepEqual(
      entries.map((e) => [e.reason, e.detail]),
      [['unparseable', spanish]],
      'the reason stays a code; the detail is in the reader’s language',
    );
    const id = String(entries[0]?.id);
    const show = await cli(['quarantine', 'show', id]);
    const line = (out: string, label: string) => out.split('\n').find((l) => l.startsWith(`${label} `));
    assert.equal(line(show.stdout, 'Detalle')?.replace(/^Detalle +/, ''), spanish, show.stdout);
    const showEn = await inEnglish(['quarantine', 'show', id]);
    assert.equal(line(showEn.stdout, 'Detail')?.replace(/^Detail +/, ''), english, showEn.stdout);

    const server = await startServer(store.env);
    try {
      type Entry = { reason: string; detail: string };
      const one = await server.api('GET', `/api/quarantine/${id}`);
      assert.deepEqual(one.json<Entry>().detail, spanish, 'Spanish by default');
      const oneEn = await server.api('GET', `/api/quarantine/${id}`, undefined, { 'accept-language': 'en' });
      assert.deepEqual([oneEn.json<Entry>().reason, oneEn.json<Entry>().detail], ['unparseable', english]);
      const listed = await server.api('GET', '/api/quarantine?account=mesa-rota', undefined, {
        'accept-language': 'en-GB,es;q=0.5',
      });
      assert.deepEqual(
        listed.json<Entry[]>().map((e) => e.detail),
        [english],
      );
    } finally {
      await server.stop();
    }
  });
});
