import { inboundOutcomeLabels } from '../../../src/inbound/log/inbound-log.labels.js';
import { quarantineReasonLabels } from '../../../src/inbound/quarantine/quarantine.labels.js';
import { notificationTypeLabels, outboxStateLabels } from '../../../src/notifications/outbox.labels.js';
import { runCountsText, runKindLabels } from '../../../src/activity/runs.labels.js';
import { api, apiPage } from '../api.js';
import { choice } from './labels.js';
import { append, h, show, when, type Child } from '../dom.js';
import { currentLang, t } from '../i18n.js';
import type {
  AccountView,
  FetchHealth,
  InboundLogEntry,
  InboundLogPage,
  OutboxEntry,
  QuarantineEntry,
  RunEntry,
  RunPage,
} from '../model.js';
import { ui } from '../texts.js';

function table(caption: string, head: string[], rows: Child[][]): HTMLElement {
  if (rows.length === 0) return h('p', {}, t(ui.nothing));
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      {},
      h('caption', { class: 'sr-only' }, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          head.map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            {},
            r.map((cell) => h('td', {}, cell)),
          ),
        ),
      ),
    ),
  );
}

const retryButton = (path: string, again: () => void) =>
  h(
    'button',
    { type: 'button', on: { click: () => void api('POST', path, {}).finally(again) } },
    t(ui.retry),
  );

/**
 * The "More" button under a listing: it asks for the page after the cursor, adds its rows to `body`
 * and offers itself again while the server says there is more. `next` is null or undefined at the end.
 */
function morePager(
  label: string,
  id: string,
  body: HTMLElement,
  first: string | null | undefined,
  load: (cursor: string) => Promise<{ rows: HTMLElement[]; next: string | null | undefined }>,
): HTMLElement {
  const pager = h('nav', { class: 'pager', 'aria-label': label });
  const offerMore = (next: string | null | undefined) => {
    if (next === null || next === undefined) return show(pager);
    const more = h(
      'button',
      {
        type: 'button',
        id,
        on: {
          click: async () => {
            more.disabled = true;
            const page = await load(next);
            append(body, page.rows);
            offerMore(page.next);
            // Keyboard users go on from the first new row's link or button, else from the next "More".
            (
              page.rows[0]?.querySelector<HTMLElement>('a, button') ??
              pager.querySelector<HTMLElement>('button')
            )?.focus();
          },
        },
      },
      t(ui.more),
    );
    show(pager, more);
  };
  offerMore(first);
  return pager;
}

/** Notifications shown at once; "More" asks for the next (older) ones. */
const OUTBOX_PAGE = 50;

const outboxQuery = (after?: string) =>
  `/api/outbox?${new URLSearchParams({ limit: String(OUTBOX_PAGE), ...(after ? { after } : {}) }).toString()}`;

function outboxRow(e: OutboxEntry, again: () => void): HTMLElement {
  const cells: Child[] = [
    String(e.id),
    choice(notificationTypeLabels, e.type),
    e.recipient,
    e.subject,
    h('span', { class: `badge outbox-${e.state}` }, choice(outboxStateLabels, e.state)),
    `${e.attempts}/${e.maxAttempts}`,
    e.lastError ?? '—',
    e.state === 'failed' || e.state === 'retrying' ? retryButton(`/api/outbox/${e.id}/retry`, again) : null,
  ];
  return h(
    'tr',
    {},
    cells.map((c) => h('td', {}, c)),
  );
}

/** The notifications, newest first, a page at a time: "More" follows the server's next cursor. */
export async function outboxPage(main: HTMLElement): Promise<void> {
  const first = await apiPage<OutboxEntry[]>(outboxQuery());
  const again = () => void outboxPage(main);
  const title = t(ui.outboxTitle);
  const body = h(
    'tbody',
    {},
    first.items.map((e) => outboxRow(e, again)),
  );
  const pager = morePager(title, 'outbox-more', body, first.next, async (cursor) => {
    const page = await apiPage<OutboxEntry[]>(outboxQuery(cursor));
    return { rows: page.items.map((e) => outboxRow(e, again)), next: page.next };
  });
  const head = [
    '#',
    t(ui.type),
    t(ui.recipient),
    t(ui.subject),
    t(ui.status),
    t(ui.attempts),
    t(ui.lastError),
    '',
  ];
  show(
    main,
    h('h1', {}, title),
    first.items.length === 0
      ? h('p', {}, t(ui.nothing))
      : h(
          'div',
          { class: 'scroll' },
          h(
            'table',
            { id: 'outbox' },
            h('caption', { class: 'sr-only' }, title),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                head.map((c) => h('th', { scope: 'col' }, c)),
              ),
            ),
            body,
          ),
        ),
    pager,
  );
}

const rawLink = (id: number) =>
  h('a', { href: `/api/quarantine/${id}/raw`, download: `quarantine-${id}.eml` }, t(ui.downloadRaw));

/** Account names by id: a quarantined mail names its account by id; a person reads its name. */
async function accountNames(): Promise<(id: number) => string> {
  const accounts = await api<AccountView[]>('GET', '/api/accounts');
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  // An account deleted since keeps its number, so the row still says where the mail came from.
  return (id) => names.get(id) ?? `#${id}`;
}

export async function quarantinePage(main: HTMLElement): Promise<void> {
  const [entries, nameOf] = await Promise.all([
    api<QuarantineEntry[]>('GET', '/api/quarantine'),
    accountNames(),
  ]);
  const again = () => void quarantinePage(main);
  show(
    main,
    h('h1', {}, t(ui.quarantineTitle)),
    table(
      t(ui.quarantineTitle),
      ['#', t(ui.account), t(ui.reason), t(ui.attempts), t(ui.created), t(ui.details), ''],
      entries.map((e) => [
        String(e.id),
        nameOf(e.accountId),
        // The reason's code in words; the detail comes from the API in this page's language.
        [choice(quarantineReasonLabels, e.reason), e.detail ? ` — ${e.detail}` : ''].join(''),
        String(e.attempts),
        when(e.createdAt, currentLang()),
        h('a', { href: `#/quarantine/${e.id}`, 'aria-label': `${t(ui.details)} #${e.id}` }, t(ui.details)),
        retryButton(`/api/quarantine/${e.id}/retry`, again),
      ]),
    ),
  );
}

/** One quarantined mail: where it came from, why it is here, its original to download, and a retry. */
export async function quarantineItemPage(main: HTMLElement, id: number): Promise<void> {
  const [e, nameOf] = await Promise.all([
    api<QuarantineEntry>('GET', `/api/quarantine/${id}`),
    accountNames(),
  ]);
  const lang = currentLang();
  const fields: [string, Child][] = [
    [t(ui.account), nameOf(e.accountId)],
    [t(ui.mailbox), e.mailbox],
    [t(ui.serverId), e.uid],
    [t(ui.reason), choice(quarantineReasonLabels, e.reason)],
    [t(ui.detail), e.detail ?? '—'],
    [t(ui.size), `${e.size} B`],
    [t(ui.attempts), String(e.attempts)],
    [t(ui.created), when(e.createdAt, lang)],
    [t(ui.updated), when(e.updatedAt, lang)],
    [t(ui.rawKept), e.rawKept ? t(ui.yes) : t(ui.no)],
  ];
  show(
    main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/quarantine' }, t(ui.quarantineTitle))),
    h('h1', {}, t(ui.quarantineItem, { id: e.id })),
    h(
      'dl',
      { class: 'details' },
      fields.flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]),
    ),
    h(
      'p',
      {},
      e.rawKept ? rawLink(e.id) : null,
      ' ',
      retryButton(`/api/quarantine/${e.id}/retry`, () => void quarantineItemPage(main, id)),
    ),
  );
}

function logRow(e: InboundLogEntry): HTMLElement {
  const cells: Child[] = [
    when(e.at, currentLang()),
    e.account ?? `#${e.accountId}`,
    e.uid,
    e.from ?? '—',
    e.subject ?? '—',
    h('span', { class: `badge outcome-${e.outcome}` }, choice(inboundOutcomeLabels, e.outcome)),
    e.caseNumber !== null
      ? h('a', { href: `#/cases/${e.caseNumber}` }, `#${e.caseNumber}`)
      : e.quarantineId !== null
        ? h('a', { href: `#/quarantine/${e.quarantineId}` }, `${t(ui.quarantineTitle)} #${e.quarantineId}`)
        : '—',
  ];
  return h(
    'tr',
    {},
    cells.map((c) => h('td', {}, c)),
  );
}

/** Every mail seen on the servers and what became of it, newest first; "More" goes on with older ones. */
function inboundLog(first: InboundLogPage): HTMLElement {
  const body = h('tbody', {}, first.items.map(logRow));
  const pager = morePager(
    t(ui.inboundLogTitle),
    'inbound-log-more',
    body,
    first.nextCursor,
    async (after) => {
      const page = await api<InboundLogPage>(
        'GET',
        `/api/inbound/log?${new URLSearchParams({ limit: String(LOG_PAGE), after }).toString()}`,
      );
      return { rows: page.items.map(logRow), next: page.nextCursor };
    },
  );
  if (first.items.length === 0) return h('p', {}, t(ui.nothing));
  return h(
    'section',
    { 'aria-labelledby': 'inbound-log-title' },
    h('h2', { id: 'inbound-log-title' }, t(ui.inboundLogTitle)),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { id: 'inbound-log' },
        h('caption', { class: 'sr-only' }, t(ui.inboundLogTitle)),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [
              t(ui.when),
              t(ui.account),
              t(ui.serverId),
              t(ui.from),
              t(ui.subject),
              t(ui.outcome),
              t(ui.case),
            ].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        body,
      ),
    ),
    pager,
  );
}

const LOG_PAGE = 50;
const RUNS_PAGE = 20;

function runRow(r: RunEntry): HTMLElement {
  const lang = currentLang();
  const cells: Child[] = [
    h('span', { class: `badge run-${r.kind}` }, choice(runKindLabels, r.kind)),
    r.account ?? (r.accountId !== null ? `#${r.accountId}` : '—'),
    when(r.startedAt, lang),
    when(r.endedAt, lang),
    runCountsText(r.counts, lang),
    r.error ? r.error[lang] : '—',
  ];
  return h(
    'tr',
    {},
    cells.map((c) => h('td', {}, c)),
  );
}

/** The fetch runs and outbox rounds with their counts and errors, newest first; "More" goes on. */
function runsSection(first: RunPage): HTMLElement {
  const body = h('tbody', {}, first.items.map(runRow));
  const pager = morePager(t(ui.runsTitle), 'runs-more', body, first.nextCursor, async (after) => {
    const page = await api<RunPage>(
      'GET',
      `/api/activity/runs?${new URLSearchParams({ limit: String(RUNS_PAGE), after }).toString()}`,
    );
    return { rows: page.items.map(runRow), next: page.nextCursor };
  });
  return h(
    'section',
    { 'aria-labelledby': 'runs-title' },
    h('h2', { id: 'runs-title' }, t(ui.runsTitle)),
    first.items.length === 0
      ? h('p', {}, t(ui.nothing))
      : h(
          'div',
          { class: 'scroll' },
          h(
            'table',
            { id: 'runs' },
            h('caption', { class: 'sr-only' }, t(ui.runsTitle)),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [t(ui.runKind), t(ui.account), t(ui.started), t(ui.ended), t(ui.counts), t(ui.lastError)].map(
                  (c) => h('th', { scope: 'col' }, c),
                ),
              ),
            ),
            body,
          ),
        ),
    pager,
  );
}

export async function inboundPage(main: HTMLElement): Promise<void> {
  const [health, log, runs] = await Promise.all([
    api<FetchHealth[]>('GET', '/api/inbound/health'),
    api<InboundLogPage>('GET', `/api/inbound/log?limit=${LOG_PAGE}`),
    api<RunPage>('GET', `/api/activity/runs?limit=${RUNS_PAGE}`),
  ]);
  show(
    main,
    h('h1', {}, t(ui.inboundTitle)),
    table(
      t(ui.inboundTitle),
      [t(ui.account), t(ui.colLastRun), t(ui.lastError), t(ui.failures), t(ui.nextAttempt)],
      health.map((x) => [
        x.account,
        when(x.lastRunAt, currentLang()),
        x.lastError ?? '—',
        String(x.failures),
        when(x.nextAttemptAt, currentLang()),
      ]),
    ),
    runsSection(runs),
    inboundLog(log),
  );
}
