import { DrobotError } from '../../errors/drobot-error.js';
import type { OutboundMessage, OutboundSink, SentMessage } from '../ports.js';
import { secretForms } from '../sasl.js';
import { envelopeCommands, envelopeProblem, type EnvelopeProblem } from './smtp.envelope.js';
import { mapSmtpError, SmtpCommandError } from './smtp.error-map.js';
import { smtpErrors } from './smtp.errors.js';
import type { SmtpSenderSettings } from './smtp.options.js';
import { SmtpSession } from './smtp.session.js';

/** A connection left without a message this long says QUIT (servers drop idle clients after minutes). */
const IDLE_MS = 30_000;

/**
 * Times a message goes back to the queue because its connection failed before any of its data was written
 * (it was not sent: another connection takes it); after that, the connection's failure is its own.
 */
const MAX_REQUEUES = 2;

/** One message handed to the sink, until the server's reply to its data settles it. */
interface Job {
  readonly message: OutboundMessage;
  readonly resolve: (sent: SentMessage) => void;
  readonly reject: (error: unknown) => void;
  requeues: number;
}

/**
 * The SMTP outbound sink: messages composed by the caller go out over a pool of logged-in connections
 * ({@link SmtpSession}), each connection taking the next queued message as soon as it has sent one. With
 * PIPELINING, a message's data, its end and the next message's envelope go in one write: one round trip per
 * message, where a client that waits for each reply takes two. Failures are DrobotErrors whose `retryable`
 * follows the server's reply (4xx or a network failure: yes; 5xx: no).
 *
 * A message is never sent twice by the sink itself: it goes back to the queue only when its connection failed
 * before a byte of its data was written; once its data went out, the connection's failure is the message's
 * (the server may or may not have it: SMTP cannot tell, and the outbox's retry decides).
 */
export function createSmtpSink(settings: SmtpSenderSettings): OutboundSink {
  return new SmtpPool(settings);
}

class SmtpPool implements OutboundSink {
  private readonly queue: Job[] = [];
  /** Connections waiting for a message. */
  private readonly waiting: Array<(job: Job | undefined) => void> = [];
  private readonly lanes = new Set<Promise<void>>();
  private readonly secrets: string[];
  private readonly target: { readonly host: string; readonly port: number };
  private readonly maxConnections: number;
  private readonly maxMessages: number;
  private closing = false;

  constructor(private readonly settings: SmtpSenderSettings) {
    const { endpoint, credentials, pool } = settings;
    this.secrets = [
      ...secretForms(credentials),
      ...(endpoint.proxy?.password ? [endpoint.proxy.password] : []),
    ];
    this.target = { host: endpoint.host, port: endpoint.port };
    this.maxConnections = pool ? Math.max(1, pool.maxConnections) : 1;
    this.maxMessages = pool ? Math.max(1, pool.maxMessages) : 1;
  }

  send(message: OutboundMessage): Promise<SentMessage> {
    if (this.closing) return Promise.reject(this.closedError());
    return new Promise<SentMessage>((resolve, reject) => {
      this.queue.push({ message, resolve, reject, requeues: 0 });
      this.dispatch();
    });
  }

  /** Stops taking messages; the connections send what is queued, then say QUIT. */
  async close(): Promise<void> {
    this.closing = true;
    for (const wake of this.waiting.splice(0)) wake(this.queue.shift());
    while (this.lanes.size > 0) await Promise.all([...this.lanes]);
    for (const job of this.queue.splice(0)) job.reject(this.closedError());
  }

  /** Hands queued messages to waiting connections, and opens a connection for what is left. */
  private dispatch(): void {
    while (this.queue.length > 0 && this.waiting.length > 0) this.waiting.shift()?.(this.queue.shift());
    if (this.queue.length > 0 && this.lanes.size < this.maxConnections) {
      const lane = this.runLane().then((opened) => {
        this.lanes.delete(lane);
        // A connection that reached its message limit, or failed while sending, leaves its queue to a new
        // one; one that could not open leaves it to those open (or has failed it): no reconnecting loop.
        if (opened && this.queue.length > 0 && !this.closing) this.dispatch();
      });
      this.lanes.add(lane);
    }
  }

  /** The next message for a connection: a queued one, or the next sent; undefined after IDLE_MS or on close. */
  private nextJob(): Promise<Job | undefined> | Job | undefined {
    const queued = this.queue.shift();
    if (queued || this.closing) return queued;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(take);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(undefined);
      }, IDLE_MS);
      timer.unref();
      const take = (job: Job | undefined) => {
        clearTimeout(timer);
        resolve(job);
      };
      this.waiting.push(take);
    });
  }

  private fail(job: Job, error: unknown): void {
    job.reject(mapSmtpError(error, this.target, this.secrets));
  }

  /** Envelope commands of a message on this session, or undefined after refusing it for what it is. */
  private commandsFor(job: Job, session: SmtpSession): string[] | undefined {
    const { message } = job;
    const problem = envelopeProblem(message.envelope, message.raw.length, session.extensions);
    if (problem) {
      this.fail(job, problemError(problem, this.target));
      return undefined;
    }
    return envelopeCommands(message.envelope, message.raw, session.extensions);
  }

  /**
   * One connection: opened, then sending queued messages until idle, its limit, a failure or the close.
   * False when it could not be opened.
   */
  private async runLane(): Promise<boolean> {
    let session: SmtpSession;
    try {
      session = await SmtpSession.open(this.settings, this.secrets);
    } catch (error) {
      // The only connection could not log in: the messages queued now would meet the same refusal.
      if (this.lanes.size <= 1) for (const job of this.queue.splice(0)) this.fail(job, error);
      return false;
    }
    // Messages whose envelope this connection has written, the first one's data possibly written too.
    let current: { job: Job; commands: string[]; written: boolean; dataSent: boolean } | undefined;
    let next: { job: Job; commands: string[] } | undefined;
    try {
      for (;;) {
        if (!current) {
          if (session.delivered >= this.maxMessages) break;
          const job = await this.nextJob();
          if (!job) break;
          const commands = this.commandsFor(job, session);
          if (commands) current = { job, commands, written: false, dataSent: false };
          continue;
        }
        const opened = await session.envelope(current.commands, current.written);
        current.written = true;
        if (!opened.ok && opened.failure.responseCode === 421) {
          // The server is closing the connection (too many mails on it, shutting down), not refusing the
          // mail, none of whose data went out: another connection takes it.
          this.requeue(current.job, opened.failure);
          current = undefined;
          break;
        }
        if (!opened.ok) {
          this.fail(current.job, opened.failure);
          current = undefined;
          // A transaction the server opened is ended before the next MAIL FROM.
          if (opened.mailAccepted && !(await session.reset())) break;
          continue;
        }
        next = this.pipelinedNext(session);
        current.dataSent = true;
        const reply = await session.data(current.job.message.raw, next?.commands);
        const { job } = current;
        // Any positive completion reply (2xx) is delivery, as SMTP's reply classes say (RFC 5321 4.2.1).
        if (reply.code < 200 || reply.code > 299) {
          this.fail(
            job,
            new SmtpCommandError('DATA', 'EMESSAGE', reply.text, {
              response: reply.text,
              responseCode: reply.code,
            }),
          );
        } else if (opened.refused[0]) {
          // Some recipients refused: the others have it, and the refusal is what the caller hears.
          this.fail(job, opened.refused[0]);
        } else {
          job.resolve({ messageId: job.message.messageId, response: reply.text });
        }
        current = next ? { ...next, written: true, dataSent: false } : undefined;
        next = undefined;
      }
      await session.quit();
    } catch (error) {
      session.close();
      if (current?.dataSent) this.fail(current.job, error);
      else if (current) this.requeue(current.job, error);
      if (next) this.requeue(next.job, error);
    }
    return true;
  }

  /** The message whose envelope follows the current one's data, when pipelining and the limit allow. */
  private pipelinedNext(session: SmtpSession): { job: Job; commands: string[] } | undefined {
    if (!session.extensions.pipelining || session.delivered + 1 >= this.maxMessages) return undefined;
    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      const commands = this.commandsFor(job, session);
      if (commands) return { job, commands };
    }
    return undefined;
  }

  /** A message none of whose data went out: first in line for another connection, a few times. */
  private requeue(job: Job, error: unknown): void {
    job.requeues += 1;
    if (job.requeues > MAX_REQUEUES || this.closing) this.fail(job, error);
    else this.queue.unshift(job);
  }

  private closedError(): DrobotError {
    return new DrobotError(smtpErrors.network, {
      step: 'send',
      params: { ...this.target, detail: 'closed' },
      retryable: true,
    });
  }
}

/** A message refused before it was offered, for what it is (not retried: it would be refused again). */
function problemError(
  problem: EnvelopeProblem,
  target: { readonly host: string; readonly port: number },
): DrobotError {
  switch (problem.kind) {
    case 'no_recipient':
      return new DrobotError(smtpErrors.noRecipient, { step: 'mail', params: target });
    case 'address':
      return new DrobotError(smtpErrors.invalidAddress, {
        step: 'mail',
        params: { ...target, address: problem.address },
      });
    case 'utf8_address':
      return new DrobotError(smtpErrors.utf8Address, {
        step: 'mail',
        params: { ...target, address: problem.address },
      });
    case 'too_large':
      return new DrobotError(smtpErrors.tooLarge, {
        step: 'data',
        params: { ...target, bytes: problem.bytes, limit: problem.limit },
      });
  }
}
