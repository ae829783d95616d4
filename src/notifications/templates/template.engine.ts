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

/** Renders a checked template. `html` escapes every inserted value. */
export function renderTemplate(source: string, values: TemplateValues, html: boolean): string {
  const sections = /\{\{\s*([#^])\s*([A-Za-z]\w*)\s*\}\}([\s\S]*?)\{\{\s*\/\s*\2\s*\}\}/g;
  let text = source;
  // Innermost sections resolve first, so nested sections of different names work.
  for (let guard = 0; guard < 32; guard += 1) {
    const next = text.replace(sections, (_whole, sigil: string, name: string, body: string) =>
      present(values[name]) === (sigil === '#') ? body : '',
    );
    if (next === text) break;
    text = next;
  }
  return text.replace(TAG, (whole, sigil: string, name: string) => {
    if (sigil) return '';
    const value = values[name];
    if (value === undefined) return '';
    const s = String(value);
    return html ? escapeHtml(s) : s;
  });
}
