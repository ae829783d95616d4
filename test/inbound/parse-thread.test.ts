import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { corpusMail } from '../../bench/corpus.js';
import { BlobStore, PACK_LIMIT_BYTES } from '../../src/cases/blob.store.js';
import { parseMailFile, UnparseableMailError } from '../../src/inbound/parse/mail.parser.js';
import {
  earlyParseThreadWaiting,
  ParseThread,
  PARSE_THREAD_DEFAULTS,
  startParseThreadEarly,
  type ThreadParse,
} from '../../src/inbound/parse/parse-thread.js';
import { DEFAULT_INBOUND } from '../../src/accounts/account.draft.js';
import * as corpus from '../support/corpus.js';
import { runToExit } from '../support/mail-child.js';

const fromSource = import.meta.url.endsWith('.ts');
const supportWorker = (name: string) =>
  new URL(`../support/${name}.worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);

/** What parsing on this thread gives, in the form the parse thread answers with. */
async function parsedHere(raw: Buffer, blobs: BlobStore): Promise<ThreadParse> {
  try {
    return { ok: true, mail: await parseMailFile(raw, blobs) };
  } catch (error) {
    assert.ok(error instanceof UnparseableMailError, String(error));
    return { ok: false, reason: 'unparseable', detail: error.detail };
  }
}

function unruly(kind: 'spin' | 'exit' | 'hog'): Buffer {
  return Buffer.concat([Buffer.from(`X-Unruly: ${kind}\r\n`), corpus.plainMail({ subject: kind })]);
}

describe('parsing on a second thread', () => {
  let dataDir: string;
  let blobs: BlobStore;

  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-parse-thread-'));
    blobs = new BlobStore(dataDir);
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('gives every mail exactly as parsing on this thread does, its attachments in the store', async () => {
    const parent = corpus.newMessageId('parent');
    const mails = [
      ...corpus.firstContactCorpus().map((m) => m.raw),
      corpus.winmailMail(),
      corpus.nestedMail(),
      corpus.largeAttachmentMail({}, 300 * 1024),
      corpus.dsnBounceMail(parent),
      corpus.outOfOfficeMail(parent),
      corpus.malformedMail(),
      // The bench's corpus: replies with quoted history, HTML, documents of hundreds of kilobytes.
      ...Array.from({ length: 60 }, (_, i) => corpusMail(i, { tag: 'thread' }).raw),
    ];
    const thread = new ParseThread({ dataDir });
    try {
      // All handed over at once, as the case builder does: answered in turn, each to its own mail.
      const onThread = await Promise.all(mails.map((raw) => thread.parse(raw)));
      let attachments = 0;
      for (const [i, raw] of mails.entries()) {
        const answer = onThread[i];
        assert.deepEqual(answer, await parsedHere(raw, blobs), `mail ${i}`);
        if (!answer?.ok) continue;
        for (const a of answer.mail.attachments) {
          attachments += 1;
          assert.ok(await blobs.has(a.hash), `attachment ${a.filename} of mail ${i} is stored`);
        }
      }
      assert.ok(attachments >= 4, `attachments: ${attachments}`);
      assert.equal(onThread.filter((r) => !r.ok).length, 1, 'only the malformed mail is unparseable');
    } finally {
      await thread.close();
    }
  });

  test('a mail over a megabyte, a file of its own in the store, is streamed from there by the thread', async () => {
    const large = corpus.largeAttachmentMail({ subject: 'Registro completo' }, 3 * 1024 * 1024);
    assert.ok(large.length > PACK_LIMIT_BYTES);
    const ref = await blobs.putBuffer(large);
    assert.ok(fs.existsSync(blobs.filePath(ref.hash)), 'kept as a file of its own');
    const thread = new ParseThread({ dataDir });
    try {
      const onThread = await thread.parseStored(ref.hash);
      const here = await parseMailFile(async () => (await blobs.open(ref.hash))!.stream, blobs);
      assert.deepEqual(onThread, { ok: true, mail: here });
      assert.equal(here.subject, 'Registro completo');
      assert.equal(here.attachments.length, 1);
      assert.ok(await blobs.has(here.attachments[0]!.hash), 'its attachment is stored');
      // A hash that names nothing in the store is answered as parsing here answers it, and the thread goes on.
      const missing = await thread.parseStored('0'.repeat(64));
      assert.equal(missing.ok, false);
      assert.match(
        missing.ok ? '' : missing.detail.en,
        /^The kept mail could not be read \(technical detail: ".*is not stored"\)$/,
      );
      assert.match(
        missing.ok ? '' : missing.detail.es,
        /^No se pudo leer el correo guardado \(detalle técnico: «.*is not stored»\)$/,
      );
      assert.equal((await thread.parse(corpus.plainMail({ subject: 'después' }))).ok, true);
    } finally {
      await thread.close();
    }
  });

  test('a mail that overruns its deadline, ends the thread or exhausts its heap is unparseable; the mails behind it are parsed', async () => {
    const thread = new ParseThread({
      dataDir,
      workerUrl: supportWorker('unruly-parse'),
      deadlineMs: 3_000,
      maxHeapMb: 32,
    });
    try {
      const subjects = ['uno', 'dos', 'tres', 'cuatro'];
      const good = subjects.map((subject) => corpus.plainMail({ subject }));
      const answers = await Promise.all(
        [good[0], unruly('spin'), good[1], unruly('exit'), good[2], unruly('hog'), good[3]].map((raw) =>
          thread.parse(raw ?? Buffer.alloc(0)),
        ),
      );
      const [a, spin, b, exit, c, hog, d] = answers;
      assert.deepEqual(
        [a, b, c, d].map((r) => (r?.ok ? r.mail.subject : r)),
        subjects,
      );
      assert.deepEqual(spin, {
        ok: false,
        reason: 'unparseable',
        detail: {
          es: 'Leer el correo tardó más de 3 s y se detuvo',
          en: 'Parsing the mail took longer than 3 s and was stopped',
        },
      });
      assert.equal(exit?.ok, false);
      assert.match(
        exit.ok ? '' : exit.detail.en,
        /^The mail parser stopped on this mail \(technical detail: ".*code 3"\)$/,
      );
      assert.match(
        exit.ok ? '' : exit.detail.es,
        /^El analizador de correo se detuvo con este correo \(detalle técnico: «.*code 3»\)$/,
      );
      assert.equal(hog?.ok, false);
      assert.match(
        hog.ok ? '' : hog.detail.en,
        /^The mail parser stopped on this mail \(technical detail: ".*memory/i,
      );
      // And the thread started again goes on parsing.
      const after = await thread.parse(corpus.plainMail({ subject: 'cinco' }));
      assert.equal(after.ok ? after.mail.subject : after.detail.en, 'cinco');
    } finally {
      await thread.close();
    }
  });

  test('a mail handed over is moved to the thread when its buffer is its own, copied otherwise, and parsed alike', async () => {
    const raw = corpusMail(7, { tag: 'moved' }).raw;
    const own = Buffer.allocUnsafeSlow(raw.length);
    raw.copy(own);
    // A few bytes from Node's shared pool: a slice of memory other buffers use.
    const small = corpus.plainMail({ subject: 'pequeño' });
    const pooled = Buffer.from(small);
    assert.ok(pooled.byteLength < pooled.buffer.byteLength, 'a slice of a larger buffer');
    const thread = new ParseThread({ dataDir });
    try {
      const [moved, copied] = await Promise.all([
        thread.parseHandedOver(own),
        thread.parseHandedOver(pooled),
      ]);
      assert.equal(own.byteLength, 0, 'the caller no longer holds the moved bytes');
      assert.ok(pooled.equals(small), 'the pooled bytes are left as they were');
      assert.deepEqual(moved, await parsedHere(raw, blobs));
      assert.deepEqual(copied, await parsedHere(small, blobs));
    } finally {
      await thread.close();
    }
  });

  test('mails moved to a thread that another mail ends are given back; copied ones are parsed by the next thread', async () => {
    const thread = new ParseThread({ dataDir, workerUrl: supportWorker('unruly-parse') });
    const ownCopy = (raw: Buffer) => {
      const own = Buffer.allocUnsafeSlow(raw.length);
      raw.copy(own);
      return own;
    };
    try {
      const first = corpus.plainMail({ subject: 'antes' });
      const movedBehind = corpus.plainMail({ subject: 'movido' });
      const copiedBehind = corpus.plainMail({ subject: 'copiado' });
      const [before, ended, moved, copied] = await Promise.all([
        thread.parseHandedOver(ownCopy(first)),
        thread.parse(unruly('exit')),
        thread.parseHandedOver(ownCopy(movedBehind)),
        thread.parse(copiedBehind),
      ]);
      assert.equal(before?.ok ? before.mail.subject : before, 'antes');
      assert.equal(ended?.ok, false);
      assert.equal(moved, undefined, 'went with the ended thread: to be given again');
      assert.equal(copied.ok ? copied.mail.subject : copied.detail.en, 'copiado');
      const again = await thread.parseHandedOver(ownCopy(movedBehind));
      assert.equal(again?.ok ? again.mail.subject : again, 'movido');
    } finally {
      await thread.close();
    }
  });

  test('a thread that cannot load refuses the mails with an error instead of quarantining them', async () => {
    const thread = new ParseThread({ dataDir, workerUrl: supportWorker('broken-parse') });
    try {
      const waiting = [thread.parse(corpus.plainMail()), thread.parse(corpus.plainMail())];
      for (const answer of waiting) {
        await assert.rejects(answer, /the parse thread did not start: .*a module of the parser is missing/);
      }
    } finally {
      await thread.close();
    }
  });

  test('mails still waiting when the thread is closed are refused', async () => {
    const thread = new ParseThread({ dataDir });
    const refused = assert.rejects(thread.parse(corpus.plainMail()), /the parse thread was closed/);
    await thread.close();
    await refused;
  });

  test('stays loaded longer than the default poll interval, so a serving process polling at it keeps it', () => {
    assert.ok(
      PARSE_THREAD_DEFAULTS.idleMs > DEFAULT_INBOUND.pollIntervalSeconds * 1000,
      `${PARSE_THREAD_DEFAULTS.idleMs} ms idle against a poll every ${DEFAULT_INBOUND.pollIntervalSeconds} s`,
    );
  });

  test('a thread started ahead of its first mail parses it as one started by the mail does', async () => {
    const thread = new ParseThread({ dataDir });
    try {
      thread.warm();
      thread.warm(); // a second call while it loads starts no other thread
      const raw = corpusMail(3, { tag: 'warm' }).raw;
      assert.deepEqual(await thread.parse(raw), await parsedHere(raw, blobs));
    } finally {
      await thread.close();
    }
  });

  test('a thread started before any ParseThread is taken by the first that starts one like it', async () => {
    const unrulyUrl = supportWorker('unruly-parse');
    startParseThreadEarly(unrulyUrl);
    startParseThreadEarly(unrulyUrl); // a second call starts no other thread
    assert.equal(earlyParseThreadWaiting(), true);
    // Loaded and ready before anyone takes it: what it said meanwhile must reach its owner.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const raw = corpusMail(5, { tag: 'early' }).raw;
    // A thread of another module, or with another heap, starts its own.
    const other = new ParseThread({ dataDir });
    const smaller = new ParseThread({ dataDir, workerUrl: unrulyUrl, maxHeapMb: 64 });
    const thread = new ParseThread({ dataDir, workerUrl: unrulyUrl, deadlineMs: 3000 });
    try {
      assert.deepEqual(await other.parse(raw), await parsedHere(raw, blobs));
      assert.deepEqual(await smaller.parse(raw), await parsedHere(raw, blobs));
      assert.equal(earlyParseThreadWaiting(), true);
      assert.deepEqual(await thread.parse(raw), await parsedHere(raw, blobs));
      assert.equal(earlyParseThreadWaiting(), false, 'taken');
      // Its owner's deadline holds for it (the thread's ready, said before it was taken, was heard), and a
      // new thread takes the mails after it.
      const spun = await Promise.race([
        thread.parse(unruly('spin')),
        new Promise<'no deadline'>((resolve) => setTimeout(() => resolve('no deadline'), 15_000).unref()),
      ]);
      assert.notEqual(spun, 'no deadline');
      assert.equal(spun !== 'no deadline' && spun.ok, false);
      assert.deepEqual(await thread.parse(raw), await parsedHere(raw, blobs));
    } finally {
      await Promise.all([other.close(), smaller.close(), thread.close()]);
    }
  });

  for (const [what, args, printed] of [
    ['an idle thread', [], { ok: true, subject: 'Una consulta' }],
    ['a thread started ahead of a mail that never comes', ['warm'], { warmed: true }],
    ['a thread started early that nobody takes', ['early'], { early: true }],
  ] as const) {
    test(`${what} does not keep the process alive`, async () => {
      // Ten minutes idle before the thread would end by itself: the child must end long before.
      const { code, signal, stdout } = await runToExit('parse-thread-child', [...args]);
      assert.equal(signal, null, 'the process did not end with its thread idle');
      assert.equal(code, 0);
      assert.deepEqual(JSON.parse(stdout), printed);
    });
  }
});
