import { bounceText, caseStatusLabels } from '../../../src/cases/case.labels.js';
import { historyOf, type EventEntry, type HistoryEvent } from '../../../src/helpdesk/case-history.js';
import {
  historyEventHead,
  historyEventLines,
  historyEventText,
  historyEventWho,
} from '../../../src/helpdesk/case-history.labels.js';
import { api, ApiError, apiPage } from '../api.js';
import { choice } from './labels.js';
import { append, h, show, when, type Child } from '../dom.js';
import { currentLang, t, type Text } from '../i18n.js';
import { currentUser, isAdmin } from '../session.js';
import type { AccountView, Case, CaseMessage, CaseWithMessages } from '../model.js';
import { ui } from '../texts.js';

const STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
const PAGE = 25;

function caseRow(c: Case): HTMLElement {
  return h(
    'tr',
    {},
    h('td', {}, String(c.number)),
    h('th', { scope: 'row' }, h('a', { href: `#/cases/${c.id}` }, c.subject || '—')),
    h(
      'td',
      {},
      c.requester.displayName ? `${c.requester.displayName} <${c.requester.address}>` : c.requester.address,
    ),
    h('td', {}, h('span', { class: `badge case-${c.status}` }, choice(caseStatusLabels, c.status))),
    h('td', {}, when(c.updatedAt, currentLang())),
  );
}

let listings = 0;

/** What the case list is filtered by; every filter is applied by the server. */
interface CaseListState {
  readonly status: string;
  readonly search: string;
  readonly account: string;
  readonly since: string;
  readonly until: string;
}

const NO_FILTER: CaseListState = { status: '', search: '', account: '', since: '', until: '' };

/**
 * The inbound accounts a list can be filtered by. Only administrators may list accounts: an agent types
 * the account's name instead.
 */
async function inboundAccountNames(): Promise<string[] | undefined> {
  if (!isAdmin()) return undefined;
  const accounts = await api<AccountView[]>('GET', '/api/accounts');
  return accounts.filter((a) => a.direction === 'inbound').map((a) => a.name);
}

/**
 * The cases, searched and filtered by the server (`search`, `status`, `account`, `since`, `until`), a page
 * at a time: "More" follows the server's next cursor and adds its rows below the ones shown.
 */
export async function casesPage(main: HTMLElement, state: CaseListState = NO_FILTER): Promise<void> {
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (state.status) query.set('status', state.status);
  if (state.search.trim()) query.set('search', state.search.trim());
  if (state.account.trim()) query.set('account', state.account.trim());
  if (state.since) query.set('since', state.since);
  if (state.until) query.set('until', state.until);
  const mine = ++listings;
  // Busy until this listing is shown: assistive technology (and the console's tests) wait for it.
  main.setAttribute('aria-busy', 'true');
  const [listed, accountNames] = await Promise.all([
    apiPage<Case[]>(`/api/cases?${query.toString()}`).then(
      (page) => ({ page }),
      (error: unknown) => {
        // A filter the server refused (an unknown account, a bad date) is said beside the filters.
        if (error instanceof ApiError && (error.status === 400 || error.status === 404)) return { error };
        throw error;
      },
    ),
    inboundAccountNames(),
  ]);
  // A later search answered first: this older answer must not replace it.
  if (mine !== listings) return;
  main.removeAttribute('aria-busy');
  const search = h('input', { id: 'case-search', type: 'search', value: state.search });
  const account = accountNames
    ? h(
        'select',
        { id: 'case-account' },
        h('option', { value: '' }, t(ui.allAccounts)),
        accountNames.map((name) => h('option', { value: name, selected: state.account === name }, name)),
      )
    : h('input', { id: 'case-account', type: 'text', value: state.account, autocomplete: 'off' });
  const since = h('input', { id: 'case-since', type: 'date', value: state.since });
  const until = h('input', { id: 'case-until', type: 'date', value: state.until });
  const current = (): CaseListState => ({
    status: statusSelect.value,
    search: search.value,
    account: account.value,
    since: since.value,
    until: until.value,
  });
  const statusSelect = h(
    'select',
    {
      id: 'case-status',
      on: { change: () => void casesPage(main, current()) },
    },
    h('option', { value: '' }, t(ui.all)),
    STATUSES.map((s) => h('option', { value: s, selected: state.status === s }, choice(caseStatusLabels, s))),
  );
  if (account instanceof HTMLSelectElement) {
    account.addEventListener('change', () => void casesPage(main, current()));
  }
  const filters = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      on: {
        submit: (e) => {
          e.preventDefault();
          void casesPage(main, current());
        },
      },
    },
    h('label', { for: 'case-status' }, t(ui.status)),
    statusSelect,
    h('label', { for: 'case-account' }, t(ui.account)),
    account,
    h('label', { for: 'case-since' }, t(ui.since)),
    since,
    h('label', { for: 'case-until' }, t(ui.until)),
    until,
    h('label', { for: 'case-search' }, t(ui.searchCases)),
    search,
    h('button', { type: 'submit' }, t(ui.search)),
  );
  if ('error' in listed) {
    const { body } = listed.error;
    show(
      main,
      h('h1', {}, t(ui.casesTitle)),
      filters,
      h(
        'p',
        { role: 'alert', class: 'form-alert', id: 'case-filter-error' },
        [body.message, ...(body.issues ?? []).map((i) => i.message)].join(' '),
      ),
    );
    return;
  }
  const first = listed.page;
  const body = h('tbody', {}, first.items.map(caseRow));
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
    body,
  );
  const pager = h('nav', { class: 'pager', 'aria-label': t(ui.casesTitle) });
  const offerMore = (next: string | undefined) => {
    if (next === undefined) return show(pager);
    const more = h(
      'button',
      {
        type: 'button',
        on: {
          click: async () => {
            more.disabled = true;
            query.set('after', next);
            const page = await apiPage<Case[]>(`/api/cases?${query.toString()}`);
            const rows = page.items.map(caseRow);
            append(body, rows);
            offerMore(page.next);
            // Keyboard users go on from the first new row.
            rows[0]?.querySelector('a')?.focus();
          },
        },
      },
      t(ui.more),
    );
    show(pager, more);
  };
  offerMore(first.next);
  show(
    main,
    h('h1', {}, t(ui.casesTitle)),
    filters,
    first.items.length ? h('div', { class: 'scroll' }, table) : h('p', {}, t(ui.noCases)),
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

/**
 * A mail's HTML and, when it has remote images (their addresses wait in `data-remote-src`), the button
 * that shows them: only then is the frame loaded from the API's page whose policy lets them load, still
 * sandboxed. Until pressed, no request for them leaves the browser.
 */
function htmlView(caseId: number, messageId: number, html: string): HTMLElement {
  const view = h('div', { class: 'mail-html-view' }, htmlFrame(html));
  if (!html.includes('data-remote-src=')) return view;
  const status = h('p', { role: 'status', class: 'images-status' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'show-images',
      on: {
        click: () => {
          const frame = h('iframe', {
            sandbox: '',
            title: t(ui.htmlFrameImages),
            class: 'mail-html',
            referrerpolicy: 'no-referrer',
            src: `/api/cases/${caseId}/messages/${messageId}/html?images=remote`,
          });
          view.querySelector('iframe')?.replaceWith(frame);
          button.remove();
          status.textContent = t(ui.imagesShown);
        },
      },
    },
    t(ui.showImages),
  );
  view.append(h('div', { class: 'images-bar' }, h('span', {}, t(ui.imagesBlocked)), ' ', button), status);
  return view;
}

const deliveryLabels: Readonly<Record<string, Text>> = {
  queued: ui.deliveryQueued,
  sent: ui.deliverySent,
  failed: ui.deliveryFailed,
  bounced: ui.deliveryBounced,
};

const person = (a: { address: string; name?: string | undefined }) =>
  a.name ? `${a.name} <${a.address}>` : a.address;

/** What a thread entry is, as its header says it: received mail, sent mail, or an internal note. */
function messageHeader(m: CaseMessage): Child[] {
  const lang = currentLang();
  if (m.kind === 'note') {
    return [
      h('strong', {}, t(ui.note)),
      ` (${t(ui.noteNotSent)}) · ${t(ui.author)}: ${m.author ?? '—'} · ${when(m.createdAt, lang)}`,
    ];
  }
  if (m.direction === 'out') {
    return [
      h('strong', {}, t(ui.outgoing)),
      m.author ? ` · ${t(ui.author)}: ${m.author}` : '',
      ` · ${t(ui.to)}: ${m.to.map(person).join(', ') || '—'} · ${when(m.sentAt ?? m.createdAt, lang)} · `,
      `${t(ui.delivery)}: `,
      m.deliveryState
        ? h('span', { class: `badge delivery-${m.deliveryState}` }, choice(deliveryLabels, m.deliveryState))
        : '—',
    ];
  }
  // A mail without a Date header: when DRobot received it.
  return [
    h('strong', {}, t(ui.incoming)),
    ` · ${t(ui.from)}: ${person(m.from)} · ${when(m.sentAt ?? m.createdAt, lang)}`,
  ];
}

/** Who got no mail about a message, and why: an answer's copy not sent, a new case not acknowledged. */
function eventList(events: readonly HistoryEvent[]): HTMLElement | null {
  if (events.length === 0) return null;
  return h(
    'ul',
    { class: 'history-events' },
    events.map((e) => h('li', {}, historyEventText(e, currentLang()))),
  );
}

/**
 * An event of its own in the thread: a status change, who made it and how, and whether the requester was
 * not told of it.
 */
function eventItem(entry: EventEntry): HTMLElement {
  const lang = currentLang();
  const e = entry.event;
  const who = historyEventWho(e, lang);
  return h(
    'article',
    { class: 'message event', 'data-kind': 'event' },
    h(
      'header',
      {},
      h('strong', {}, historyEventHead(e, lang)),
      who === undefined ? null : ` · ${who}`,
      ` · ${when(e.createdAt, lang)}`,
    ),
    historyEventLines(entry, lang).map((line) => h('p', { class: 'history-event' }, line)),
  );
}

function messageItem(caseId: number, m: CaseMessage, events: readonly HistoryEvent[]): HTMLElement {
  const kind = m.kind === 'note' ? 'note' : m.direction === 'in' ? 'in' : 'out';
  return h(
    'article',
    { class: `message ${kind}`, 'data-kind': kind },
    h('header', {}, messageHeader(m)),
    m.kind === 'note' ? null : h('h3', {}, m.subject),
    // A delivery report says what kind it is: a delay warning is not a bounce.
    m.bounce
      ? h('p', { class: `bounce bounce-${m.bounce.kind}` }, bounceText(m.bounce, currentLang()))
      : null,
    eventList(events),
    m.html ? htmlView(caseId, m.id, m.html) : h('pre', { class: 'mail-text' }, m.textReply || m.text),
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

/** The server's bounds of an answer, checked here too so a person learns before a long upload. */
const MAX_FILES = 10;
const MAX_FILE_MB = 10;

/** A file as the API takes it: read in the browser, its bytes as base64. */
async function asAttachment(
  file: File,
): Promise<{ filename: string; contentType?: string; contentBase64: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // In slices: one call with millions of arguments would overflow the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return {
    filename: file.name,
    ...(file.type ? { contentType: file.type } : {}),
    contentBase64: btoa(binary),
  };
}

function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const issues = error.body.issues?.map((i) => `${i.field}: ${i.message}`) ?? [];
    return [error.body.message, ...issues].join(' ');
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * A labelled form that posts, says what happened in a live region, and refreshes the thread when the
 * server accepted it.
 */
function composer(opts: {
  id: string;
  title: string;
  fields: Child[];
  submit: string;
  send: () => Promise<string>;
}): HTMLElement {
  const outcome = h('p', { id: `${opts.id}-outcome`, role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit' }, opts.submit);
  const form = h(
    'form',
    {
      id: opts.id,
      class: 'composer',
      'aria-labelledby': `${opts.id}-title`,
      on: {
        submit: async (e) => {
          e.preventDefault();
          button.disabled = true;
          outcome.className = '';
          show(outcome, t(ui.sending));
          try {
            show(outcome, await opts.send());
          } catch (error) {
            outcome.className = 'error';
            show(outcome, errorText(error));
          } finally {
            button.disabled = false;
          }
        },
      },
    },
    h('h2', { id: `${opts.id}-title` }, opts.title),
    opts.fields,
    button,
    outcome,
  );
  return form;
}

function replyForm(c: Case, refresh: (notice: Notice) => Promise<void>): HTMLElement {
  const text = h('textarea', { id: 'reply-text', rows: 6, required: true });
  const files = h('input', { id: 'reply-files', type: 'file', multiple: true });
  const status = h(
    'select',
    { id: 'reply-status' },
    h('option', { value: '' }, t(ui.keepStatus)),
    STATUSES.map((s) => h('option', { value: s }, choice(caseStatusLabels, s))),
  );
  return composer({
    id: 'reply',
    title: t(ui.replyTitle),
    submit: t(ui.sendReply),
    fields: [
      h('label', { for: 'reply-text' }, t(ui.replyText)),
      text,
      h('label', { for: 'reply-files' }, t(ui.replyFiles)),
      files,
      h('label', { for: 'reply-status' }, t(ui.replyStatus)),
      status,
    ],
    send: async () => {
      const chosen = [...(files.files ?? [])];
      if (chosen.length > MAX_FILES) throw new Error(t(ui.tooManyFiles, { max: MAX_FILES }));
      const big = chosen.find((f) => f.size > MAX_FILE_MB * 1024 * 1024);
      if (big) throw new Error(t(ui.fileTooLarge, { name: big.name, max: MAX_FILE_MB }));
      const attachments = await Promise.all(chosen.map(asAttachment));
      await api('POST', `/api/cases/${c.id}/replies`, {
        text: text.value,
        ...(attachments.length ? { attachments } : {}),
        ...(status.value ? { status: status.value } : {}),
        ...(currentUser()?.name ? { author: currentUser()?.name } : {}),
      });
      await refresh({ text: t(ui.replyQueued), focus: 'reply-text' });
      return t(ui.replyQueued);
    },
  });
}

function noteForm(c: Case, refresh: (notice: Notice) => Promise<void>): HTMLElement {
  const text = h('textarea', { id: 'note-text', rows: 4, required: true });
  return composer({
    id: 'note',
    title: t(ui.noteTitle),
    submit: t(ui.addNote),
    fields: [h('label', { for: 'note-text' }, t(ui.noteText)), text],
    send: async () => {
      await api('POST', `/api/cases/${c.id}/notes`, {
        text: text.value,
        ...(currentUser()?.name ? { author: currentUser()?.name } : {}),
      });
      await refresh({ text: t(ui.noteAdded), focus: 'note-text' });
      return t(ui.noteAdded);
    },
  });
}

/** What the last action did, said again after the thread is drawn anew, and where focus goes back. */
interface Notice {
  readonly text: string;
  readonly focus: string;
}

export async function casePage(main: HTMLElement, id: number, notice?: Notice): Promise<void> {
  const { case: c, messages, events } = await api<CaseWithMessages>('GET', `/api/cases/${id}`);
  const refresh = (n: Notice) => casePage(main, id, n);
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
    notice ? h('p', { class: 'notice', role: 'status' }, notice.text) : null,
    h(
      'div',
      { class: 'thread' },
      historyOf({ messages, events }).map((entry) =>
        'message' in entry ? messageItem(id, entry.message, entry.events) : eventItem(entry),
      ),
    ),
    h('div', { class: 'composers' }, replyForm(c, refresh), noteForm(c, refresh)),
  );
  if (notice) document.getElementById(notice.focus)?.focus();
}
