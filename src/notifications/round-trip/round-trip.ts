import crypto from 'node:crypto';
import { isDrobotError, type RenderedError } from '../../errors/drobot-error.js';
import type { Lang } from '../../i18n/lang.js';
import type { OutgoingMail } from '../../transports/mime/outgoing-mail.js';

/**
 * The round trip: send a tagged test mail through an outbound account and wait until an inbound
 * account receives it. It reports each leg, how long delivery took and which leg failed. The test mail
 * is found by its tag header and deleted by the check; nothing else in the mailbox is touched.
 */

/** The header that carries the round trip tag; the inbound pipeline never turns such a mail into a case. */
export const ROUND_TRIP_HEADER = 'X-DRobot-Roundtrip';

/** A read-only look into a mailbox that may delete the one test mail it finds. */
export interface MailboxProbe {
  /** True when a mail with this tag is there (and it was deleted). */
  findAndDelete(tag: string): Promise<boolean>;
  close(): Promise<void>;
}

/** The test mail: an ordinary outgoing mail. */
export type RoundTripMail = OutgoingMail;

export interface RoundTripOptions {
  readonly send: (mail: RoundTripMail) => Promise<{ readonly response: string }>;
  /** Opens the probe of the inbound mailbox (opened once the mail is sent, closed at the end). */
  readonly openProbe: () => Promise<MailboxProbe>;
  readonly from: string;
  /** The inbound account's address. */
  readonly to: string;
  /** Longest wait for the mail to arrive; default 60 s. */
  readonly timeoutMs?: number;
  readonly pollMs?: number;
  readonly lang?: Lang;
  readonly clock?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface RoundTripLeg {
  readonly ok: boolean;
  readonly durationMs: number;
  readonly serverReply?: string | undefined;
  readonly error?: RenderedError | undefined;
}

export interface RoundTripReport {
  readonly ok: boolean;
  readonly tag: string;
  /** The leg that failed: `send` (outbound), `receive` (inbound). */
  readonly failedLeg: 'send' | 'receive' | undefined;
  readonly send: RoundTripLeg;
  readonly receive: (RoundTripLeg & { readonly checks: number }) | undefined;
  /** From the start of sending until the mail was seen in the mailbox. */
  readonly delayMs: number | undefined;
}

function rendered(error: unknown, lang: Lang): RenderedError {
  if (isDrobotError(error)) return error.render(lang);
  return { code: 'internal_error', message: error instanceof Error ? error.message : String(error) };
}

function testMail(options: RoundTripOptions, tag: string): RoundTripMail {
  const domain = options.from.split('@')[1] ?? 'drobot.invalid';
  return {
    from: options.from,
    to: options.to,
    subject: `DRobot round trip ${tag}`,
    text: `DRobot round trip test ${tag}. This mail is deleted by the test itself.\n`,
    html: `<p>DRobot round trip test <b>${tag}</b>. This mail is deleted by the test itself.</p>`,
    messageId: `<roundtrip.${tag}@${domain}>`,
    headers: { [ROUND_TRIP_HEADER]: tag, 'Auto-Submitted': 'auto-generated' },
  };
}

/** Runs the round trip; every outcome is a report, never an exception. */
export async function roundTrip(options: RoundTripOptions): Promise<RoundTripReport> {
  const clock = options.clock ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const lang = options.lang ?? 'es';
  const tag = crypto.randomBytes(8).toString('hex');
  const start = clock();
  let send: RoundTripLeg;
  try {
    const result = await options.send(testMail(options, tag));
    send = { ok: true, durationMs: Math.round(clock() - start), serverReply: result.response };
  } catch (error) {
    const serverReply = isDrobotError(error) ? error.serverReply : undefined;
    send = { ok: false, durationMs: Math.round(clock() - start), serverReply, error: rendered(error, lang) };
    return { ok: false, tag, failedLeg: 'send', send, receive: undefined, delayMs: undefined };
  }
  const receiveStart = clock();
  const deadline = start + (options.timeoutMs ?? 60_000);
  let checks = 0;
  let probe: MailboxProbe | undefined;
  try {
    probe = await options.openProbe();
    for (;;) {
      checks += 1;
      if (await probe.findAndDelete(tag)) {
        const now = clock();
        const receive = { ok: true, durationMs: Math.round(now - receiveStart), checks };
        return { ok: true, tag, failedLeg: undefined, send, receive, delayMs: Math.round(now - start) };
      }
      if (clock() >= deadline) break;
      await sleep(Math.min(options.pollMs ?? 2000, Math.max(0, deadline - clock())));
    }
    const error: RenderedError = {
      code: 'roundtrip_not_received',
      message:
        lang === 'es'
          ? `El correo de prueba no llegó en ${options.timeoutMs ?? 60_000} ms.`
          : `The test mail did not arrive within ${options.timeoutMs ?? 60_000} ms.`,
      hint:
        lang === 'es'
          ? 'El servidor de salida aceptó el correo: compruebe que --to es la dirección del buzón de entrada, que no lo desvía un filtro de correo no deseado, o espere más (--timeout).'
          : 'The outbound server accepted the mail: check that --to is the address of the inbound mailbox, that no spam filter diverts it, or wait longer (--timeout).',
    };
    const receive = { ok: false, durationMs: Math.round(clock() - receiveStart), checks, error };
    return { ok: false, tag, failedLeg: 'receive', send, receive, delayMs: undefined };
  } catch (error) {
    const receive = {
      ok: false,
      durationMs: Math.round(clock() - receiveStart),
      checks,
      error: rendered(error, lang),
    };
    return { ok: false, tag, failedLeg: 'receive', send, receive, delayMs: undefined };
  } finally {
    await probe?.close().catch(() => undefined);
  }
}
