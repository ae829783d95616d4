import { ApiError } from '../api.js';
import { h, uid } from '../dom.js';

/** A labelled input with its help and an error slot the API's field errors fill. */
export interface Field {
  readonly row: HTMLElement;
  readonly input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  readonly error: HTMLElement;
}

export function field(
  name: string,
  label: string,
  input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  help?: string,
): Field {
  const id = uid('f');
  input.id = id;
  input.name = name;
  const error = h('p', { class: 'field-error', id: `${id}-error`, 'aria-live': 'polite' });
  const helpEl = help ? h('p', { class: 'help', id: `${id}-help` }, help) : null;
  input.setAttribute(
    'aria-describedby',
    [helpEl ? `${id}-help` : '', `${id}-error`].filter(Boolean).join(' '),
  );
  const isCheck = input instanceof HTMLInputElement && input.type === 'checkbox';
  const row = isCheck
    ? h(
        'div',
        { class: 'row check', 'data-field': name },
        input,
        h('label', { for: id }, label),
        helpEl,
        error,
      )
    : h('div', { class: 'row', 'data-field': name }, h('label', { for: id }, label), input, helpEl, error);
  return { row, input, error };
}

/** Shows an API error: each issue under its field, the rest in the form's alert. */
export function showErrors(form: HTMLElement, alert: HTMLElement, error: unknown, fallback: string): void {
  for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  if (!(error instanceof ApiError)) {
    alert.textContent = error instanceof Error ? error.message : String(error);
    return;
  }
  const issues =
    error.body.issues ?? (error.body.field ? [{ field: error.body.field, message: error.body.message }] : []);
  let placed = 0;
  for (const issue of issues) {
    const row = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(issue.field)}"]`);
    const slot = row?.querySelector('.field-error');
    if (!row || !slot) continue;
    slot.textContent = issue.message;
    row.querySelector('input,select,textarea')?.setAttribute('aria-invalid', 'true');
    placed += 1;
  }
  alert.textContent = placed > 0 ? fallback : [error.body.message, error.body.hint].filter(Boolean).join(' ');
}
