import {
  accountChoiceLabels,
  accountFieldHelp,
  accountFieldLabels,
  defaultValueText,
  type AccountField,
} from '../../../src/accounts/account.labels.js';
import { providerOfPreset } from '../../../src/oauth/providers.js';
import { api } from '../api.js';
import { h, show, uid } from '../dom.js';
import { t } from '../i18n.js';
import type { AccountDefaults, AccountView, OAuthStarted } from '../model.js';
import { ui } from '../texts.js';
import { settingApplies } from '../../../src/accounts/account.kind.js';
import {
  changesOf,
  emptyValues,
  kindOf,
  payloadOf,
  presetDefaults,
  SECRET_FIELDS,
  shownAuthOf,
  valuesOf,
  visibleFields,
  type Values,
} from './account-fields.js';
import { field, showErrors } from './forms.js';
import { choice } from './labels.js';
import { connectionTestPanel } from './connection-test.js';
import { oauthResultNotice } from './oauth-result.js';
import { roundTripSection } from './round-trip.js';

const CHOICES: Record<string, readonly string[]> = {
  security: ['none', 'implicit', 'starttls', 'auto'],
  sasl: ['auto', 'plain', 'login', 'xoauth2'],
  auth: ['password', 'oauth2'],
  'proxy.type': ['none', 'socks5', 'http'],
};
const CHOICE_LABELS: Record<string, Record<string, { es: string; en: string }>> = {
  security: accountChoiceLabels.security,
  auth: accountChoiceLabels.auth,
  'proxy.type': accountChoiceLabels.proxy,
};
const CHECKBOXES = new Set(['smtpAuth', 'leaveCopy', 'oauth.useLoopback', 'oauth.useBrowser']);
/** Choosing one of these changes which fields exist. */
const STRUCTURAL = new Set(['auth', 'smtpAuth', 'proxy.type']);

const label = (name: string) => t(accountFieldLabels[name as AccountField] ?? { es: name, en: name });
const helpOf = (name: string) => {
  const help = accountFieldHelp[name as AccountField];
  return help ? t(help) : undefined;
};

/** What an account leaving a setting empty uses, as the server gives it; asked for once, again after a failure. */
let defaultsAsked: Promise<AccountDefaults> | undefined;
async function accountDefaults(): Promise<AccountDefaults | undefined> {
  defaultsAsked ??= api<AccountDefaults>('GET', '/api/account-defaults');
  try {
    return await defaultsAsked;
  } catch {
    // The form works without them: it says the provider's address is used, without naming it.
    defaultsAsked = undefined;
    return undefined;
  }
}

/** The provider's API address an account of this connection type uses while its own is empty, if any. */
function defaultApiUrlOf(defaults: AccountDefaults | undefined, connection: unknown): string | undefined {
  if (!defaults || (connection !== 'graph' && connection !== 'gmail-api')) return undefined;
  return defaults.apiUrls[connection];
}

/**
 * The authority an OAuth account of this provider signs in at while its own is empty, as the server gives
 * it: the configured one (its variable named) or the provider's.
 */
function defaultAuthorityOf(
  defaults: AccountDefaults | undefined,
  preset: unknown,
): { readonly url: string; readonly text: string } | undefined {
  const provider = providerOfPreset(String(preset));
  const used = defaults && provider ? defaults.authorities[provider] : undefined;
  if (!used) return undefined;
  const text =
    used.source === 'configuration'
      ? `${used.url} (DROBOT_OAUTH_${provider === 'microsoft' ? 'MICROSOFT' : 'GOOGLE'}_AUTHORITY)`
      : t(defaultValueText, { value: used.url });
  return { url: used.url, text };
}

/** The account form, as in the seed: name, then inbound/outbound, provider, connection type; then its fields. */
export async function accountFormPage(main: HTMLElement, name: string | undefined): Promise<void> {
  const [saved, defaults] = await Promise.all([
    name ? api<AccountView>('GET', `/api/accounts/${encodeURIComponent(name)}`) : undefined,
    accountDefaults(),
  ]);
  const values: Values = saved ? valuesOf(saved) : emptyValues();
  const initial = saved ? payloadOf(values) : undefined;
  const secretSet = new Set(
    saved
      ? [
          saved.password ? 'password' : '',
          saved.proxy.password ? 'proxy.password' : '',
          saved.oauth.clientSecret ? 'oauth.clientSecret' : '',
        ]
      : [],
  );
  const alert = h('p', { class: 'alert', role: 'alert' });
  const status = h('p', { class: 'status', role: 'status' });
  const kindSection = h('fieldset', { class: 'kind' });
  const detailSection = h('div', { class: 'details' });
  const testPanel = h('section', { class: 'test-panel', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', novalidate: true });
  // The provider's API address an API account uses while its own is empty, as the server gives it (the
  // console's script names no other origin): the saved account's, else the one for the connection chosen.
  const apiUrlDefault = () =>
    (saved && values.connection === saved.connection ? saved.apiUrlDefault : undefined) ??
    defaultApiUrlOf(defaults, values.connection);
  const fieldHelp = (name: string) => {
    if (name === 'oauth.authority') {
      const used = defaultAuthorityOf(defaults, values.preset);
      return used ? t(ui.apiUrlEmptyUses, { value: used.text }) : helpOf(name);
    }
    if (name !== 'apiUrl') return helpOf(name);
    const url = apiUrlDefault();
    return url
      ? t(ui.apiUrlEmptyUses, { value: t(defaultValueText, { value: url }) })
      : t(ui.apiUrlEmptyProvider);
  };

  const inputFor = (name: string): HTMLInputElement | HTMLSelectElement => {
    const current = values[name];
    const authorityDefault = defaultAuthorityOf(defaults, values.preset);
    if (CHECKBOXES.has(name)) {
      return h('input', { type: 'checkbox', checked: current === true });
    }
    // An SMTP account without authentication shows its type as none, which the choice cannot change.
    const noLogin = name === 'auth' && shownAuthOf(values) === 'none';
    const options = noLogin ? ['none'] : CHOICES[name];
    if (options) {
      return h(
        'select',
        { disabled: noLogin },
        options.map((o) =>
          h(
            'option',
            { value: o, selected: current === o },
            CHOICE_LABELS[name] ? choice(CHOICE_LABELS[name] ?? {}, o) : o.toUpperCase(),
          ),
        ),
      );
    }
    const secret = (SECRET_FIELDS as readonly string[]).includes(name);
    const numeric = name === 'port' || name === 'timeoutMs' || name === 'proxy.port';
    // Without a login there is no user name to send from: the sender address is the only one.
    const required = name === 'outbound.fromAddress' && shownAuthOf(values) === 'none';
    return h('input', {
      type: secret ? 'password' : numeric ? 'number' : 'text',
      value: secret ? '' : String(current ?? ''),
      autocomplete: secret ? 'new-password' : 'off',
      ...(secret && secretSet.has(name) ? { placeholder: t(ui.secretKept) } : {}),
      ...(name === 'apiUrl' && apiUrlDefault() ? { placeholder: apiUrlDefault() } : {}),
      ...(name === 'oauth.authority' && authorityDefault ? { placeholder: authorityDefault.url } : {}),
      ...(numeric ? { min: '0', inputmode: 'numeric' } : {}),
      ...(required ? { required: true, 'aria-required': 'true' } : {}),
    });
  };

  const bind = (name: string, input: HTMLInputElement | HTMLSelectElement, structural: boolean) => {
    input.addEventListener(
      input instanceof HTMLSelectElement || (input as HTMLInputElement).type === 'checkbox'
        ? 'change'
        : 'input',
      () => {
        values[name] =
          input instanceof HTMLInputElement && input.type === 'checkbox' ? input.checked : input.value;
        if (structural) renderDetails();
      },
    );
  };

  function renderDetails(): void {
    const rows = visibleFields(values).map((name) => {
      const f = field(name, label(name), inputFor(name), fieldHelp(name));
      bind(name, f.input as HTMLInputElement | HTMLSelectElement, STRUCTURAL.has(name));
      return f.row;
    });
    show(detailSection, rows);
  }

  function renderKind(): void {
    const nameField = field(
      'name',
      label('name'),
      h('input', { type: 'text', value: String(values.name), required: true, autocomplete: 'off' }),
    );
    bind('name', nameField.input as HTMLInputElement, false);
    const radioName = uid('direction');
    const direction = h(
      'fieldset',
      { class: 'row radios', 'data-field': 'direction' },
      h('legend', {}, label('direction')),
      (['inbound', 'outbound'] as const).map((d) => {
        const id = uid('dir');
        const radio = h('input', {
          type: 'radio',
          name: radioName,
          id,
          value: d,
          checked: values.direction === d,
        });
        radio.addEventListener('change', () => restructure({ direction: d }));
        return h(
          'span',
          { class: 'radio' },
          radio,
          h('label', { for: id }, choice(accountChoiceLabels.direction, d)),
        );
      }),
      h('p', { class: 'field-error' }),
    );
    const preset = field(
      'preset',
      label('preset'),
      h(
        'select',
        {},
        ['domain', 'office365', 'gmail'].map((p) =>
          h('option', { value: p, selected: values.preset === p }, choice(accountChoiceLabels.preset, p)),
        ),
      ),
    );
    preset.input.addEventListener('change', () => {
      // A new provider starts on its mail protocol; Graph or the Gmail API is chosen after it.
      restructure({ preset: preset.input.value, connection: 'protocol' });
    });
    const connections =
      values.preset === 'office365'
        ? ['protocol', 'graph']
        : values.preset === 'gmail'
          ? ['protocol', 'gmail-api']
          : ['protocol'];
    const connection = field(
      'connection',
      label('connection'),
      h(
        'select',
        {},
        connections.map((c) =>
          h(
            'option',
            { value: c, selected: values.connection === c },
            choice(accountChoiceLabels.connection, c),
          ),
        ),
      ),
    );
    connection.input.addEventListener('change', () => restructure({ connection: connection.input.value }));
    const rows: HTMLElement[] = [nameField.row, direction, preset.row, connection.row];
    if (values.direction === 'inbound' && values.connection === 'protocol') {
      const protocol = field(
        'protocol',
        label('protocol'),
        h(
          'select',
          {},
          ['pop3', 'imap'].map((p) =>
            h('option', { value: p, selected: values.protocol === p }, p.toUpperCase()),
          ),
        ),
      );
      protocol.input.addEventListener('change', () => restructure({ protocol: protocol.input.value }));
      rows.push(protocol.row);
    }
    show(kindSection, h('legend', {}, saved ? saved.name : t(ui.newAccount)), rows);
  }

  /** A choice that changes the kind of account: the preset's defaults are filled in again. */
  function restructure(change: Values): void {
    Object.assign(values, change);
    Object.assign(values, presetDefaults(values));
    renderKind();
    renderDetails();
  }

  const save = async () => {
    const payload = payloadOf(values);
    try {
      const result = saved
        ? await api<AccountView>(
            'PATCH',
            `/api/accounts/${encodeURIComponent(saved.name)}`,
            changesOf(initial ?? {}, payload),
          )
        : await api<AccountView>('POST', '/api/accounts', payload);
      status.textContent = t(ui.saved);
      location.hash = `#/accounts/${encodeURIComponent(result.name)}`;
    } catch (error) {
      showErrors(form, alert, error, t(ui.formErrors));
    }
  };

  const runTest = async () => {
    alert.textContent = '';
    const payload = payloadOf(values);
    const request = saved
      ? {
          path: `/api/accounts/${encodeURIComponent(saved.name)}/test/events`,
          body: { changes: changesOf(initial ?? {}, payload) },
        }
      : { path: '/api/accounts/test/events', body: { account: payload } };
    await connectionTestPanel(testPanel, request.path, request.body, (error) =>
      showErrors(form, alert, error, t(ui.formErrors)),
    );
  };

  const actions = h(
    'div',
    { class: 'actions' },
    h('button', { type: 'submit', class: 'primary' }, t(ui.save)),
    h('button', { type: 'button', on: { click: () => void runTest() } }, t(ui.testButton)),
    saved && settingApplies(kindOf(valuesOf(saved)), 'oauth.clientId')
      ? h(
          'button',
          {
            type: 'button',
            on: {
              // The provider's consent page; DRobot's callback then sends the browser back to this form, which
              // says how it went.
              click: async () => {
                try {
                  const { url } = await api<OAuthStarted>(
                    'POST',
                    `/api/accounts/${encodeURIComponent(saved.name)}/oauth/start`,
                    {},
                  );
                  location.assign(url);
                } catch (error) {
                  showErrors(form, alert, error, t(ui.formErrors));
                }
              },
            },
          },
          t(ui.authorize),
        )
      : null,
    saved
      ? h(
          'button',
          {
            type: 'button',
            on: {
              click: async () => {
                await api('PATCH', `/api/accounts/${encodeURIComponent(saved.name)}`, {
                  enabled: !saved.enabled,
                }).catch((e: unknown) => showErrors(form, alert, e, t(ui.formErrors)));
                await accountFormPage(main, saved.name);
              },
            },
          },
          saved.enabled ? t(ui.disable) : t(ui.enable),
        )
      : null,
    saved
      ? h(
          'button',
          {
            type: 'button',
            class: 'danger',
            on: {
              click: async () => {
                if (!confirm(t(ui.confirmRemove, { name: saved.name }))) return;
                try {
                  await api('DELETE', `/api/accounts/${encodeURIComponent(saved.name)}`);
                  location.hash = '#/accounts';
                } catch (error) {
                  showErrors(form, alert, error, '');
                }
              },
            },
          },
          t(ui.remove),
        )
      : null,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save();
  });
  renderKind();
  renderDetails();
  show(form, kindSection, detailSection, alert, status, actions);
  show(
    main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/accounts' }, t(ui.settings))),
    h('h1', {}, saved ? saved.name : t(ui.newAccount)),
    saved ? await oauthResultNotice(saved.name) : null,
    form,
    testPanel,
    saved?.direction === 'outbound' && saved.connection === 'protocol' ? await roundTripSection(saved) : null,
  );
}
