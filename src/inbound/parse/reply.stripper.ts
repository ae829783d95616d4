/**
 * The text a person wrote, without the quoted history of earlier mails ("El … escribió:", "On … wrote:",
 * `>` lines, signatures). Falls back to the full text when stripping would leave nothing.
 *
 * The same rules and output as the email-reply-parser package (MIT, Crisp IM SAS, after willdurand's
 * EmailReplyParser), whose regular expressions are copied below unchanged; it is faster because it reads the
 * lines from the last one up without reversing strings, tests each line once, skips a quote-header rule
 * when its fixed words are absent from the text or the line (such a rule cannot match, and some of them
 * backtrack heavily on long lines), and a signature rule when its fixed words are absent from the whole
 * text; the words of all rules are looked for in one pass over the text. A test compares both on a corpus.
 *
 * Unlike the reference, each rule's repetitions are bounded ({@link bounded}): a text's cost grows with its
 * length, not with its square, whatever a hostile sender writes.
 */

import { withoutTrailing } from '../../app/text-ends.js';
import { WordScanner } from './word-scan.js';

interface QuoteHeader {
  readonly re: RegExp;
  /** Words any match must contain (one of them at least); undefined: always tried. */
  readonly needs: readonly string[] | undefined;
}

/**
 * How far one repetition of a rule may reach. The reference's `.+`, `[\s\S]+` and `\s*` have no bound, and a
 * rule tried at every line start that may run to the end of the text costs time in the square of the text
 * or more: 64 K of blank lines and the rules' words took 78 s, 64 K of lines "Op schreef" over 5 minutes,
 * a 64 K line starting with "On " and holding "wrote" 4.7 s (the parse thread gives a mail 60 s; on the main
 * thread nothing else would run meanwhile). Bounded, a rule's attempt at one place costs at most a few
 * spans, and those texts take 0.2 s or less. Real headers and signatures are far inside them (the tests
 * compare the output with the reference's).
 */
export const RULE_SPANS = Object.freeze({
  /** `.+`, `.*`: characters of one line; a longer line is no header or signature. */
  line: 1000,
  /** `[\s\S]+`: a header wrapped over lines. */
  lines: 300,
  /** `\s*`, `-*`, ` *`: the blanks and dashes around a header or inside it. */
  blanks: 20,
});

/** A reference pattern with each unbounded repetition bounded by {@link RULE_SPANS}; the same within them. */
export function bounded(re: RegExp): RegExp {
  const source = re.source
    .replaceAll('[\\s\\S]+', `[\\s\\S]{1,${RULE_SPANS.lines}}`)
    .replace(/(?<!\\)\.([+*])/g, (_, q: string) => `.{${q === '+' ? 1 : 0},${RULE_SPANS.line}}`)
    .replace(/(\\s|-| )\*/g, (_, atom: string) => `${atom}{0,${RULE_SPANS.blanks}}`);
  // Escapes aside, a `*` or `+` left is a repetition this function does not know how to bound.
  if (/[*+]/.test(source.replace(/\\./g, ''))) throw new Error(`unbounded repetition in /${source}/`);
  return new RegExp(source, re.flags);
}

/* eslint-disable no-useless-escape -- the patterns are kept exactly as the reference has them */
const REFERENCE_QUOTE_HEADERS: readonly QuoteHeader[] = [
  { re: /^-*\s*(On\s.+\s.+\n?wrote:{0,1})\s{0,1}-*$/m, needs: ['wrote'] }, // On DATE, NAME <EMAIL> wrote:
  { re: /^-*\s*(Le\s.+\s.+\n?écrit\s?:{0,1})\s{0,1}-*$/m, needs: ['crit'] }, // Le DATE, NAME <EMAIL> a écrit :
  { re: /^-*\s*(El\s.+\s.+\n?escribió:{0,1})\s{0,1}-*$/m, needs: ['escribi'] }, // El DATE, NAME <EMAIL> escribió:
  { re: /^-*\s*(Il\s.+\s.+\n?scritto:{0,1})\s{0,1}-*$/m, needs: ['scritto'] }, // Il DATE, NAME <EMAIL> ha scritto:
  { re: /^-*\s*(Em\s.+\s.+\n?escreveu:{0,1})\s{0,1}-*$/m, needs: ['escreveu'] }, // Em DATE, NAME <EMAIL> ha escreveu:
  { re: /^\s*(Am\s.+\s)\n?\n?schrieb.+\s?(\[|<).+(\]|>):$/m, needs: ['schrieb'] }, // Am DATE schrieb NAME <EMAIL>:
  { re: /^\s*(Op\s[\s\S]+?\n?schreef[\s\S]+:)$/m, needs: ['schreef'] }, // Il DATE, schreef NAME <EMAIL>:
  { re: /^\s*((W\sdniu|Dnia)\s[\s\S]+?(pisze|napisał(\(a\))?):)$/mu, needs: ['pisze', 'napisał'] }, // W dniu DATE, NAME <EMAIL> pisze|napisał:
  { re: /^\s*(Den\s.+\s\n?skrev\s.+:)$/m, needs: ['skrev'] }, // Den DATE skrev NAME <EMAIL>:
  { re: /^\s*(pe\s.+\s.+\n?kirjoitti:)$/m, needs: ['kirjoitti'] }, // pe DATE NAME <EMAIL> kirjoitti:
  { re: /^\s*(Am\s.+\sum\s.+\s\n?schrieb\s.+:)$/m, needs: ['schrieb'] }, // Am DATE um TIME schrieb NAME:
  { re: /^\s*(ср\,\s.+\n?\u202fг\. в\s.+,\s.+[\[|<].+[\]|>]:)$/m, needs: ['ср,'] }, // ср, DATE г. в TIME, NAME <EMAIL>:
  { re: /^(在[\s\S]+写道：)$/m, needs: ['写道：'] }, // > 在 DATE, TIME, NAME 写道：
  { re: /^(20[0-9]{2}\..+\s작성:)$/m, needs: ['작성:'] }, // DATE TIME NAME 작성:
  { re: /^(20[0-9]{2}\/.+のメッセージ:)$/m, needs: ['のメッセージ:'] }, // DATE TIME、NAME のメッセージ:
  { re: /^(.+\s<.+>\sschrieb:)$/m, needs: ['schrieb:'] }, // NAME <EMAIL> schrieb:
  { re: /^(.+\son.*at.*wrote:)$/m, needs: ['wrote:'] }, // NAME on DATE wrote:
  { re: /^\s*(From\s?:.+\s?\n?\s*[\[|<].+[\]|>])/m, needs: ['From'] }, // "From: NAME <EMAIL>" OR "From : NAME <EMAIL>" OR "From : NAME<EMAIL>"(With support whitespace before start and before <)
  { re: /^\s*(Von\s?:.+\s?\n?\s*[\[|<].+[\]|>])/m, needs: ['Von'] }, // "Von: NAME <EMAIL>" OR "Von : NAME <EMAIL>" OR "Von : NAME<EMAIL>"(With support whitespace before start and before <)
  { re: /^\s*(De\s?:.+\s?\n?\s*(\[|<).+(\]|>))/m, needs: ['De'] }, // "De: NAME <EMAIL>" OR "De : NAME <EMAIL>" OR "De : NAME<EMAIL>"  (With support whitespace before start and before <)
  { re: /^\s*(Van\s?:.+\s?\n?\s*(\[|<).+(\]|>))/m, needs: ['Van'] }, // "Van: NAME <EMAIL>" OR "Van : NAME <EMAIL>" OR "Van : NAME<EMAIL>"  (With support whitespace before start and before <)
  { re: /^\s*(Da\s?:.+\s?\n?\s*(\[|<).+(\]|>))/m, needs: ['Da'] }, // "Da: NAME <EMAIL>" OR "Da : NAME <EMAIL>" OR "Da : NAME<EMAIL>"  (With support whitespace before start and before <)
  { re: /^(20[0-9]{2})-([0-9]{2}).([0-9]{2}).([0-9]{2}):([0-9]{2})\n?(.*)>:$/m, needs: ['>:'] }, // 20YY-MM-DD HH:II GMT+01:00 NAME <EMAIL>:
  { re: /^\s*([a-z]{3,4}\.\s[\s\S]+\sskrev\s[\s\S]+:)$/m, needs: ['skrev'] }, // DATE skrev NAME <EMAIL>:
  {
    re: /^([0-9]{2}).([0-9]{2}).(20[0-9]{2})(.*)(([0-9]{2}).([0-9]{2}))(.*)\"( *)<(.*)>( *):$/m,
    needs: ['<'],
  }, // DD.MM.20YY HH:II NAME <EMAIL>
  { re: /^[0-9]{2}:[0-9]{2}(.*)[0-9]{4}(.*)\"( *)<(.*)>( *):$/, needs: ['<'] }, // HH:II, DATE, NAME <EMAIL>:
  { re: /^(.*)[0-9]{4}(.*)from(.*)<(.*)>:$/, needs: ['from'] },
  { re: /^-{1,12} ?(O|o)riginal (M|m)essage ?-{1,12}$/i, needs: undefined },
  { re: /^-{1,12} ?(O|o)prindelig (B|b)esked ?-{1,12}$/i, needs: undefined },
  { re: /^-{1,12} ?(M|m)essage d\'origine ?-{1,12}$/i, needs: undefined },
  { re: /^-{1,12} ?(U|u)rsprüngliche (N|n)achricht ?-{0,12}$/i, needs: undefined },
];
const QUOTE_HEADERS: readonly QuoteHeader[] = REFERENCE_QUOTE_HEADERS.map((h) => ({
  ...h,
  re: bounded(h.re),
}));

interface SignatureRule {
  readonly re: RegExp;
  /** Words every match contains (all of them); compared lowercased when the rule ignores case. */
  readonly needs: readonly string[];
}

/** A rule from its pattern, bounded, and the fixed words in it (lowercase for a case-insensitive pattern). */
function sig(re: RegExp, ...needs: string[]): SignatureRule {
  return { re: bounded(re), needs };
}

const SIGNATURES: readonly SignatureRule[] = [
  sig(/^\s*-{2,4}$/, '--'), // Separator
  sig(/^\s*_{2,4}$/, '__'), // Separator
  sig(/^-- $/, '-- '), // Separator
  sig(/^\+{2,4}$/, '++'), // Separator
  sig(/^\={2,4}$/, '=='), // Separator
  sig(/^________________________________$/, '__'), // Separator
  sig(/^Sent from (?:\s*.+)$/, 'Sent from '), // en
  sig(/^Get Outlook for (?:\s*.+).*/m, 'Get Outlook for '), // en
  sig(/^Cheers,?!?$/im, 'cheers'), // en
  sig(/^Best wishes,?!?$/im, 'best wishes'), // en
  sig(/^\w{0,20}\s?(\sand\s)?Regards,?!?！?$/im, 'regards'), //en,
  sig(/^Von (?:\s*.+) gesendet$/, 'Von ', ' gesendet'), // de
  sig(/^Gesendet von (?:\s*.+) für (?:\s*.+)$/, 'Gesendet von ', ' für '), // de
  sig(/^Sendt fra (?:\s*.+)$/, 'Sendt fra '), // da
  sig(/^Envoyé depuis (?:\s*.+)$/, 'Envoyé depuis '), //fr,
  sig(/^Envoyé de mon (?:\s*.+)$/, 'Envoyé de mon '), // fr - e.g. Envoyé de mon iPhone
  sig(/^Envoyé à partir de (?:\s*.+)$/, 'Envoyé à partir de '), //fr,
  sig(/^Télécharger Outlook pour (?:\s*.+).*/m, 'Télécharger Outlook pour '), // fr
  sig(/^Bien . vous,?!?$/im, 'bien ', ' vous'), // fr
  sig(/^\w{0,20}\s?cordialement,?!?$/im, 'cordialement'), // fr
  sig(/^Bonne (journ.e|soir.e)!?$/im, 'bonne '), // fr
  sig(/^Enviado desde (?:\s*.+)$/, 'Enviado desde '), // es,
  sig(/^-*\s*(In\sdata\s.+\s.+\n?scritto:{0,1})\s{0,1}-*$/m, 'data', 'scritto'), // it,
  sig(/^Verzonden vanaf (?:\s*.+)$/, 'Verzonden vanaf '), // nl - e.g. Verzonden vanaf (Outlook voor Android<https://aka.ms/12345>|mijn iPad)
  sig(/^Verstuurd vanaf (?:\s*.+)$/, 'Verstuurd vanaf '), // nl - e.g. Verstuurd vanaf mijn iPad/iPhone
];
/* eslint-enable no-useless-escape */

/** A fixed word of a rule, and whether the rule ignores case (then the word is lowercase ASCII). */
export interface Word {
  readonly key: string;
  readonly text: string;
  readonly ignoreCase: boolean;
}

function wordOf(text: string, ignoreCase: boolean): Word {
  // eslint-disable-next-line no-control-regex
  if (ignoreCase && !/^[\u0000-\u007f]*$/.test(text)) throw new Error(`not ASCII: ${text}`);
  return { key: `${ignoreCase ? 'i' : 's'}:${text}`, text, ignoreCase };
}

const QUOTE_HEADER_WORDS = new Map(
  QUOTE_HEADERS.map((h) => [h, h.needs?.map((word) => wordOf(word, false).key)] as const),
);
const SIGNATURE_WORDS = new Map(
  SIGNATURES.map((s) => [s, s.needs.map((word) => wordOf(word, s.re.ignoreCase).key)] as const),
);
/** Every fixed word of the rules, once (exported for the test that compares the ways of finding them). */
export const WORDS: readonly Word[] = [
  ...new Map(
    [
      ...QUOTE_HEADERS.flatMap((h) => (h.needs ?? []).map((word) => wordOf(word, false))),
      ...SIGNATURES.flatMap((s) => s.needs.map((word) => wordOf(word, s.re.ignoreCase))),
    ].map((w) => [w.key, w]),
  ).values(),
];

const LONGEST_WORD = Math.max(...WORDS.map((w) => w.text.length));

/** The rules' words, all looked for in one pass over a text (see word-scan.ts). */
const WORD_SCANNER = new WordScanner(WORDS);

/**
 * The keys of the rules' words found in a text. A rule none of whose words (quote headers) or not all of
 * whose words (signatures) are in a text cannot match it, nor any of its lines.
 */
function wordsIn(text: string): Set<string> {
  return WORD_SCANNER.keysIn(text);
}

function mayMatch(header: QuoteHeader, text: string): boolean {
  return header.needs === undefined || header.needs.some((word) => text.includes(word));
}

/** The quote headers that may match a text's lines (all words of a line are words of the text). */
function quoteHeadersFor(words: ReadonlySet<string>): QuoteHeader[] {
  return QUOTE_HEADERS.filter((h) => {
    const keys = QUOTE_HEADER_WORDS.get(h);
    return keys === undefined || keys.some((key) => words.has(key));
  });
}

function isQuoteHeader(line: string, headers: readonly QuoteHeader[]): boolean {
  for (const header of headers) if (mayMatch(header, line) && header.re.test(line)) return true;
  return false;
}

/**
 * The signature rules that can match some line of a text: a rule whose fixed words are not all in the
 * whole text cannot match any of its lines, so each line is tested only against the rules left.
 */
function signatureRulesFor(words: ReadonlySet<string>): RegExp[] {
  return SIGNATURES.filter((s) => (SIGNATURE_WORDS.get(s) ?? []).every((key) => words.has(key))).map(
    ({ re }) => re,
  );
}

function isSignature(line: string, rules: readonly RegExp[]): boolean {
  for (const re of rules) if (re.test(line)) return true;
  return false;
}

/**
 * Joins a quote header broken over two lines, exactly as the reference does (first match of each rule).
 * Gives the words of the text it returns too.
 */
function fixBrokenHeaders(text: string): { fixed: string; words: Set<string> } {
  let fixed = text;
  const words = wordsIn(text);
  for (const header of QUOTE_HEADERS) {
    const keys = QUOTE_HEADER_WORDS.get(header);
    if (keys !== undefined && !keys.some((key) => words.has(key))) continue;
    const group = fixed.match(header.re)?.[1];
    if (group === undefined) continue;
    const before = fixed;
    // A replacement string: `$&` and the like in the text are expanded, as the reference does.
    fixed = fixed.replace(group, group.replace(/\n/g, ' '));
    if (fixed === before) continue;
    // Only words across the replaced stretch are new (a word that went away costs a needless test only).
    const at = before.indexOf(group);
    const end = at + group.length + fixed.length - before.length;
    for (const key of wordsIn(fixed.slice(Math.max(0, at - LONGEST_WORD + 1), end + LONGEST_WORD - 1)))
      words.add(key);
  }
  return { fixed, words };
}

interface Fragment {
  /** Lines from the last up (reverse order), each in its written direction. */
  readonly lines: string[];
  /** Whether each line is a signature line (kept to avoid testing it twice). */
  readonly signatures: boolean[];
  quoted: boolean;
  signature: boolean;
}

function hidden(f: Fragment): boolean {
  return f.quoted || f.signature || f.lines.every((l) => l === '');
}

/** The visible text by the reference's rules: fragments read from the bottom up. */
export function visibleText(input: string): string {
  const { fixed: text, words } = fixBrokenHeaders(input.replace(/\r\n/g, '\n'));
  const signatureRules = signatureRulesFor(words);
  const quoteHeaders = quoteHeadersFor(words);
  const lines = text.split('\n');
  const fragments: Fragment[] = [];
  let fragment: Fragment | undefined;
  for (let i = lines.length - 1; i >= 0; i--) {
    const raw = lines[i] as string;
    const rawSignature = isSignature(raw, signatureRules);
    // The reference trims the end of a line (the start of its reversed copy) unless it is a signature line.
    const line = rawSignature ? raw : raw.trimEnd();
    const signature = rawSignature || (line !== raw && isSignature(line, signatureRules));
    if (fragment) {
      const last = fragment.lines[fragment.lines.length - 1] as string;
      const lastSignature = fragment.signatures[fragment.signatures.length - 1] as boolean;
      if (lastSignature) {
        fragment.signature = true;
        fragments.push(fragment);
        fragment = undefined;
      } else if (line === '' && isQuoteHeader(last, quoteHeaders)) {
        fragment.quoted = true;
        fragments.push(fragment);
        fragment = undefined;
      }
    }
    const quoted = line.startsWith('>');
    const continues =
      fragment !== undefined &&
      (fragment.quoted === quoted || (fragment.quoted && (line === '' || isQuoteHeader(line, quoteHeaders))));
    if (!continues) {
      if (fragment) fragments.push(fragment);
      fragment = { lines: [], signatures: [], quoted, signature: false };
    }
    (fragment as Fragment).lines.push(line);
    (fragment as Fragment).signatures.push(signature);
  }
  if (fragment) fragments.push(fragment);
  const visible: string[] = [];
  for (let i = fragments.length - 1; i >= 0; i--) {
    const f = fragments[i] as Fragment;
    if (hidden(f)) continue;
    const content = f.lines.slice().reverse().join('\n');
    visible.push(content.startsWith('\n') ? content.slice(1) : content);
  }
  // What the reference's `.replace(/~*$/, '')` gives.
  return withoutTrailing(visible.join('\n'), (code) => code === TILDE);
}

const TILDE = 0x7e;

export function stripQuotedHistory(text: string): string {
  if (text.trim() === '') return '';
  let visible: string;
  try {
    visible = visibleText(text);
  } catch {
    return text.trim();
  }
  const trimmed = visible.trim();
  return trimmed === '' ? text.trim() : trimmed;
}
