import type { OutboxEntry } from '../../../src/notifications/notification.types.js';
import type { QuarantineEntry } from '../../../src/inbound/quarantine/quarantine.service.js';
import { outboxStateLabels } from '../../../src/notifications/outbox.labels.js';
import { api } from '../api.js';
import { choice } from './labels.js';
import { h, show, when, type Child } from '../dom.js';
import { currentLang, t } from '../i18n.js';
import type { FetchHealth } from '../model.js';
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

export async function outboxPage(main: HTMLElement): Promise<void> {
  const entries = await api<OutboxEntry[]>('GET', '/api/outbox?limit=200');
  const again = () => void outboxPage(main);
  show(
    main,
    h('h1', {}, t(ui.outboxTitle)),
    table(
      t(ui.outboxTitle),
      ['#', t(ui.type), t(ui.recipient), t(ui.subject), t(ui.status), t(ui.attempts), t(ui.lastError), ''],
      entries.map((e) => [
        String(e.id),
        e.type,
        e.recipient,
        e.subject,
        h('span', { class: `badge outbox-${e.state}` }, choice(outboxStateLabels, e.state)),
        `${e.attempts}/${e.maxAttempts}`,
        e.lastError ?? '—',
        e.state === 'failed' || e.state === 'retrying'
          ? retryButton(`/api/outbox/${e.id}/retry`, again)
          : null,
      ]),
    ),
  );
}

export async function quarantinePage(main: HTMLElement): Promise<void> {
  const entries = await api<QuarantineEntry[]>('GET', '/api/quarantine');
  const again = () => void quarantinePage(main);
  show(
    main,
    h('h1', {}, t(ui.quarantineTitle)),
    table(
      t(ui.quarantineTitle),
      ['#', t(ui.account), t(ui.reason), t(ui.attempts), t(ui.created), ''],
      entries.map((e) => [
        String(e.id),
        String(e.accountId),
        [e.reason, e.detail ? ` — ${e.detail}` : ''].join(''),
        String(e.attempts),
        when(e.createdAt, currentLang()),
        retryButton(`/api/quarantine/${e.id}/retry`, again),
      ]),
    ),
  );
}

export async function inboundPage(main: HTMLElement): Promise<void> {
  const health = await api<FetchHealth[]>('GET', '/api/inbound/health');
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
  );
}
