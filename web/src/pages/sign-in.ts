import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import { completeSetup, signIn } from '../session.js';
import { ui } from '../texts.js';
import { field, showErrors } from './forms.js';

export function signInPage(main: HTMLElement, done: () => void): void {
  const name = field(
    'name',
    t(ui.userName),
    h('input', { type: 'text', autocomplete: 'username', required: true }),
  );
  const password = field(
    'password',
    t(ui.password),
    h('input', { type: 'password', autocomplete: 'current-password', required: true }),
  );
  const alert = h('p', { class: 'alert', role: 'alert' });
  const form = h(
    'form',
    {
      class: 'card narrow',
      on: {
        submit: async (event) => {
          event.preventDefault();
          try {
            await signIn(name.input.value, password.input.value);
            done();
          } catch (error) {
            showErrors(form, alert, error, '');
          }
        },
      },
    },
    h('h1', {}, t(ui.signIn)),
    name.row,
    password.row,
    alert,
    h('button', { type: 'submit', class: 'primary' }, t(ui.signIn)),
  );
  show(main, form);
  name.input.focus();
}

export function setupPage(main: HTMLElement, token: string, done: () => void): void {
  const name = field(
    'name',
    t(ui.userName),
    h('input', { type: 'text', autocomplete: 'username', required: true }),
  );
  const password = field(
    'password',
    t(ui.password),
    h('input', { type: 'password', autocomplete: 'new-password', required: true, minlength: 10 }),
  );
  const repeat = field(
    'repeat',
    t(ui.repeatPassword),
    h('input', { type: 'password', autocomplete: 'new-password', required: true }),
  );
  const alert = h('p', { class: 'alert', role: 'alert' });
  const form = h(
    'form',
    {
      class: 'card narrow',
      on: {
        submit: async (event) => {
          event.preventDefault();
          if (password.input.value !== repeat.input.value) {
            repeat.error.textContent = t(ui.passwordsDiffer);
            return;
          }
          try {
            await completeSetup(token, name.input.value, password.input.value);
            done();
          } catch (error) {
            showErrors(form, alert, error, '');
          }
        },
      },
    },
    h('h1', {}, t(ui.setupTitle)),
    h('p', {}, t(ui.setupIntro)),
    name.row,
    password.row,
    repeat.row,
    alert,
    h('button', { type: 'submit', class: 'primary' }, t(ui.setupSubmit)),
  );
  show(main, form);
  name.input.focus();
}
