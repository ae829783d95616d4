/**
 * POP3 logins: USER/PASS (RFC 1939) and AUTH with SASL (RFC 5034), over a wire the client provides.
 * Nothing here logs or echoes a secret: errors carry the server's reply, scrubbed by the client.
 */
import { DrobotError, type ErrorDef } from '../../errors/drobot-error.js';
import {
  decodeChallenge,
  oauthbearer,
  oauthErrorAcknowledgement,
  saslLogin,
  saslPlain,
  xoauth2,
} from '../sasl.js';
import type { SaslMechanism } from '../sasl.js';
import type { Credentials } from '../types.js';
import { authFailureOf, pop3Error, pop3Errors } from './pop3.errors.js';
import { parseContinuation, parseStatus, printable } from './pop3.replies.js';

/** What a login needs from the connection. */
export interface Pop3Wire {
  /** Sends one command line; `shown` is how it may appear in an error (without secrets). */
  send(line: string, shown: string): Promise<void>;
  readLine(step: string): Promise<Buffer>;
  /** A server's words as they may be kept: without secrets, visible, bounded in length. */
  scrub(text: string): string;
  /** A value about to be sent that must never be shown, even if the server echoes it back. */
  conceal(value: string): void;
  /** Round trips one exchange may take before it is given up as endless. */
  readonly maxRounds: number;
}

/** RFC 5034: an AUTH command with its initial response must fit in 255 octets, otherwise send it after `+`. */
const MAX_AUTH_LINE = 255;

function failure(wire: Pop3Wire, reply: string, oauth: boolean, challenge?: string): DrobotError {
  const detail = challenge ? `${reply} (${decodeChallenge(challenge)})` : reply;
  // Scrubbed whole (a secret decoded from the challenge included), then bounded.
  const serverReply = wire.scrub(detail);
  const { def, retryable } = authFailureOf(reply);
  const chosen: ErrorDef = oauth && def === pop3Errors.authFailed ? pop3Errors.oauthRejected : def;
  return new DrobotError(chosen, { step: 'auth', serverReply, retryable });
}

async function status(wire: Pop3Wire, what: string) {
  const line = await wire.readLine('auth');
  const parsed = parseStatus(line);
  if (!parsed) {
    throw pop3Error(pop3Errors.protocol, 'auth', {
      params: { detail: `${what}: ${wire.scrub(printable(line))}` },
      serverReply: wire.scrub(printable(line, 200)),
    });
  }
  return parsed;
}

/** USER then PASS. */
export async function loginUserPass(wire: Pop3Wire, user: string, password: string): Promise<void> {
  await wire.send(`USER ${user}`, 'USER');
  const u = await status(wire, 'USER');
  if (!u.ok) throw failure(wire, u.text, false);
  await wire.send(`PASS ${password}`, 'PASS');
  const p = await status(wire, 'PASS');
  if (!p.ok) throw failure(wire, p.text, false);
}

/** The SASL responses to give, in order, for a mechanism. */
function responsesFor(
  mechanism: SaslMechanism,
  credentials: Credentials,
  target: { host: string; port: number },
): string[] {
  if (credentials.kind === 'none') return [];
  const secret = credentials.kind === 'password' ? credentials.password : credentials.accessToken;
  switch (mechanism) {
    case 'PLAIN':
      return [saslPlain(credentials.username, secret)];
    case 'LOGIN':
      return [...saslLogin(credentials.username, secret)];
    case 'XOAUTH2':
      return [xoauth2(credentials.username, secret)];
    case 'OAUTHBEARER':
      return [oauthbearer(credentials.username, secret, target.host, target.port)];
  }
}

/**
 * AUTH with one SASL mechanism. A failed XOAUTH2/OAUTHBEARER login first sends an error continuation
 * (`+ <base64 JSON>`, as Gmail and Dovecot do): it is acknowledged, and its JSON joins the final reply.
 */
export async function authenticateSasl(
  wire: Pop3Wire,
  mechanism: SaslMechanism,
  credentials: Credentials,
  target: { host: string; port: number },
): Promise<void> {
  const oauth = mechanism === 'XOAUTH2' || mechanism === 'OAUTHBEARER';
  const responses = responsesFor(mechanism, credentials, target);
  for (const response of responses) wire.conceal(response);
  // LOGIN has no initial response; the others send theirs with AUTH when it fits.
  const initial = mechanism === 'LOGIN' ? undefined : responses[0];
  if (initial !== undefined && `AUTH ${mechanism} ${initial}`.length <= MAX_AUTH_LINE) {
    responses.shift();
    await wire.send(`AUTH ${mechanism} ${initial}`, `AUTH ${mechanism}`);
  } else {
    await wire.send(`AUTH ${mechanism}`, `AUTH ${mechanism}`);
  }
  let errorChallenge: string | undefined;
  for (let round = 0; ; round++) {
    if (round > wire.maxRounds) {
      throw pop3Error(pop3Errors.protocol, 'auth', { params: { detail: 'endless AUTH exchange' } });
    }
    const line = await wire.readLine('auth');
    const challenge = parseContinuation(line);
    if (challenge === undefined) {
      const final = parseStatus(line);
      if (!final) {
        throw pop3Error(pop3Errors.protocol, 'auth', {
          params: { detail: `AUTH ${mechanism}: ${wire.scrub(printable(line))}` },
        });
      }
      if (final.ok) return;
      throw failure(wire, final.text, oauth, errorChallenge);
    }
    const next = responses.shift();
    if (next !== undefined) {
      await wire.send(next, `AUTH ${mechanism} response`);
    } else if (oauth && errorChallenge === undefined) {
      errorChallenge = challenge;
      await wire.send(oauthErrorAcknowledgement(mechanism), `AUTH ${mechanism} acknowledgement`);
    } else {
      // An unexpected further challenge: cancel the exchange (RFC 5034 §4) and read the -ERR.
      await wire.send('*', 'AUTH cancel');
    }
  }
}
