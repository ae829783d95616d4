import net from 'node:net';
import tls from 'node:tls';
import { DrobotError } from '../../errors/drobot-error.js';
import { scrubSecrets, secretForms, xoauth2 } from '../../transports/sasl.js';
import { tlsOptions } from '../../transports/smtp/smtp.options.js';
import type { Credentials, Endpoint } from '../../transports/types.js';
import { probeErrors } from './probe.errors.js';
import { ROUND_TRIP_HEADER, type MailboxProbe } from './round-trip.js';

/** Newest mails looked at per check: the test mail is among the latest ones. */
const SCAN_NEWEST = 50;

/** A tiny POP3 session: just enough to find the test mail by its headers (TOP) and delete it. */
class Pop3Session {
  private buffer = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  private ended: Error | undefined;

  constructor(
    private socket: net.Socket,
    private readonly timeoutMs: number,
  ) {
    this.listen(socket);
  }

  private listen(socket: net.Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake?.();
    });
    socket.on('error', (error) => {
      this.ended = error;
      this.wake?.();
    });
    socket.on('close', () => {
      this.ended ??= new Error('connection closed');
      this.wake?.();
    });
  }

  upgrade(secure: tls.TLSSocket): void {
    this.socket.removeAllListeners('data');
    this.socket = secure;
    this.ended = undefined;
    this.listen(secure);
  }

  get raw(): net.Socket {
    return this.socket;
  }

  async line(): Promise<string> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const end = this.buffer.indexOf('\r\n');
      if (end >= 0) {
        const text = this.buffer.subarray(0, end).toString('latin1');
        this.buffer = this.buffer.subarray(end + 2);
        return text;
      }
      if (this.ended) throw this.ended;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for the server');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  async command(text: string, shown = text): Promise<string> {
    this.socket.write(`${text}\r\n`);
    const reply = await this.line();
    if (!reply.startsWith('+')) throw Object.assign(new Error(reply), { command: shown.split(' ')[0] });
    return reply;
  }

  /** A multi-line reply's body, dot-stuffing undone. */
  async body(): Promise<string[]> {
    const lines: string[] = [];
    for (let l = await this.line(); l !== '.'; l = await this.line())
      lines.push(l.startsWith('..') ? l.slice(1) : l);
    return lines;
  }
}

function connect(endpoint: Endpoint, implicit: boolean): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = implicit
      ? tls.connect({ host: endpoint.host, port: endpoint.port, ...tlsOptions(endpoint) })
      : net.connect({ host: endpoint.host, port: endpoint.port });
    socket.setTimeout(endpoint.timeoutMs, () => socket.destroy(new Error('connection timed out')));
    socket.once(implicit ? 'secureConnect' : 'connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

async function openSession(endpoint: Endpoint, credentials: Credentials): Promise<Pop3Session> {
  if (credentials.kind === 'none')
    throw new DrobotError(probeErrors.noLogin, { params: { protocol: 'POP3' } });
  const security =
    endpoint.security === 'auto' ? (endpoint.port === 995 ? 'implicit' : 'starttls') : endpoint.security;
  const session = new Pop3Session(await connect(endpoint, security === 'implicit'), endpoint.timeoutMs);
  const greeting = await session.line();
  if (!greeting.startsWith('+OK')) throw Object.assign(new Error(greeting), { command: 'greeting' });
  if (security === 'starttls') {
    await session.command('STLS');
    const secure = tls.connect({ socket: session.raw, ...tlsOptions(endpoint) });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', reject);
    });
    session.upgrade(secure);
  }
  try {
    if (credentials.kind === 'password') {
      await session.command(`USER ${credentials.username}`);
      await session.command(`PASS ${credentials.password}`, 'PASS');
    } else {
      await session.command(`AUTH XOAUTH2 ${xoauth2(credentials.username, credentials.accessToken)}`, 'AUTH');
    }
  } catch (error) {
    throw Object.assign(error as Error, { authenticationFailed: true });
  }
  return session;
}

/** Checks a POP3 mailbox; every check is a new session, since a session only sees the mails of its start. */
export function openPop3Probe(endpoint: Endpoint, credentials: Credentials): Promise<MailboxProbe> {
  const secrets = secretForms(credentials);
  const wrap = (error: unknown): DrobotError => {
    const e = error as Error & { command?: string; authenticationFailed?: boolean };
    const detail = scrubSecrets(e.message, secrets);
    const params = {
      protocol: 'POP3',
      host: endpoint.host,
      port: endpoint.port,
      detail,
      command: e.command ?? '',
    };
    const def = e.authenticationFailed
      ? probeErrors.loginFailed
      : e.command
        ? probeErrors.protocol
        : probeErrors.connectFailed;
    const reply = detail.startsWith('-ERR') ? detail : undefined;
    return new DrobotError(def, {
      params,
      serverReply: reply,
      step: e.authenticationFailed ? 'auth' : 'connect',
    });
  };
  return Promise.resolve({
    async findAndDelete(tag) {
      let session: Pop3Session | undefined;
      try {
        session = await openSession(endpoint, credentials);
        const stat = await session.command('STAT');
        const count = Number(stat.split(' ')[1] ?? 0);
        let found = false;
        for (let n = count; n >= 1 && n > count - SCAN_NEWEST && !found; n -= 1) {
          await session.command(`TOP ${n} 0`);
          const headers = (await session.body()).join('\n').replace(/\n[ \t]+/g, ' ');
          const pattern = new RegExp(`^${ROUND_TRIP_HEADER}:\\s*${tag}\\s*$`, 'im');
          if (pattern.test(headers)) {
            await session.command(`DELE ${n}`);
            found = true;
          }
        }
        await session.command('QUIT');
        return found;
      } catch (error) {
        throw wrap(error);
      } finally {
        session?.raw.destroy();
      }
    },
    close: () => Promise.resolve(),
  });
}
