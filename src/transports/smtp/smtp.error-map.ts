import { DrobotError } from '../../errors/drobot-error.js';
import { scrubSecrets } from '../sasl.js';
import { smtpErrors } from './smtp.errors.js';

/** The fields nodemailer puts on its errors. */
interface NodemailerFailure {
  readonly message?: string;
  readonly code?: string;
  readonly response?: string;
  readonly responseCode?: number;
  readonly command?: string;
}

/** The protocol step a nodemailer command belongs to. */
export function stepOf(command: string | undefined, code: string | undefined): string {
  const c = (command ?? '').toUpperCase();
  if (c.startsWith('AUTH') || code === 'EAUTH') return 'auth';
  if (c.startsWith('MAIL')) return 'mail';
  if (c.startsWith('RCPT')) return 'rcpt';
  if (c.startsWith('DATA') || c === 'MESSAGE' || code === 'EMESSAGE') return 'data';
  if (c.startsWith('STARTTLS') || code === 'ETLS') return 'tls';
  if (c.startsWith('EHLO') || c.startsWith('HELO') || c === 'CONN' || c === 'GREETING') return 'connect';
  return code === 'ECONNECTION' || code === 'ETIMEDOUT' || code === 'EDNS' ? 'connect' : 'send';
}

const TIMEOUTS = new Set(['ETIMEDOUT', 'ETIMEOUT']);
const NETWORK = new Set(['ECONNECTION', 'ESOCKET', 'EDNS', 'EPROXY', 'ECONNREFUSED', 'ECONNRESET']);

/**
 * Turns a nodemailer failure into DrobotError: a 4xx reply, a network problem or a timeout may pass
 * (`retryable`), a 5xx reply will not. The server's reply is kept, with any echoed secret scrubbed.
 */
export function mapSmtpError(
  error: unknown,
  target: { readonly host: string; readonly port: number },
  secrets: readonly string[],
): DrobotError {
  if (error instanceof DrobotError) return error;
  const e = (error ?? {}) as NodemailerFailure;
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
  if (e.code === 'EMESSAGE' || e.code === 'EENVELOPE') {
    return new DrobotError(smtpErrors.rejected, { ...base, retryable: false });
  }
  if (e.code !== undefined && TIMEOUTS.has(e.code)) {
    return new DrobotError(smtpErrors.timeout, { ...base, retryable: true });
  }
  if (e.code === 'ETLS' || /certificate|self[- ]signed|TLS|SSL/i.test(detail)) {
    return new DrobotError(smtpErrors.tls, { ...base, step: 'tls', retryable: true });
  }
  if (e.code === undefined || NETWORK.has(e.code)) {
    return new DrobotError(smtpErrors.network, { ...base, retryable: true });
  }
  return new DrobotError(smtpErrors.network, { ...base, retryable: true });
}
