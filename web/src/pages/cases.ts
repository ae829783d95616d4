import { caseStatusLabels } from '../../../src/cases/case.labels.js';
import { api } from '../api.js';
import { choice } from './labels.js';
import { h, show, when } from '../dom.js';
import { currentLang, t } from '../i18n.js';
import type { Case, CaseMessage, CaseWithMessages } from '../model.js';
import { ui } from '../texts.js';

const STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
const PAGE = 25;

/** The cases, a page at a time, filtered by status and searched by subject. */
export async function casesPage(
  main: HTMLElement,
  state = { status: '', search: '', offset: 0 },
): Promise<void> {
  const query = new URLSearchParams({ limit: String(PAGE + 1), offset: String(state.offset) });
  if (state.status) query.set('status', state.status);
  const found = await api<Case[]>('GET', `/api/cases?${query.toString()}`);
  const more = found.length > PAGE;
  const needle = state.search.toLowerCase();
  const rows = found.slice(0, PAGE).filter((c) => !needle || c.subject.toLowerCase().includes(needle));
  const statusSelect = h(
    'select',
    {
      id: 'case-status',
      on: { change: () => void casesPage(main, { ...state, status: statusSelect.value, offset: 0 }) },
    },
    h('option', { value: '' }, t(ui.all)),
    STATUSES.map((s) => h('option', { value: s, selected: state.status === s }, choice(caseStatusLabels, s))),
  );
  const search = h('input', { id: 'case-search', type: 'search', value: state.search });
  const filters = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      on: {
        submit: (e) => {
          e.preventDefault();
          void casesPage(main, { ...state, search: search.value, offset: 0 });
        },
      },
    },
    h('label', { for: 'case-status' }, t(ui.status)),
    statusSelect,
    h('label', { for: 'case-search' }, t(ui.search)),
    search,
    h('button', { type: 'submit' }, t(ui.search)),
  );
  const table = h(
    'table',
    {},
    h('caption', { class: 'sr-only' }, t(ui.casesTitle)),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['#', t(ui.subject), t(ui.requester), t(ui.status), t(ui.updated)].map((c) =>
          h('th', { scope: 'col' }, c),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((c) =>
        h(
          'tr',
          {},
          h('td', {}, String(c.number)),
          h('th', { scope: 'row' }, h('a', { href: `#/cases/${c.id}` }, c.subject || '—')),
          h(
            'td',
            {},
            c.requester.displayName
              ? `${c.requester.displayName} <${c.requester.address}>`
              : c.requester.address,
          ),
          h('td', {}, h('span', { class: `badge case-${c.status}` }, choice(caseStatusLabels, c.status))),
          h('td', {}, when(c.updatedAt, currentLang())),
        ),
      ),
    ),
  );
  const pager = h(
    'nav',
    { class: 'pager', 'aria-label': t(ui.casesTitle) },
    state.offset > 0
      ? h(
          'button',
          {
            type: 'button',
            on: { click: () => void casesPage(main, { ...state, offset: Math.max(0, state.offset - PAGE) }) },
          },
          t(ui.previous),
        )
      : null,
    more
      ? h(
          'button',
          {
            type: 'button',
            on: { click: () => void casesPage(main, { ...state, offset: state.offset + PAGE }) },
          },
          t(ui.next),
        )
      : null,
  );
  show(
    main,
    h('h1', {}, t(ui.casesTitle)),
    filters,
    rows.length ? h('div', { class: 'scroll' }, table) : h('p', {}, t(ui.noCases)),
    pager,
  );
}

/**
 * A mail's HTML (sanitized when stored) in a frame with every sandbox restriction: no script, no form,
 * no same-origin access. The frame inherits this page's CSP, whose img-src allows no other origin, so
 * remote images (trackers) never load.
 */
function htmlFrame(html: string): HTMLIFrameElement {
  const frame = h('iframe', {
    sandbox: '',
    title: t(ui.htmlFrame),
    class: 'mail-html',
    referrerpolicy: 'no-referrer',
  });
  frame.srcdoc = html;
  return frame;
}

function messageItem(caseId: number, m: CaseMessage): HTMLElement {
  return h(
    'article',
    { class: `message ${m.direction === 'in' ? 'in' : 'out'}` },
    h(
      'header',
      {},
      h('strong', {}, m.direction === 'in' ? t(ui.incoming) : t(ui.outgoing)),
      ` · ${t(ui.from)}: ${m.from.name ? `${m.from.name} <${m.from.address}>` : m.from.address} · ${when(m.sentAt, currentLang())}`,
    ),
    h('h3', {}, m.subject),
    m.html ? htmlFrame(m.html) : h('pre', { class: 'mail-text' }, m.textReply || m.text),
    m.attachments.length
      ? h(
          'div',
          { class: 'attachments' },
          h('strong', {}, `${t(ui.attachments)}: `),
          m.attachments.map((a) =>
            h(
              'a',
              { href: `/api/cases/${caseId}/attachments/${a.id}`, download: a.filename },
              `${a.filename} (${a.size} B)`,
            ),
          ),
        )
      : null,
  );
}

export async function casePage(main: HTMLElement, id: number): Promise<void> {
  const { case: c, messages } = await api<CaseWithMessages>('GET', `/api/cases/${id}`);
  const status = h(
    'select',
    {
      id: 'status-change',
      on: {
        change: async () => {
          await api('PATCH', `/api/cases/${id}`, { status: status.value });
          await casePage(main, id);
        },
      },
    },
    STATUSES.map((s) => h('option', { value: s, selected: c.status === s }, choice(caseStatusLabels, s))),
  );
  show(
    main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/cases' }, t(ui.casesTitle))),
    h('h1', {}, t(ui.caseTitle, { number: c.number, subject: c.subject })),
    h(
      'p',
      {},
      `${t(ui.requester)}: ${c.requester.address} · `,
      h('label', { for: 'status-change' }, t(ui.changeStatus)),
      ' ',
      status,
    ),
    h(
      'div',
      { class: 'thread' },
      messages.map((m) => messageItem(id, m)),
    ),
  );
}
