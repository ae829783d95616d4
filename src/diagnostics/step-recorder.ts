import { DrobotError, isDrobotError } from '../errors/drobot-error.js';
import { format, type Lang, type Params, type Text } from '../i18n/lang.js';
import type { Logger } from '../logging/logger.js';
import { scrubSecrets } from '../transports/sasl.js';
import { withTimeout } from '../transports/net/timeout.js';
import { diagnosticsErrors } from './diagnostics.errors.js';
import type { Step, StepError, StepName } from './connection-test.types.js';
import { stepTexts } from './diagnostics.texts.js';
import { hintForReply } from './hints.js';

/** What a step function reports when it succeeds. */
export interface StepOutcome<T> {
  readonly value: T;
  readonly detail: Text;
  readonly params?: Params;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Thrown once a step failed and was recorded: the test stops there. */
export class StepFailed extends Error {
  constructor(readonly step: StepName) {
    super(`step ${step} failed`);
  }
}

/**
 * Runs the steps of a connection test and records each one: status, duration, detail in the test's
 * language, data, and the error with its hint. Steps of the plan that never ran are reported skipped.
 */
export class StepRecorder {
  private readonly done = new Map<StepName, Step>();
  failedStep: StepName | undefined;

  constructor(
    private plan: StepName[],
    private readonly lang: Lang,
    private readonly secrets: readonly string[],
    /** The account's timeout, named in messages, and the bound a whole step gets (a little more). */
    private readonly bounds: { readonly timeoutMs: number; readonly stepBoundMs: number },
    private readonly logger: Logger,
    private readonly onStep?: (step: Step) => void,
  ) {}

  /** Replaces the planned steps (e.g. once a token step or a proxy is known). */
  replan(plan: StepName[]): void {
    this.plan = plan;
  }

  /**
   * Runs one step, bounded in time (`extraMs` more for a step that opens a second connection); on
   * failure records it and throws {@link StepFailed}.
   */
  async run<T>(name: StepName, body: () => Promise<StepOutcome<T>>, extraMs = 0): Promise<T> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const outcome = await withTimeout(
        body(),
        this.bounds.stepBoundMs + extraMs,
        () =>
          new DrobotError(diagnosticsErrors.stepTimeout, {
            step: name,
            params: { step: name, timeoutMs: this.bounds.timeoutMs },
          }),
      );
      this.record({
        name,
        status: 'ok',
        durationMs: elapsed(),
        detail: this.text(outcome.detail, outcome.params),
        ...(outcome.data ? { data: outcome.data } : {}),
      });
      return outcome.value;
    } catch (error) {
      throw this.fail(name, error, elapsed());
    }
  }

  /** Records a step as failed with the error (rendered, hinted, scrubbed). */
  fail(name: StepName, error: unknown, durationMs = 0): StepFailed {
    const rendered = this.renderError(error, name);
    const data = dataOf(error);
    this.record({
      name,
      status: 'failed',
      durationMs,
      detail: this.text(stepTexts.failed, { message: rendered.message }),
      ...(data ? { data } : {}),
      error: rendered,
    });
    this.failedStep = name;
    return new StepFailed(name);
  }

  /** The first planned step that has not run yet (where an unexpected error is reported). */
  nextStep(): StepName {
    return this.plan.find((name) => !this.done.has(name)) ?? this.plan[this.plan.length - 1] ?? 'dns';
  }

  /** Records a step as skipped with the reason. */
  markSkipped(name: StepName, detail: Text, params?: Params): void {
    this.record({ name, status: 'skipped', durationMs: 0, detail: this.text(detail, params) });
  }

  /** Every planned step in order; the ones that never ran are skipped. */
  steps(): Step[] {
    const names = [...this.plan, ...[...this.done.keys()].filter((n) => !this.plan.includes(n))];
    return names.map(
      (name) =>
        this.done.get(name) ?? {
          name,
          status: 'skipped' as const,
          durationMs: 0,
          detail: this.text(stepTexts.notRun),
        },
    );
  }

  /** Renders a text in the test's language, its parameters from outside scrubbed of secrets. */
  text(text: Text, params?: Params): string {
    return format(text, this.lang, this.scrubbed(params));
  }

  private scrub(text: string): string {
    return scrubSecrets(text, this.secrets);
  }

  /**
   * DRobot's own texts are never scrubbed (a mask inside them only shows the secret's letters); nor are the
   * parameters DRobot set itself from the account and its own counts. Any other parameter may carry a
   * server's or a library's words, and is.
   */
  private scrubbed(params: Params | undefined): Params | undefined {
    if (!params) return params;
    const out: Record<string, Params[string]> = {};
    for (const [name, value] of Object.entries(params)) {
      out[name] = typeof value === 'string' && !OWN_PARAMS.has(name) ? this.scrub(value) : value;
    }
    return out;
  }

  private record(step: Step): void {
    this.done.set(step.name, step);
    try {
      this.onStep?.(step);
    } catch (error) {
      // A listener that fails (a closed stream) must not change the test's outcome.
      this.logger.debug('step listener failed', { error });
    }
    this.logger.debug('connection test step', {
      step: step.name,
      status: step.status,
      durationMs: step.durationMs,
      code: step.error?.code,
    });
  }

  private renderError(error: unknown, step: StepName): StepError {
    const drobot = isDrobotError(error)
      ? error
      : new DrobotError(diagnosticsErrors.unexpected, {
          step,
          params: { step, reason: error instanceof Error ? error.message : String(error) },
          cause: error,
        });
    const params = this.scrubbed(drobot.params);
    const reply = drobot.serverReply ? this.scrub(drobot.serverReply) : undefined;
    const special = hintForReply(reply);
    const hint = special
      ? format(special.hint, this.lang)
      : drobot.def.hint && format(drobot.def.hint, this.lang, params);
    return {
      code: drobot.code,
      message: format(drobot.def.message, this.lang, params),
      ...(hint ? { hint } : {}),
      ...(reply ? { serverReply: reply } : {}),
    };
  }
}

/**
 * Parameters DRobot fills itself, from the account being tested (where it connects, as whom, which mailbox)
 * or its own counts and limits: never a server's words nor a secret, so shown as they are.
 */
const OWN_PARAMS: ReadonlySet<string> = new Set([
  'account',
  'address',
  'addresses',
  'flow',
  'folder',
  'host',
  'mailbox',
  'maxBytes',
  'mechanism',
  'plainPort',
  'port',
  'preset',
  'protocol',
  'provider',
  'proxyHost',
  'proxyPort',
  'step',
  'timeoutMs',
  'tlsPort',
  'to',
  'user',
  'username',
]);

/** Data a failed step can still show (the certificate of a refused TLS handshake). */
function dataOf(error: unknown): Readonly<Record<string, unknown>> | undefined {
  if (error && typeof error === 'object' && 'certificate' in error) {
    return { certificate: (error as { certificate: unknown }).certificate };
  }
  return undefined;
}
