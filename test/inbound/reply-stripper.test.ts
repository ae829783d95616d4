import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import EmailReplyParser from 'email-reply-parser';
import { simpleParser } from 'mailparser';
import { bounded, RULE_SPANS, stripQuotedHistory } from '../../src/inbound/parse/reply.stripper.js';
import * as corpus from '../support/corpus.js';
import { rng } from '../support/fuzz.js';

/** The stripper as it was, on the email-reply-parser package: the reference for identical output. */
function reference(text: string): string {
  if (text.trim() === '') return '';
  let visible: string;
  try {
    visible = new EmailReplyParser().parseReply(text.replace(/\r\n/g, '\n'));
  } catch {
    return text.trim();
  }
  const trimmed = visible.trim();
  return trimmed === '' ? text.trim() : trimmed;
}

/** The package's rules (its one `RegexList`, which its parser reads at each call). */
interface PackageRules {
  quoteHeadersRegex: RegExp[];
  signatureRegex: RegExp[];
}
// The rules' module is not among the package's exports: it is imported by its file, beside the entry point.
const packageRules = (
  (await import(new URL('regex.js', import.meta.resolve('email-reply-parser')).href)) as {
    default: PackageRules;
  }
).default;

/** The reference with each of its rules bounded as DRobot bounds them: the same algorithm, the same spans. */
function boundedReference(text: string): string {
  const { quoteHeadersRegex, signatureRegex } = packageRules;
  packageRules.quoteHeadersRegex = quoteHeadersRegex.map(bounded);
  packageRules.signatureRegex = signatureRegex.map(bounded);
  try {
    return reference(text);
  } finally {
    packageRules.quoteHeadersRegex = quoteHeadersRegex;
    packageRules.signatureRegex = signatureRegex;
  }
}

const HEADERS = [
  'El lun, 5 ene 2026 a las 9:14, Soporte <soporte@helpdesk.test> escribió:',
  'El lun, 5 ene 2026 a las 9:14, Soporte',
  '<soporte@helpdesk.test> escribió:',
  'On Mon, Jan 5, 2026 at 9:14 AM Support <support@example.test> wrote:',
  'On Mon, Jan 5, 2026 at 9:14 AM',
  'Support <support@example.test> wrote:',
  'Le lun. 5 janv. 2026 à 09:14, Support <s@example.test> a écrit :',
  'Am 05.01.2026 um 09:14 schrieb Support <s@example.test>:',
  'Ana Pérez <ana@example.test> schrieb:',
  'Ana on Monday at 9 wrote:',
  'From: Soporte <soporte@helpdesk.test>',
  'De: Soporte <soporte@helpdesk.test>',
  'De : Soporte',
  '[soporte@helpdesk.test]',
  '-----Original Message-----',
  '-----Mensaje original-----',
  '2026-01-05 09:14 GMT+01:00 Ana <ana@example.test>:',
  '05.01.2026 09:14, "Ana" <ana@example.test>:',
  'Il 05/01/2026 09:14, Ana ha scritto:',
  'W dniu 5.01.2026 Ana pisze:',
  'Den 5 jan 2026 skrev Ana <ana@example.test>:',
  '在 2026年1月5日，Ana 写道：',
  'ср, 5 янв. 2026\u202fг. в 09:14, Ana <ana@example.test>:',
  '2026. 1. 5. 오전 9:14, Ana <ana@example.test> 작성:',
  'On $& Mon $1 wrote:',
  "El $' lun, Ana escribió:",
];
const SIGNATURES = [
  '-- ',
  '--',
  '__',
  'Sent from my iPhone',
  'Enviado desde mi iPhone',
  'Regards,',
  'Cheers!',
  '________________________________',
  'Get Outlook for iOS',
  'Un saludo,',
  // Every signature rule, in other casings too (some rules ignore case), and lines the rules nearly match.
  '++',
  '===',
  '  ----',
  'REGARDS',
  'Kind regards!',
  'Best and Regards',
  'best WISHES,',
  'cheers,!',
  'Von meinem iPhone gesendet',
  'Gesendet von Mail für Windows',
  'Sendt fra min iPhone',
  'Envoyé depuis Outlook',
  'Envoyé de mon iPhone',
  'Envoyé à partir de mon mobile',
  'Télécharger Outlook pour Android',
  'BIEN à VOUS',
  'Très cordialement',
  'bonne soirée!',
  'In data 5 gen 2026, Ana ha scritto:',
  'Verzonden vanaf mijn iPad',
  'Verstuurd vanaf mijn iPhone',
  'Hola\u2028Regards',
  'texto\u2029Get Outlook for iOS',
  'Un abrazo\rCheers',
  'sent from my phone',
];
const TEXT = [
  'La impresora no imprime.',
  'Gracias por la ayuda, ya funciona.',
  'Please reset my password.',
  '  sangría al principio',
  'espacios al final   ',
  'tabulador al final\t',
  '',
  '',
  '~~~',
  'ñandú — «comillas» 😀',
  'De acuerdo, lo reviso mañana.',
  'From now on it works.',
];
const QUOTES = ['> antes', '>> más antiguo', '> ', '>', '> El lun, Ana escribió:', ' > con sangría'];

/** Random texts made of the lines replies are made of, in every order. */
function fuzzTexts(count: number): string[] {
  const rand = rng(14);
  const pools = [HEADERS, SIGNATURES, TEXT, TEXT, QUOTES, QUOTES];
  return Array.from({ length: count }, () => {
    const lines = Array.from({ length: 1 + Math.floor(rand() * 30) }, () => {
      const pool = pools[Math.floor(rand() * pools.length)] as string[];
      return pool[Math.floor(rand() * pool.length)] as string;
    });
    return lines.join(rand() < 0.3 ? '\r\n' : '\n') + (rand() < 0.5 ? '\n' : '');
  });
}

/** Realistic replies: written text, a header, a long quoted history. */
function replies(): string[] {
  const out: string[] = [];
  for (const header of HEADERS) {
    for (const signature of ['', '\n-- \nAna Pérez\nDepartamento de IT\n']) {
      const history = Array.from({ length: 80 }, (_, i) => `> ${TEXT[i % TEXT.length] ?? ''}`).join('\n');
      out.push(`Sigue sin funcionar.\n\nGracias,\nAna\n${signature}\n${header}\n${history}\n`);
    }
  }
  return out;
}

async function suiteTexts(): Promise<string[]> {
  const raws = [
    ...corpus.firstContactCorpus().map((c) => c.raw),
    corpus.plainMail(),
    corpus.alternativeMail(),
    corpus.htmlOnlyMail(),
    corpus.spanishUtf8Mail(),
    corpus.spanishLatin1Mail(),
    corpus.spanishCp1252Mail(),
    corpus.japaneseMail(),
    corpus.nestedMail(),
    corpus.replyByTagMail(12),
    corpus.replyByReferencesMail('<p@example.test>'),
    corpus.outOfOfficeMail('<p@example.test>'),
    corpus.winmailMail(),
  ];
  const texts: string[] = [];
  for (const raw of raws) {
    const parsed = await simpleParser(raw);
    if (parsed.text) texts.push(parsed.text);
  }
  return texts;
}

describe('reply stripper', () => {
  test('gives the same text as the email-reply-parser package on the suite corpus and on replies', async () => {
    const texts = [...(await suiteTexts()), ...replies()];
    assert.ok(texts.length > 60);
    for (const text of texts) assert.equal(stripQuotedHistory(text), reference(text), JSON.stringify(text));
  });

  test('gives the same text on 3,000 random mixes of headers, quotes, signatures and text', () => {
    let changed = 0;
    let beyondSpans = 0;
    for (const text of fuzzTexts(3000)) {
      const expected = boundedReference(text);
      assert.equal(stripQuotedHistory(text), expected, JSON.stringify(text));
      if (expected !== text.trim()) changed += 1;
      // Where the package's own rules differ, one of them matched over more than the spans allow.
      if (reference(text) !== expected) beyondSpans += 1;
    }
    // The mixes really exercise the stripping (most lose quotes, headers or signatures) …
    assert.ok(changed > 1500, `only ${changed} texts were stripped`);
    // … and the spans change few of them: a header taken from one line to another a screen further down.
    assert.ok(beyondSpans < 30, `${beyondSpans} texts stripped otherwise than by the package`);
  });

  test('bounds every repetition of every rule, and refuses a pattern it could not bound', () => {
    for (const re of [...packageRules.quoteHeadersRegex, ...packageRules.signatureRegex]) {
      const source = bounded(re).source.replace(/\\./g, '');
      assert.doesNotMatch(source, /[*+]/, re.source);
    }
    assert.equal(
      bounded(/^\s*(From\s?:.+)$/m).source,
      `^\\s{0,${RULE_SPANS.blanks}}(From\\s?:.{1,${RULE_SPANS.line}})$`,
    );
    assert.throws(() => bounded(/^(a\w+)$/), /unbounded repetition/);
  });

  test('reads hostile texts in time linear in their length', async () => {
    // 64 K characters each (what the parser hands over at most), built so that the package's rules backtrack
    // over the whole text at each line start, or over a whole line: with unbounded rules the first took 78 s
    // and the sixth over 5 minutes here. A thread runs them, ended at the deadline as the parse thread is.
    const stripper = new URL('../../src/inbound/parse/reply.stripper.js', import.meta.url).href;
    const worker = new Worker(
      `
      const { parentPort } = require('node:worker_threads');
      import(${JSON.stringify(stripper)}).then(({ stripQuotedHistory }) => {
        const size = 64 * 1024;
        const words = 'From Von De Van Da Am schrieb Op schreef W dniu pisze Den skrev pe kirjoitti ср, On wrote ' +
          'Le écrit El escribió Il scritto Em escreveu';
        const hostile = [
          '\\n'.repeat(size) + words,
          ' \\n'.repeat(size / 2) + words,
          '\\r\\n'.repeat(size / 2) + 'De: hola',
          '\\n\\nOn ' + 'a '.repeat(size / 2) + 'wrote x\\n',
          'From: ' + '<'.repeat(size) + '\\n',
          'Op schreef\\n'.repeat(size / 11),
          'abc. x skrev y skrev\\n'.repeat(size / 21),
          '在a\\n'.repeat(size / 3) + '写道：x',
          'a\\nVon ' + ' '.repeat(size) + 'x gesendet x\\n',
          'a\\nIn data ' + 'a '.repeat(size / 2) + 'scritto x\\n',
        ];
        for (const text of hostile) stripQuotedHistory(text);
        parentPort.postMessage(hostile.length);
      });
      `,
      { eval: true },
    );
    // Not a speed target: a bound far above the linear cost (under a second) and far below the square's.
    const deadline = setTimeout(() => void worker.terminate(), 20_000);
    try {
      const [read] = (await Promise.race([once(worker, 'message'), once(worker, 'exit')])) as [unknown];
      assert.equal(read, 10, 'the hostile texts were not all read within 20 s');
    } finally {
      clearTimeout(deadline);
      await worker.terminate();
    }
  });

  test('strips a Spanish and an English reply', () => {
    assert.equal(
      stripQuotedHistory('Gracias.\n\nEl lun, 5 ene 2026, Soporte escribió:\n> antes\n'),
      'Gracias.',
    );
    assert.equal(
      stripQuotedHistory(
        'Thanks.\r\n\r\nOn Mon, Jan 5, 2026 at 9:14 AM Support <s@example.test> wrote:\r\n> before\r\n',
      ),
      'Thanks.',
    );
    assert.equal(stripQuotedHistory('> sólo cita\n'), '> sólo cita');
    assert.equal(stripQuotedHistory('  \n'), '');
  });
});
