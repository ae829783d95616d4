import { testStepLabels } from '../../../src/accounts/account.labels.js';
import { ApiError, streamPost, type ApiErrorBody } from '../api.js';
import { h, show } from '../dom.js';
import { t } from '../i18n.js';
import type { ConnectionTestResult, Step } from '../model.js';
import { ui } from '../texts.js';
import { choice } from './labels.js';

function stepItem(step: Step): HTMLElement {
  const status =
    step.status === 'ok' ? t(ui.stepOk) : step.status === 'failed' ? t(ui.stepFailed) : t(ui.stepSkipped);
  return h(
    'li',
    { class: `step step-${step.status}`, 'data-step': step.name },
    h('span', { class: 'step-name' }, choice(testStepLabels, step.name)),
    ' ',
    h('span', { class: 'step-status' }, status),
    step.status !== 'skipped' ? h('span', { class: 'step-ms' }, ` ${step.durationMs} ms`) : null,
    step.detail ? h('p', { class: 'step-detail' }, step.detail) : null,
    step.error ? h('p', { class: 'step-error' }, step.error.message) : null,
    step.error?.serverReply
      ? h('p', { class: 'step-reply' }, `${t(ui.serverSaid)}: `, h('code', {}, step.error.serverReply))
      : null,
    step.error?.hint
      ? h('p', { class: 'step-hint' }, h('strong', {}, `${t(ui.hint)}: `), step.error.hint)
      : null,
  );
}

/**
 * "Conexión de prueba": each step appears the moment the server records it (server-sent events read from
 * a POST, so the request carries the CSRF token), then the verdict.
 */
export async function connectionTestPanel(
  panel: HTMLElement,
  path: string,
  body: unknown,
  onInputError: (error: unknown) => void,
): Promise<void> {
  const list = h('ol', { class: 'steps' });
  const verdict = h('p', { class: 'verdict', role: 'status' }, t(ui.testRunning));
  show(panel, h('h2', {}, t(ui.testButton)), list, verdict);
  panel.setAttribute('aria-busy', 'true');
  try {
    await streamPost(path, body, (event, data) => {
      if (event === 'step') {
        const step = data as Step;
        list.querySelector(`[data-step="${step.name}"]`)?.remove();
        list.append(stepItem(step));
      } else if (event === 'result') {
        const report = data as ConnectionTestResult;
        show(list, report.steps.map(stepItem));
        verdict.className = `verdict ${report.ok ? 'ok' : 'failed'}`;
        show(
          verdict,
          report.ok
            ? t(ui.testPassed)
            : t(ui.testFailedAt, { step: choice(testStepLabels, report.failedStep ?? '') }),
          ...report.warnings.map((w) => h('span', { class: 'warning' }, ` ${w}`)),
        );
      } else if (event === 'error') {
        const { status, error } = data as { status: number; error: ApiErrorBody };
        verdict.textContent = '';
        onInputError(new ApiError(status, error));
      }
    });
  } catch (error) {
    verdict.textContent = '';
    onInputError(error);
  } finally {
    panel.removeAttribute('aria-busy');
  }
}
