import { DrobotError, isDrobotError } from '../../errors/drobot-error.js';
import { scrubSecrets } from '../sasl.js';
import { smtpErrors } from './smtp.errors.js';
import { replyCodeOf } from './smtp.reply-code.js';

/** Kinds of SMTP failures that are not a server's reply, or that the reply alone does not name. */
export type SmtpFailureKind = 'EAUTH' | 'EENVELOPE' | 'EMESSAGE';

/** A command the server refused, or an exchange that could not go on: what the error map reads. */
export class SmtpCommandError extends Error {
  readonly response: string | undefined;
  readonly responseCode: number | undefined;

  constructor(
    readonly command: string,
    readonly code: SmtpFailureKind,
    message: string,
    reply: { readonly response?: string; readonly responseCode?: number } = {},
  ) {
    super(message);
    this.name = 'SmtpCommandError';
    this.response = reply.response;
    this.responseCode = reply.responseCode;
  }
}

/** The fields the map reads of a failure. */
interface SmtpFailure {
  readonly message?: string;
  readonly code?: string;
  readonly response?: string;
  readonly responseCode?: number;
  readonly command?: string;
}

/** The protocol step a command belongs to. */
export function stepOf(command: string | undefined, code: string | undefined): string {
  const c = (command ?? '').toUpperCase();
  if (c.startsWith('AUTH') || code === 'EAUTH') return 'auth';
  if (c.startsWith('MAIL')) return 'mail';
  if (c.startsWith('RCPT')) return 'rcpt';
  if (c.startsWith('DATA') || code === 'EMESSAGE') return 'data';
  if (c.startsWith('STARTTLS') || code === 'ETLS') return 'tls';
  if (c.startsWith('EHLO') || c.startsWith('HELO') || c === 'GREETING') return 'connect';
  return 'send';
}

/** The connection test's client errors (the handshake is shared) and the command each belongs to. */
const PROBE_COMMANDS: Readonly<Record<string, string>> = {
  greeting_rejected: 'GREETING',
  starttls_refused: 'STARTTLS',
  auth_failed: 'AUTH',
  send_rejected: 'DATA',
};

/**
 * Turns an SMTP failure into a DrobotError: a 4xx reply may pass (`retryable`), a 5xx reply will not. The
 * server's reply is kept, with any echoed secret scrubbed. The network layer's own errors (name
 * resolution, TCP, proxy, TLS certificate, a silent or flooding server), already in both languages with
 * their step, go through as they are, as they do when fetching, and may pass: the next attempt may find the
 * network back or the account's settings corrected.
 */
export function mapSmtpError(
  error: unknown,
  target: { readonly host: string; readonly port: number },
  secrets: readonly string[],
): DrobotError {
  let e: SmtpFailure;
  if (isDrobotError(error)) {
    if (error.code.startsWith('smtp_')) return error;
    const handshake = fromProbe(error);
    if (handshake === undefined) return retryable(error);
    e = handshake;
  } else {
    e = (error ?? {}) as SmtpFailure;
  }
  const scrub = (text: string | undefined) => (text ? scrubSecrets(text, secrets) : undefined);
  const serverReply = scrub(e.response);
  const detail = scrub(e.message) ?? 'unknown';
  const step = stepOf(e.command, e.code);
  const command = e.command ?? step.toUpperCase();
  const base = { cause: error, step, serverReply, params: { ...target, detail, command } };
  const responseCode = e.responseCode;
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 600) {
    const params = { ...base.params, responseCode };
    // 530/538 "Must issue a STARTTLS command first": the security setting, not the password.
    if (
      (responseCode === 530 || responseCode === 538) &&
      /STARTTLS|encrypt|TLS/i.test(serverReply ?? detail)
    ) {
      return new DrobotError(smtpErrors.encryptionRequired, { ...base, params, retryable: false });
    }
    if (step === 'auth' && responseCode >= 500) {
      return new DrobotError(smtpErrors.authFailed, { ...base, params, retryable: false });
    }
    if (responseCode >= 500)
      return new DrobotError(smtpErrors.permanent, { ...base, params, retryable: false });
    return new DrobotError(smtpErrors.transient, { ...base, params, retryable: true });
  }
  if (e.code === 'EAUTH') {
    return new DrobotError(smtpErrors.authFailed, {
      ...base,
      params: { ...base.params, responseCode: '-' },
      retryable: false,
    });
  }
  // A reply of another class where this one was due (a 354 to MAIL FROM, a 250 to DATA, a 1xx or 3xx at the
  // end of data): the server's fault, not the message's; whether it took the mail is not known, so the
  // notification goes again (with the same Message-ID), as after a connection lost at that point.
  if (responseCode !== undefined) {
    return new DrobotError(smtpErrors.unexpectedReply, {
      ...base,
      params: { ...base.params, responseCode },
      retryable: true,
    });
  }
  if (e.code === 'EMESSAGE' || e.code === 'EENVELOPE') {
    return new DrobotError(smtpErrors.rejected, { ...base, retryable: false });
  }
  return new DrobotError(smtpErrors.network, { ...base, retryable: true });
}

/**
 * A DrobotError of the shared handshake as a failure with its reply, for the SMTP catalogue; undefined for
 * every other DrobotError, which goes through unchanged.
 */
function fromProbe(error: DrobotError): SmtpFailure | undefined {
  const command =
    error.code === 'command_failed' ? String(error.params.command ?? '') : PROBE_COMMANDS[error.code];
  if (command === undefined) return undefined;
  const reply = error.serverReply ?? '';
  const code = replyCodeOf(reply);
  return {
    message: error.render('en').message,
    code: command === 'AUTH' ? 'EAUTH' : command === 'STARTTLS' ? 'ETLS' : undefined,
    command,
    response: reply,
    ...(code === undefined ? {} : { responseCode: code }),
  };
}

/** The same error, one the outbox may try again. */
function retryable(error: DrobotError): DrobotError {
  if (error.retryable) return error;
  return new DrobotError(error.def, {
    params: error.params,
    step: error.step,
    serverReply: error.serverReply,
    cause: error,
    retryable: true,
  });
}
