/** The default subject tags: `[Caso #123]`, and its English form. `{n}` stands for the case number. */
export const DEFAULT_CASE_TAGS: readonly string[] = ['[Caso #{n}]', '[Case #{n}]'];

/** Turns tag templates into one regular expression; spaces match any run of spaces, letters any case. */
export function caseTagPattern(templates: readonly string[]): RegExp {
  const alternatives = templates.map((t) => {
    const [before = '', after = ''] = t.split('{n}');
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*');
    return `${esc(before)}(\\d{1,10})${esc(after)}`;
  });
  return new RegExp(alternatives.join('|'), 'i');
}

/** The case number a subject names, if any (the first tag wins). Pure. */
export function caseNumberInSubject(subject: string, pattern: RegExp): number | undefined {
  const match = pattern.exec(subject);
  if (!match) return undefined;
  const digits = match.slice(1).find((g) => g !== undefined);
  const n = digits === undefined ? NaN : Number(digits);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** The subject with a case tag in front, unless it already carries one. */
export function withCaseTag(
  subject: string,
  caseNumber: number,
  template = DEFAULT_CASE_TAGS[0] ?? '[Caso #{n}]',
): string {
  const tag = template.replace('{n}', String(caseNumber));
  return subject.includes(tag) ? subject : `${tag} ${subject}`.trim();
}
