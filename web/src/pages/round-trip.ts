import { api } from '../api.js';
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import type { AccountView, RoundTripLeg, RoundTripReport } from '../model.js';
import { ui } from '../texts.js';
import { field, showErrors } from './forms.js';

/** One leg as a person reads it: worked or failed, how long, what the server said, and the hint. */
function legItem(name: 'send' | 'receive', leg: RoundTripLeg | undefined, failed: boolean): HTMLElement {
  const legName = name === 'send' ? t(ui.legSend) : t(ui.legReceive);
  const label = legName.charAt(0).toUpperCase() + legName.slice(1);
  if (!leg) {
    return h(
      'li',
      { class: 'step step-skipped', 'data-leg': name },
      h('span', { class: 'step-name' }, label),
      ' ',
      h('span', { class: 'step-status' }, t(ui.stepSkipped)),
    );
  }
  return h(
    'li',
    { class: `step step-${failed || !leg.ok ? 'failed' : 'ok'}`, 'data-leg': name },
    h('span', { class: 'step-name' }, label),
    ' ',
    h('span', { class: 'step-status' }, leg.ok ? t(ui.stepOk) : t(ui.stepFailed)),
    h('span', { class: 'step-ms' }, ` ${leg.durationMs} ms`),
    leg.error ? h('p', { class: 'step-error' }, leg.error.message) : null,
    leg.serverReply
      ? h('p', { class: 'step-reply' }, `${t(ui.serverSaid)}: `, h('code', {}, leg.serverReply))
      : null,
    leg.error?.hint
      ? h('p', { class: 'step-hint' }, h('strong', {}, `${t(ui.hint)}: `), leg.error.hint)
      : null,
  );
}

/**
 * "Envío y recepción de prueba" of an outbound account: a tagged mail out through it, and the wait until
 * the chosen inbound account's mailbox has it; each leg shown, then the delay or the leg that failed.
 */
export async function roundTripSection(outbound: AccountView): Promise<HTMLElement> {
  const inbound = (await api<AccountView[]>('GET', '/api/accounts')).filter(
    (a) => a.direction === 'inbound' && a.connection === 'protocol',
  );
  const inboundField = field(
    'inbound',
    t(ui.roundTripInbound),
    h(
      'select',
      { required: true },
      inbound.map((a) => h('option', { value: a.name }, a.name)),
    ),
  );
  const toField = field(
    'to',
    t(ui.roundTripTo),
    h('input', { type: 'email', autocomplete: 'off' }),
    t(ui.roundTripToHelp),
  );
  const inboundSelect = inboundField.input;
  const to = toField.input;
  const alert = h('p', { class: 'form-alert', role: 'alert' });
  const legs = h('ol', { class: 'steps' });
  const verdict = h('p', { class: 'verdict', role: 'status' });
  const button = h('button', { type: 'submit' }, t(ui.roundTripButton));
  const form = h(
    'form',
    { class: 'round-trip', novalidate: true },
    inboundField.row,
    toField.row,
    alert,
    h('div', { class: 'actions' }, button),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      alert.textContent = '';
      show(legs);
      verdict.className = 'verdict';
      verdict.textContent = t(ui.roundTripRunning);
      button.disabled = true;
      section.setAttribute('aria-busy', 'true');
      try {
        const report = await api<RoundTripReport>(
          'POST',
          `/api/accounts/${encodeURIComponent(outbound.name)}/roundtrip`,
          { inbound: inboundSelect.value, ...(to.value.trim() ? { to: to.value.trim() } : {}) },
        );
        show(
          legs,
          legItem('send', report.send, report.failedLeg === 'send'),
          legItem('receive', report.receive, report.failedLeg === 'receive'),
        );
        verdict.className = `verdict ${report.ok ? 'ok' : 'failed'}`;
        verdict.textContent = report.ok
          ? t(ui.roundTripPassed, { ms: report.delayMs ?? 0 })
          : t(ui.roundTripFailed, {
              leg: report.failedLeg === 'send' ? t(ui.legSend) : t(ui.legReceive),
            });
      } catch (error) {
        verdict.textContent = '';
        showErrors(form, alert, error, t(ui.formErrors));
      } finally {
        button.disabled = false;
        section.removeAttribute('aria-busy');
      }
    })();
  });
  const section = h(
    'section',
    { class: 'card', id: 'round-trip', 'aria-labelledby': 'round-trip-title' },
    h('h2', { id: 'round-trip-title' }, t(ui.roundTripTitle)),
    h('p', {}, t(ui.roundTripIntro)),
    inbound.length ? form : h('p', {}, t(ui.roundTripNoInbound)),
    legs,
    verdict,
  );
  return section;
}
