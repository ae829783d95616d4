/*
 * Reference copy of src/inbound/parse/reply.stripper.ts as it was before the parse speed work (commit 8110508): the
 * output the faster code must keep, compared mail by mail in test/inbound/parse-equivalence.test.ts.
 * Not edited to follow the source: a change of output there must show as a failure.
 */
/**
 * The text a person wrote, without the quoted history of earlier mails ("El … escribió:", "On … wrote:",
 * `>` lines, signatures). Falls back to the full text when stripping would leave nothing.
 *
 * The same rules and output as the email-reply-parser package (MIT, Crisp IM SAS, after willdurand's
 * EmailReplyParser), whose regular expressions are copied below unchanged; it is faster because it reads the
 * lines from the last one up without reversing strings, tests each line once, and skips a quote-header rule
 * when its fixed words are absent from the text (such a rule cannot match, and some of them backtrack
 * heavily on long lines). A test compares both on a corpus.
 */

interface QuoteHeader {
  readonly re: RegExp;
  /** Words any match must contain (one of them at least); undefined: always tried. */
  readonly needs: readonly string[] | undefined;
}

/* eslint-disable no-useless-escape -- the patterns are kept exactly as the reference has them */
const QUOTE_HEADERS: readonly QuoteHeader[] = [
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

const SIGNATURES: readonly RegExp[] = [
  /^\s*-{2,4}$/, // Separator
  /^\s*_{2,4}$/, // Separator
  /^-- $/, // Separator
  /^\+{2,4}$/, // Separator
  /^\={2,4}$/, // Separator
  /^________________________________$/, // Separator
  /^Sent from (?:\s*.+)$/, // en
  /^Get Outlook for (?:\s*.+).*/m, // en
  /^Cheers,?!?$/im, // en
  /^Best wishes,?!?$/im, // en
  /^\w{0,20}\s?(\sand\s)?Regards,?!?！?$/im, //en,
  /^Von (?:\s*.+) gesendet$/, // de
  /^Gesendet von (?:\s*.+) für (?:\s*.+)$/, // de
  /^Sendt fra (?:\s*.+)$/, // da
  /^Envoyé depuis (?:\s*.+)$/, //fr,
  /^Envoyé de mon (?:\s*.+)$/, // fr - e.g. Envoyé de mon iPhone
  /^Envoyé à partir de (?:\s*.+)$/, //fr,
  /^Télécharger Outlook pour (?:\s*.+).*/m, // fr
  /^Bien . vous,?!?$/im, // fr
  /^\w{0,20}\s?cordialement,?!?$/im, // fr
  /^Bonne (journ.e|soir.e)!?$/im, // fr
  /^Enviado desde (?:\s*.+)$/, // es,
  /^-*\s*(In\sdata\s.+\s.+\n?scritto:{0,1})\s{0,1}-*$/m, // it,
  /^Verzonden vanaf (?:\s*.+)$/, // nl - e.g. Verzonden vanaf (Outlook voor Android<https://aka.ms/12345>|mijn iPad)
  /^Verstuurd vanaf (?:\s*.+)$/, // nl - e.g. Verstuurd vanaf mijn iPad/iPhone
];
/* eslint-enable no-useless-escape */

function mayMatch(header: QuoteHeader, text: string): boolean {
  return header.needs === undefined || header.needs.some((word) => text.includes(word));
}

function isQuoteHeader(line: string): boolean {
  for (const header of QUOTE_HEADERS) if (mayMatch(header, line) && header.re.test(line)) return true;
  return false;
}

function isSignature(line: string): boolean {
  for (const re of SIGNATURES) if (re.test(line)) return true;
  return false;
}

/** Joins a quote header broken over two lines, exactly as the reference does (first match of each rule). */
function fixBrokenHeaders(text: string): string {
  let fixed = text;
  for (const header of QUOTE_HEADERS) {
    if (!mayMatch(header, fixed)) continue;
    const group = fixed.match(header.re)?.[1];
    if (group !== undefined) fixed = fixed.replace(group, group.replace(/\n/g, ' '));
  }
  return fixed;
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
  const text = fixBrokenHeaders(input.replace(/\r\n/g, '\n'));
  const lines = text.split('\n');
  const fragments: Fragment[] = [];
  let fragment: Fragment | undefined;
  for (let i = lines.length - 1; i >= 0; i--) {
    const raw = lines[i] as string;
    const rawSignature = isSignature(raw);
    // The reference trims the end of a line (the start of its reversed copy) unless it is a signature line.
    const line = rawSignature ? raw : raw.trimEnd();
    const signature = rawSignature || (line !== raw && isSignature(line));
    if (fragment) {
      const last = fragment.lines[fragment.lines.length - 1] as string;
      const lastSignature = fragment.signatures[fragment.signatures.length - 1] as boolean;
      if (lastSignature) {
        fragment.signature = true;
        fragments.push(fragment);
        fragment = undefined;
      } else if (line === '' && isQuoteHeader(last)) {
        fragment.quoted = true;
        fragments.push(fragment);
        fragment = undefined;
      }
    }
    const quoted = line.startsWith('>');
    const continues =
      fragment !== undefined &&
      (fragment.quoted === quoted || (fragment.quoted && (line === '' || isQuoteHeader(line))));
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
  return visible.join('\n').replace(/~*$/, '');
}

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
