import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Case, CaseMessage } from '../../src/cases/case.types.js';
import { searchWords } from '../../src/cases/case.repository.js';
import { ackRefusal, languageOfMail, statusWords, trimmedQuote } from '../../src/helpdesk/ack.policy.js';
import { Acknowledger } from '../../src/helpdesk/acknowledger.js';
import { dateBound } from '../../src/helpdesk/case-filters.js';
import { participants } from '../../src/helpdesk/conversation.service.js';
import { helpdeskErrors } from '../../src/helpdesk/helpdesk.errors.js';
import { threadIds } from '../../src/helpdesk/outbound-record.js';
import { checkReply, replyTexts } from '../../src/helpdesk/reply.input.js';
import { LANGS } from '../../src/i18n/lang.js';
import type { NewCaseAction } from '../../src/inbound/ingest/mail.ingestor.js';
import { silentLogger } from '../../src/logging/logger.js';
import type { OutboxService } from '../../src/notifications/outbox.service.js';
import { loadTemplates } from '../../src/notifications/templates/template.loader.js';
import { renderNotification } from '../../src/notifications/templates/template.render.js';

const own = new Set(['soporte@helpdesk.test']);
const h = (name: string, value: string) => ({ name, value });

describe('acknowledgment rules', () => {
  test('the language comes from Content-Language, then Accept-Language; unknown languages are ignored', () => {
    assert.equal(languageOfMail([h('content-language', 'en-US')]), 'en');
    assert.equal(languageOfMail([h('accept-language', 'fr-FR, es;q=0.8, en;q=0.5')]), 'es');
    assert.equal(languageOfMail([h('content-language', 'de'), h('accept-language', 'en')]), 'en');
    assert.equal(languageOfMail([h('content-language', 'de')]), undefined);
    assert.equal(languageOfMail([]), undefined);
  });

  test('lists, machines, DRobot itself and mail without a sender are never acknowledged', () => {
    const refusal = (address: string, headers = [h('subject', 'x')], enabled = true) =>
      ackRefusal({ enabled, requester: { address }, headers, ownAddresses: own });
    assert.equal(refusal('ana@example.test'), undefined);
    assert.equal(refusal('ana@example.test', [], false), 'disabled');
    assert.equal(refusal('ana@example.test', [h('list-id', '<x.example.test>')]), 'list');
    assert.equal(refusal('ana@example.test', [h('list-unsubscribe', '<mailto:x@example.test>')]), 'list');
    for (const machine of [
      'noreply@x.test',
      'no-reply@x.test',
      'do-not-reply@x.test',
      'MAILER-DAEMON@x.test',
      'postmaster@x.test',
      'it-bounces@x.test',
      'list-owner@x.test',
    ]) {
      assert.equal(refusal(machine), 'no-reply-address', machine);
    }
    assert.equal(refusal('Soporte@HelpDesk.test'), 'own-address');
    assert.equal(refusal('unknown@invalid'), 'no-sender');
    assert.equal(refusal(''), 'no-sender');
  });

  test('statuses read in both languages; quoted history is trimmed', () => {
    for (const lang of LANGS) assert.ok(statusWords('pending', lang).length > 0);
    assert.equal(statusWords('pending', 'en'), 'waiting for your reply');
    const long = Array.from({ length: 50 }, (_, i) => `línea ${i}`).join('\n');
    const quoted = trimmedQuote(long).split('\n');
    assert.equal(quoted.length, 21);
    assert.equal(quoted[0], '> línea 0');
    assert.equal(quoted.at(-1), '> […]');
    assert.equal(trimmedQuote('uno\n\ndos'), '> uno\n>\n> dos');
  });

  test('only well-formed Message-IDs reach threading headers, the latest 20', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `<m${i}@example.test>`);
    assert.deepEqual(threadIds([null, 'not-an-id', '<a b@x>', '<ok@x.test>\r\nBcc: x']), []);
    assert.deepEqual(threadIds(ids), ids.slice(-20));
  });
});

describe('acknowledging new cases', () => {
  test('the new cases of a batch, prepared together, share one look-up of their account', async () => {
    let lookups = 0;
    const acknowledger = new Acknowledger({
      // Never asked for a plan: acknowledgments are off for this account.
      outbox: {} as OutboxService,
      accountOf: async () => {
        lookups += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { acknowledge: false, lang: null };
      },
      defaultLang: 'es',
      windowSeconds: 0,
      throttle: { limit: 0, windowSeconds: 3600 },
      logger: silentLogger,
      cacheMs: 30_000,
    });
    const batch = await Promise.all(Array.from({ length: 50 }, () => acknowledger.prepare(7)));
    assert.equal(lookups, 1, 'one look-up for the batch');
    assert.equal(new Set(batch).size, 1, 'one action for every case');
    await acknowledger.prepare(7);
    assert.equal(lookups, 1, 'kept for a while');
    await acknowledger.prepare(8);
    assert.equal(lookups, 2, 'per account');
  });
});

describe('acknowledging new cases, when the case can wait', () => {
  test('an action only reports when it has neither a language to set nor an acknowledgment to queue', async () => {
    const acknowledgerFor = (settings: { acknowledge: boolean; lang: 'es' | 'en' | null }, plan: boolean) =>
      new Acknowledger({
        outbox: {
          plan: () =>
            plan
              ? Promise.resolve({ own: [], domain: 'helpdesk.test' })
              : Promise.reject(new Error('no outbound account')),
        } as unknown as OutboxService,
        accountOf: () => Promise.resolve(settings),
        defaultLang: 'es',
        windowSeconds: 0,
        throttle: { limit: 0, windowSeconds: 3600 },
        logger: silentLogger,
      });
    const mail = (headers: { name: string; value: string }[] = []) =>
      ({ headers }) as unknown as Parameters<NonNullable<NewCaseAction['onlyReports']>>[0];
    const onlyReports = async (
      settings: { acknowledge: boolean; lang: 'es' | 'en' | null },
      plan: boolean,
      headers?: { name: string; value: string }[],
    ) => (await acknowledgerFor(settings, plan).prepare(1)).onlyReports?.(mail(headers));
    assert.equal(await onlyReports({ acknowledge: false, lang: null }, true), true, 'acknowledgments off');
    assert.equal(await onlyReports({ acknowledge: true, lang: null }, false), true, 'no account sends them');
    assert.equal(await onlyReports({ acknowledge: true, lang: null }, true), false, 'one to queue');
    assert.equal(
      await onlyReports({ acknowledge: false, lang: 'en' }, false),
      false,
      'the account’s language',
    );
    assert.equal(
      await onlyReports({ acknowledge: false, lang: null }, false, [
        { name: 'content-language', value: 'en' },
      ]),
      false,
      'the mail’s language',
    );
  });
});

describe('answers', () => {
  test('an answer goes to the requester and the first mail’s To and Cc, without DRobot or machines', () => {
    const found = { requester: { id: 1, address: 'ana@example.test', displayName: 'Ana' } } as Case;
    const first = {
      direction: 'in',
      kind: 'mail',
      from: { address: 'ana@example.test' },
      to: [{ address: 'Soporte@helpdesk.test' }, { address: 'boss@example.test', name: 'Jefe' }],
      cc: [{ address: 'ANA@example.test' }, { address: 'noreply@example.test' }, { address: 'bad address' }],
    } as unknown as CaseMessage;
    assert.deepEqual(
      participants(found, [first], own).map((p) => p.address),
      ['ana@example.test', 'boss@example.test'],
    );
    const crowd = {
      ...first,
      cc: Array.from({ length: 30 }, (_, i) => ({ address: `p${i}@example.test` })),
    } as unknown as CaseMessage;
    assert.equal(participants(found, [crowd], own).length, 10);
  });

  test('sizes are counted on the bytes, names made safe, every bad field named', () => {
    const ok = checkReply({
      text: ' Hola \r\n',
      attachments: [
        { filename: '../../secret/../a.pdf', contentType: 'Application/PDF', content: Buffer.alloc(3) },
      ],
    });
    assert.ok(ok.ok);
    assert.equal(ok.value.text, 'Hola');
    assert.deepEqual(
      ok.value.attachments.map((a) => [a.filename, a.contentType]),
      [['a.pdf', 'application/pdf']],
    );
    const bad = checkReply({
      text: 'x'.repeat(100_001),
      attachments: [
        ...Array.from({ length: 2 }, () => ({ filename: 'a', content: Buffer.alloc(10 * 1024 * 1024 + 1) })),
        { filename: 'b', contentType: 'text/html\r\nX: y', content: Buffer.alloc(1) },
      ],
      status: 'archived',
      author: 'Luis\nBcc: x',
    });
    assert.ok(!bad.ok);
    assert.deepEqual(
      bad.issues.map((i) => i.field),
      [
        'text',
        'attachments.0.content',
        'attachments.1.content',
        'attachments.2.contentType',
        'attachments',
        'status',
        'author',
      ],
    );
    const many = checkReply({
      text: 'x',
      attachments: Array.from({ length: 11 }, () => ({ filename: 'a', content: Buffer.alloc(1) })),
    });
    assert.ok(!many.ok);
    assert.equal(many.issues[0]?.field, 'attachments');
  });

  test('texts and errors exist in Spanish and English with the same placeholders', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const t of [
      ...Object.values(replyTexts),
      ...Object.values(helpdeskErrors).flatMap((d) => [d.message, d.hint]),
    ]) {
      assert.ok(t && t.es.trim() && t.en.trim());
      assert.deepEqual(names(t.es), names(t.en));
    }
  });
});

describe('finding cases', () => {
  test('dates: a day alone covers the whole day in the reader’s time zone; anything else is refused', () => {
    const since = dateBound('2026-03-02', false);
    const until = dateBound('2026-03-02', true);
    assert.ok(since && until);
    assert.equal(new Date(until).getTime() - new Date(since).getTime(), 24 * 3600_000);
    assert.equal(new Date(since).getHours(), 0);
    assert.equal(dateBound('2026-03-02T10:00:00Z', false), '2026-03-02T10:00:00.000Z');
    assert.equal(dateBound('2026-03-02T10:00:00+01:00', true), '2026-03-02T09:00:00.000Z');
    for (const bad of ['2026-02-30', '2026-13-01', 'ayer', '2026-03-02 10:00', '1 OR 1=1', '']) {
      assert.equal(dateBound(bad, false), undefined, bad);
    }
  });

  test('search words keep letters and digits only', () => {
    assert.deepEqual(searchWords('Impresora "planta 2" OR NEAR(x*)'), [
      'impresora',
      'planta',
      '2',
      'or',
      'near',
      'x',
    ]);
    assert.deepEqual(searchWords('"*:&|!()'), []);
    assert.equal(searchWords(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ')).length, 12);
  });
});

describe('acknowledgment and answer templates', () => {
  const ack = { caseId: 7, caseSubject: 'Impresora', requesterName: 'Ana' };
  const answer = {
    caseId: 7,
    caseSubject: 'Impresora',
    change: 'reply',
    message: 'Hecho <b>ya</b>.',
    quoted: '> no imprime',
    status: 'resuelto',
  };

  test('built-in in Spanish and English, the answer with its quote and status, HTML escaped', () => {
    const templates = loadTemplates(undefined);
    assert.match(
      renderNotification(templates, 'case-created', 'es', ack).subject,
      /Hemos recibido su solicitud: Impresora/,
    );
    assert.match(renderNotification(templates, 'case-created', 'en', ack).text, /opened case number 7/);
    const es = renderNotification(templates, 'case-updated', 'es', answer);
    assert.match(
      es.text,
      /Hecho <b>ya<\/b>\.\n\nEstado del caso: resuelto\.\n\n--- Su mensaje ---\n> no imprime/,
    );
    assert.match(es.html, /Hecho &lt;b&gt;ya&lt;\/b&gt;\./);
    assert.match(es.html, /&gt; no imprime/);
    assert.match(renderNotification(templates, 'case-updated', 'en', answer).text, /--- Your message ---/);
  });

  test('an administrator overrides them from the template directory, checked at load', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-tpl-'));
    try {
      fs.mkdirSync(path.join(dir, 'case-created'));
      fs.writeFileSync(path.join(dir, 'case-created', 'en.subject.txt'), 'Ticket {{caseTag}} logged\n');
      fs.mkdirSync(path.join(dir, 'case-updated'));
      fs.writeFileSync(
        path.join(dir, 'case-updated', 'es.txt'),
        '{{message}}\n{{#quoted}}Usted escribió:\n{{quoted}}{{/quoted}}\n',
      );
      const templates = loadTemplates(dir);
      assert.equal(
        renderNotification(templates, 'case-created', 'en', ack).subject,
        'Ticket [Caso #7] logged',
      );
      assert.equal(
        renderNotification(templates, 'case-updated', 'es', answer).text,
        'Hecho <b>ya</b>.\nUsted escribió:\n> no imprime\n',
      );
      fs.writeFileSync(path.join(dir, 'case-updated', 'en.txt'), '{{message}} {{secret}}');
      assert.throws(() => loadTemplates(dir), /case-updated\/en\.txt/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
