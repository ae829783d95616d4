import {
  accountChoiceLabels,
  accountFieldLabels,
  shownAccountState,
  testStepLabels,
} from '../../../src/accounts/account.labels.js';
import { api } from '../api.js';
import { h, show, when } from '../dom.js';
import { currentLang, t } from '../i18n.js';
import type { AccountView, FetchHealth } from '../model.js';
import { ui } from '../texts.js';
import { choice } from './labels.js';

function lastTest(a: AccountView): string {
  if (!a.lastTest) return '—';
  const verdict = a.lastTest.ok
    ? t(ui.testOk)
    : t(ui.testFailed, { step: choice(testStepLabels, a.lastTest.failedStep ?? '') });
  return `${verdict} · ${when(a.lastTest.at, currentLang())}`;
}

/** A state as a person reads it, by the rule the CLI shows it by too. */
export function stateOf(a: AccountView, health?: FetchHealth): string {
  return shownAccountState(a, Boolean(health?.lastError));
}

export async function accountsPage(main: HTMLElement): Promise<void> {
  const [accounts, health] = await Promise.all([
    api<AccountView[]>('GET', '/api/accounts'),
    api<FetchHealth[]>('GET', '/api/inbound/health').catch(() => [] as FetchHealth[]),
  ]);
  const runOf = (a: AccountView) => health.find((x) => x.accountId === a.id);
  const head = [
    t(accountFieldLabels.name),
    t(accountFieldLabels.direction),
    t(accountFieldLabels.connection),
    t(accountFieldLabels.preset),
    t(ui.colState),
    t(ui.colLastTest),
    t(ui.colLastRun),
  ];
  const table = h(
    'table',
    {},
    h('caption', { class: 'sr-only' }, t(ui.navAccounts)),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        head.map((label) => h('th', { scope: 'col' }, label)),
      ),
    ),
    h(
      'tbody',
      {},
      accounts.map((a) => {
        const state = stateOf(a, runOf(a));
        return h(
          'tr',
          {},
          h('th', { scope: 'row' }, h('a', { href: `#/accounts/${encodeURIComponent(a.name)}` }, a.name)),
          h('td', {}, `${choice(accountChoiceLabels.direction, a.direction)} · ${a.protocol.toUpperCase()}`),
          h('td', {}, choice(accountChoiceLabels.connection, a.connection)),
          h('td', {}, choice(accountChoiceLabels.preset, a.preset)),
          h('td', {}, h('span', { class: `badge state-${state}` }, choice(accountChoiceLabels.state, state))),
          h('td', {}, lastTest(a)),
          h('td', {}, a.direction === 'inbound' ? when(runOf(a)?.lastRunAt, currentLang()) : '—'),
        );
      }),
    ),
  );
  show(
    main,
    h('p', { class: 'crumbs' }, t(ui.settings)),
    h(
      'div',
      { class: 'title-row' },
      h('h1', {}, t(ui.navAccounts)),
      h('a', { class: 'button primary', href: '#/accounts/new' }, t(ui.newAccount)),
    ),
    accounts.length === 0 ? h('p', {}, t(ui.noAccounts)) : h('div', { class: 'scroll' }, table),
  );
}
