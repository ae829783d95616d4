import { accountChoiceLabels } from '../../../src/accounts/account.labels.js';
import { outboxStateLabels } from '../../../src/notifications/outbox.labels.js';
import { routingProblemMessage } from '../../../src/notifications/routing.labels.js';
import { api } from '../api.js';
import { h, show } from '../dom.js';
import { currentLang, t, type Text } from '../i18n.js';
import type {
  AccountView,
  Case,
  FetchHealth,
  HourlyCounts,
  HourlySeries,
  OutboxSummary,
  RoutingStatus,
} from '../model.js';
import { ui } from '../texts.js';
import { stateOf } from './accounts.js';
import { choice } from './labels.js';

const SVG = 'http://www.w3.org/2000/svg';

/** The ranges the dashboard offers, in hours (the API takes up to 14 days). */
const RANGES = [24, 72, 168, 336] as const;
let chosenHours: number = 72;

const SERIES: readonly { key: HourlySeries; label: Text }[] = [
  { key: 'received', label: ui.seriesReceived },
  { key: 'casesOpened', label: ui.seriesCasesOpened },
  { key: 'notificationsSent', label: ui.seriesNotificationsSent },
  { key: 'failures', label: ui.seriesFailures },
];

/** An hour as a person reads it, in the browser's time zone: "30/11 14 h" / "30/11 2 pm". */
function hourLabel(iso: string): string {
  return new Date(iso).toLocaleString(currentLang() === 'es' ? 'es-ES' : 'en-GB', {
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

function svgEl<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * One series as bars per hour, drawn as SVG elements (no library, nothing inline). The picture is
 * summed up in its label (total and busiest hour); every number is in the table below the charts.
 */
function hourlyChart(hours: readonly HourlyCounts[], key: HourlySeries, title: string): SVGSVGElement {
  // A fixed drawing width whatever the range, so the text keeps its size; bars get thinner instead.
  const width = 600;
  const step = width / hours.length;
  const height = 90;
  const top = 14;
  const counts = hours.map((hour) => hour[key]);
  const max = Math.max(1, ...counts);
  const total = counts.reduce((sum, n) => sum + n, 0);
  const busiest = hours.reduce<HourlyCounts | undefined>(
    (best, hour) => (hour[key] > (best?.[key] ?? 0) ? hour : best),
    undefined,
  );
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${top + height + 22}`, role: 'img' });
  svg.setAttribute(
    'aria-label',
    busiest
      ? t(ui.chartSummary, { title, total, max: busiest[key], hour: hourLabel(busiest.hour) })
      : t(ui.chartEmpty, { title }),
  );
  svg.classList.add('chart', 'hourly');
  svg.append(svgEl('line', { x1: 0, x2: width, y1: top + height, y2: top + height, class: 'axis' }));
  svg.append(svgEl('text', { x: 0, y: 10 }, String(max)));
  hours.forEach((hour, i) => {
    const barHeight = Math.round((hour[key] / max) * height);
    if (barHeight > 0) {
      svg.append(
        svgEl('rect', {
          x: i * step + 0.5,
          y: top + height - barHeight,
          width: Math.max(1, step - 1),
          height: barHeight,
        }),
      );
    }
    // A mark and a date at each local midnight, so the days can be told apart.
    if (new Date(hour.hour).getHours() === 0) {
      svg.append(svgEl('line', { x1: i * step, x2: i * step, y1: top, y2: top + height + 4, class: 'day' }));
      svg.append(svgEl('text', { x: i * step + 2, y: top + height + 16 }, hourLabel(hour.hour).slice(0, 5)));
    }
  });
  return svg;
}

/** Every hour's numbers: the charts' text alternative, and what a screen reader can walk cell by cell. */
function hourlyTable(hours: readonly HourlyCounts[]): HTMLElement {
  return h(
    'details',
    { class: 'hourly-data' },
    h('summary', {}, t(ui.chartData)),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        {},
        h('caption', {}, t(ui.activityPerHour, { hours: hours.length })),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t(ui.hour)),
            SERIES.map((s) => h('th', { scope: 'col' }, t(s.label))),
          ),
        ),
        h(
          'tbody',
          {},
          hours.map((hour) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, hourLabel(hour.hour)),
              SERIES.map((s) => h('td', {}, String(hour[s.key]))),
            ),
          ),
        ),
      ),
    ),
  );
}

function activitySection(hours: readonly HourlyCounts[], onRange: (hours: number) => void): HTMLElement {
  const select = h(
    'select',
    { id: 'activity-range', on: { change: () => onRange(Number(select.value)) } },
    RANGES.map((n) =>
      h(
        'option',
        { value: String(n), selected: n === hours.length },
        n < 48 ? t(ui.lastHours, { n }) : t(ui.lastDays, { n: n / 24 }),
      ),
    ),
  );
  return h(
    'section',
    { class: 'card', id: 'activity', 'aria-labelledby': 'activity-title' },
    h('h2', { id: 'activity-title' }, t(ui.activityPerHour, { hours: hours.length })),
    h('div', { class: 'filters' }, h('label', { for: 'activity-range' }, t(ui.range)), select),
    h(
      'div',
      { class: 'charts' },
      SERIES.map((s) =>
        h(
          'figure',
          { class: `series-${s.key}` },
          h('figcaption', {}, t(s.label)),
          hourlyChart(hours, s.key, t(s.label)),
        ),
      ),
    ),
    hourlyTable(hours),
  );
}

export async function dashboardPage(main: HTMLElement): Promise<void> {
  const [accounts, health, cases, outbox, hourly, routing] = await Promise.all([
    api<AccountView[]>('GET', '/api/accounts'),
    api<FetchHealth[]>('GET', '/api/inbound/health').catch(() => [] as FetchHealth[]),
    api<Case[]>('GET', '/api/cases?limit=1000'),
    api<OutboxSummary>('GET', '/api/outbox/summary').catch((): OutboxSummary => ({})),
    api<HourlyCounts[]>('GET', `/api/activity/hourly?hours=${chosenHours}`),
    api<RoutingStatus>('GET', '/api/notifications/routing').catch((): RoutingStatus => ({ problem: null })),
  ]);
  // Notifications with no outbound account to go by: said first, with what to do, in the console's language.
  const routingItem = routing.problem
    ? h('li', { id: 'notify-routing-problem' }, routingProblemMessage(routing.problem, currentLang()))
    : undefined;
  // A disabled account was turned off on purpose: nothing to attend to. Where that stops notifications
  // (DROBOT_NOTIFY_ACCOUNT names it), the routing problem above says so.
  const attention = accounts.filter(
    (a) =>
      a.enabled &&
      stateOf(
        a,
        health.find((x) => x.accountId === a.id),
      ) !== 'ready',
  );
  const open = cases.filter((c) => c.status !== 'resolved' && c.status !== 'closed').length;
  show(
    main,
    h('h1', {}, t(ui.dashboardTitle)),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t(ui.attention)),
      attention.length === 0 && !routingItem
        ? h('p', {}, t(ui.allGood))
        : h(
            'ul',
            {},
            routingItem ? [routingItem] : [],
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
    activitySection(hourly, (hours) => {
      chosenHours = hours;
      void dashboardPage(main).then(() => document.getElementById('activity-range')?.focus());
    }),
  );
}
