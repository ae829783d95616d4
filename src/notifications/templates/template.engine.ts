/**
 * A deliberately small template language: `{{name}}` inserts a value (HTML-escaped in HTML templates),
 * `{{#name}}…{{/name}}` keeps its content only when the value is present, `{{^name}}…{{/name}}` only when
 * it is absent. No code runs in a template, so an administrator's template cannot do harm.
 */

export type TemplateValues = Readonly<Record<string, string | number | boolean | undefined>>;

export interface TemplateProblem {
  readonly code: 'unknown_variable' | 'unbalanced_section';
  readonly name: string;
}

const TAG = /\{\{\s*([#^/]?)\s*([A-Za-z][\w]*)\s*\}\}/g;

/** Problems of a template against the variable names its type allows (empty when it is fine). */
export function checkTemplate(source: string, allowed: ReadonlySet<string>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const open: string[] = [];
  for (const match of source.matchAll(TAG)) {
    const [, sigil = '', name = ''] = match;
    if (!allowed.has(name)) problems.push({ code: 'unknown_variable', name });
    if (sigil === '#' || sigil === '^') open.push(name);
    if (sigil === '/' && open.pop() !== name) problems.push({ code: 'unbalanced_section', name });
  }
  for (const name of open) problems.push({ code: 'unbalanced_section', name });
  return problems;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function present(value: TemplateValues[string]): boolean {
  return value !== undefined && value !== '' && value !== false;
}

/** A template read once: text, values to insert, and sections kept or dropped by a value. */
type Part = string | { readonly insert: string } | Section;
interface Section {
  readonly name: string;
  /** `{{#name}}`: kept when the value is present; `{{^name}}`: when it is absent. */
  readonly whenPresent: boolean;
  readonly parts: Part[];
  /** Never closed: its tags count for nothing and its content is always kept. */
  unclosed: boolean;
}

/**
 * The template's parts in one pass over its tags (no pattern that scans ahead for a section's end, which
 * an unbalanced template would make quadratic). A close pairs with the innermost open section of its name;
 * a section never closed counts for nothing but its content, which is kept, and a close without an open
 * is dropped (a checked template has neither).
 */
function parseTemplate(source: string): Part[] {
  const root: Part[] = [];
  const open: Array<{ readonly section: Section; readonly parent: Part[] }> = [];
  /** Where in `open` each name's open sections are, innermost last. */
  const openAt = new Map<string, number[]>();
  let parts = root;
  let at = 0;
  for (const match of source.matchAll(TAG)) {
    if (match.index > at) parts.push(source.slice(at, match.index));
    at = match.index + match[0].length;
    const [, sigil = '', name = ''] = match;
    if (sigil === '') {
      parts.push({ insert: name });
    } else if (sigil === '#' || sigil === '^') {
      const section: Section = { name, whenPresent: sigil === '#', parts: [], unclosed: false };
      parts.push(section);
      const indexes = openAt.get(name) ?? [];
      indexes.push(open.length);
      openAt.set(name, indexes);
      open.push({ section, parent: parts });
      parts = section.parts;
    } else {
      const closing = openAt.get(name)?.pop();
      const closed = closing === undefined ? undefined : open[closing];
      if (closing === undefined || !closed) continue;
      // Sections opened inside it and never closed keep their content whatever the values.
      for (const inner of open.slice(closing + 1)) {
        inner.section.unclosed = true;
        openAt.get(inner.section.name)?.pop();
      }
      open.length = closing;
      parts = closed.parent;
    }
  }
  if (at < source.length) parts.push(source.slice(at));
  for (const inner of open) inner.section.unclosed = true;
  return root;
}

/** Renders a checked template. `html` escapes every inserted value. */
export function renderTemplate(source: string, values: TemplateValues, html: boolean): string {
  let out = '';
  // Walked with a stack of its own: a template nested thousands deep needs no call per level.
  const stack: Array<{ readonly parts: readonly Part[]; next: number }> = [
    { parts: parseTemplate(source), next: 0 },
  ];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const part = top?.parts[top.next];
    if (!top || part === undefined) {
      stack.pop();
      continue;
    }
    top.next += 1;
    if (typeof part === 'string') {
      out += part;
    } else if ('insert' in part) {
      const value = values[part.insert];
      if (value !== undefined) out += html ? escapeHtml(String(value)) : String(value);
    } else if (part.unclosed || present(values[part.name]) === part.whenPresent) {
      stack.push({ parts: part.parts, next: 0 });
    }
  }
  return out;
}
