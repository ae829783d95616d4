import './style.css';
import { roleLabels } from '../../src/users/user.labels.js';
import { whenSignedOut } from './api.js';
import { h, show } from './dom.js';
import { currentLang, setLang, t, type Lang } from './i18n.js';
import { accountFormPage } from './pages/account-form.js';
import { accountsPage } from './pages/accounts.js';
import { casePage, casesPage } from './pages/cases.js';
import { dashboardPage } from './pages/dashboard.js';
import { inboundPage, outboxPage, quarantineItemPage, quarantinePage } from './pages/activity.js';
import { choice } from './pages/labels.js';
import { setupPage, signInPage } from './pages/sign-in.js';
import { currentUser, isAdmin, loadSession, signOut } from './session.js';
import { ui } from './texts.js';

const root = document.getElementById('app') as HTMLElement;

interface Route {
  readonly pattern: RegExp;
  readonly admin: boolean;
  readonly render: (main: HTMLElement, match: RegExpExecArray) => Promise<void>;
}

const routes: Route[] = [
  { pattern: /^#\/dashboard$/, admin: true, render: (m) => dashboardPage(m) },
  { pattern: /^#\/accounts$/, admin: true, render: (m) => accountsPage(m) },
  { pattern: /^#\/accounts\/new$/, admin: true, render: (m) => accountFormPage(m, undefined) },
  {
    pattern: /^#\/accounts\/([^/]+)$/,
    admin: true,
    render: (m, r) => accountFormPage(m, decodeURIComponent(r[1] ?? '')),
  },
  { pattern: /^#\/cases$/, admin: false, render: (m) => casesPage(m) },
  { pattern: /^#\/cases\/(\d+)$/, admin: false, render: (m, r) => casePage(m, Number(r[1])) },
  { pattern: /^#\/outbox$/, admin: true, render: (m) => outboxPage(m) },
  { pattern: /^#\/quarantine$/, admin: true, render: (m) => quarantinePage(m) },
  {
    pattern: /^#\/quarantine\/(\d+)$/,
    admin: true,
    render: (m, r) => quarantineItemPage(m, Number(r[1])),
  },
  { pattern: /^#\/inbound$/, admin: true, render: (m) => inboundPage(m) },
];

function navLinks(): HTMLElement {
  const items: [string, string, boolean][] = [
    ['#/dashboard', t(ui.navDashboard), true],
    ['#/accounts', t(ui.navAccounts), true],
    ['#/cases', t(ui.navCases), false],
    ['#/outbox', t(ui.navOutbox), true],
    ['#/quarantine', t(ui.navQuarantine), true],
    ['#/inbound', t(ui.navInbound), true],
  ];
  const here = location.hash.split('/').slice(0, 2).join('/');
  return h(
    'nav',
    { 'aria-label': t(ui.appName) },
    h(
      'ul',
      {},
      items
        .filter(([, , admin]) => !admin || isAdmin())
        .map(([href, label]) =>
          h('li', {}, h('a', { href, ...(href === here ? { 'aria-current': 'page' } : {}) }, label)),
        ),
    ),
  );
}

function languageSwitch(): HTMLElement {
  const select = h(
    'select',
    {
      id: 'lang',
      on: {
        change: () => {
          setLang(select.value === 'en' ? 'en' : 'es');
          void render();
        },
      },
    },
    (['es', 'en'] as Lang[]).map((lang) =>
      h('option', { value: lang, selected: currentLang() === lang }, lang === 'es' ? 'Español' : 'English'),
    ),
  );
  return h('div', { class: 'lang' }, h('label', { for: 'lang' }, t(ui.language)), select);
}

function header(): HTMLElement {
  const user = currentUser();
  return h(
    'header',
    { class: 'top' },
    h('a', { class: 'brand', href: '#/' }, t(ui.appName)),
    user ? navLinks() : null,
    h(
      'div',
      { class: 'who' },
      languageSwitch(),
      user?.name
        ? h('span', {}, t(ui.signedInAs, { name: user.name, role: choice(roleLabels, user.role) }))
        : null,
      user
        ? h(
            'button',
            {
              type: 'button',
              on: {
                click: async () => {
                  await signOut();
                  location.hash = '';
                  void render();
                },
              },
            },
            t(ui.signOut),
          )
        : null,
    ),
  );
}

/** Draws the page the address names, for whoever is signed in. */
async function render(): Promise<void> {
  document.documentElement.lang = currentLang();
  const main = h('main', { id: 'main', tabindex: '-1' });
  const skip = h(
    'a',
    {
      class: 'skip',
      href: '#main',
      on: {
        click: (e) => {
          e.preventDefault();
          main.focus();
        },
      },
    },
    t(ui.skip),
  );
  if (location.pathname === '/setup' && location.hash.length > 1) {
    show(root, skip, header(), main);
    setupPage(main, location.hash.slice(1), () => {
      history.replaceState(null, '', '/#/accounts');
      void render();
    });
    return;
  }
  const user = currentUser() ?? (await loadSession());
  show(root, skip, header(), main);
  if (!user) {
    signInPage(main, () => void render());
    return;
  }
  if (!routes.some((r) => r.pattern.test(location.hash))) {
    location.replace(isAdmin() ? '#/dashboard' : '#/cases');
    return;
  }
  const route = routes.find((r) => r.pattern.test(location.hash));
  const match = route?.pattern.exec(location.hash);
  if (!route || !match) return;
  if (route.admin && !isAdmin()) {
    show(main, h('h1', {}, t(ui.appName)), h('p', { role: 'alert' }, t(ui.forbiddenPage)));
    return;
  }
  show(main, h('p', {}, t(ui.loading)));
  await route.render(main, match);
}

whenSignedOut(() => {
  void loadSession().then(() => render());
});
window.addEventListener('hashchange', () => void render());
setLang(currentLang());
void render();
