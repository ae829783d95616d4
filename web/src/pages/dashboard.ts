import { accountChoiceLabels } from '../../../src/accounts/account.labels.js';
import { outboxStateLabels } from '../../../src/notifications/outbox.labels.js';
import { api } from '../api.js';
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import type { AccountView, Case, FetchHealth } from '../model.js';
import { ui } from '../texts.js';
import { stateOf } from './accounts.js';
import { choice } from './labels.js';

const SVG = 'http://www.w3.org/2000/svg';

/** A bar chart of counts per day, drawn as SVG elements (no library, nothing inline). */
function bars(days: readonly { label: string; count: number }[], title: string): SVGSVGElement {
  const width = 40 * days.length;
  const height = 120;
  const top = 18;
  const max = Math.max(1, ...days.map((d) => d.count));
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${top + height + 30}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${title}: ${days.map((d) => `${d.label} ${d.count}`).join(', ')}`);
  svg.classList.add('chart');
  days.forEach((d, i) => {
    const barHeight = Math.round((d.count / max) * height);
    const rect = document.createElementNS(SVG, 'rect');
    rect.setAttribute('x', String(i * 40 + 8));
    rect.setAttribute('y', String(top + height - barHeight));
    rect.setAttribute('width', '24');
    rect.setAttribute('height', String(barHeight));
    const count = document.createElementNS(SVG, 'text');
    count.setAttribute('x', String(i * 40 + 20));
    count.setAttribute('y', String(top + height - barHeight - 4));
    count.setAttribute('text-anchor', 'middle');
    count.textContent = String(d.count);
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', String(i * 40 + 20));
    label.setAttribute('y', String(top + height + 20));
    label.setAttribute('text-anchor', 'middle');
    label.textContent = d.label;
    svg.append(rect, count, label);
  });
  return svg;
}

export async function dashboardPage(main: HTMLElement): Promise<void> {
  const [accounts, health, cases, outbox] = await Promise.all([
    api<AccountView[]>('GET', '/api/accounts'),
    api<FetchHealth[]>('GET', '/api/inbound/health').catch(() => [] as FetchHealth[]),
    api<Case[]>('GET', '/api/cases?limit=1000'),
    api<Record<string, number>>('GET', '/api/outbox/summary').catch(() => ({}) as Record<string, number>),
  ]);
  const attention = accounts.filter(
    (a) =>
      stateOf(
        a,
        health.find((x) => x.accountId === a.id),
      ) !== 'ready',
  );
  const days = Array.from({ length: 7 }, (_, i) => {
    const day = new Date(Date.now() - (6 - i) * 86_400_000).toISOString().slice(0, 10);
    return { label: day.slice(5), count: cases.filter((c) => c.createdAt.startsWith(day)).length };
  });
  const open = cases.filter((c) => c.status !== 'resolved' && c.status !== 'closed').length;
  show(
    main,
    h('h1', {}, t(ui.dashboardTitle)),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t(ui.attention)),
      attention.length === 0
        ? h('p', {}, t(ui.allGood))
        : h(
            'ul',
            {},
            attention.map((a) =>
              h(
                'li',
                {},
                h('a', { href: `#/accounts/${encodeURIComponent(a.name)}` }, a.name),
                ' — ',
                choice(
                  accountChoiceLabels.state,
                  stateOf(
                    a,
                    health.find((x) => x.accountId === a.id),
                  ),
                ),
                a.lastTest?.message ? `: ${a.lastTest.message}` : '',
              ),
            ),
          ),
    ),
    h(
      'div',
      { class: 'tiles' },
      h(
        'section',
        { class: 'card tile' },
        h('h2', {}, t(ui.openCases)),
        h('p', { class: 'big' }, String(open)),
      ),
      h(
        'section',
        { class: 'card tile' },
        h('h2', {}, t(ui.notifications)),
        h(
          'ul',
          {},
          Object.entries(outbox).map(([state, n]) =>
            h('li', {}, `${choice(outboxStateLabels, state)}: ${n}`),
          ),
        ),
      ),
    ),
    h('section', { class: 'card' }, h('h2', {}, t(ui.casesPerDay)), bars(days, t(ui.casesPerDay))),
  );
}
