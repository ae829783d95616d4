import { Writable } from 'node:stream';
import { DrobotError, isDrobotError } from '../../errors/drobot-error.js';
import type { InboundSource } from '../../transports/ports.js';
import { scrubSecrets } from '../../transports/sasl.js';
import { probeErrors } from './probe.errors.js';
import { ROUND_TRIP_HEADER, type MailboxProbe } from './round-trip.js';

/** Newest mails looked at per check: the test mail is among the latest ones. */
const SCAN_NEWEST = 50;
/** The test mail is small: larger mails are not downloaded, and a server sending more is cut here. */
const MAX_TEST_MAIL_BYTES = 256 * 1024;

/** Steps of an opened session, where a failure is the server answering a command unexpectedly. */
const MAILBOX_STEPS = new Set(['mailbox', 'retrieve', 'list', 'download', 'settle', 'select']);

/** Whether a mail's header block (unfolded) carries the round trip tag. Pure. */
export function hasRoundTripTag(raw: Buffer, tag: string): boolean {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const unfolded = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const escaped = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${ROUND_TRIP_HEADER}:\\s*${escaped}\\s*$`, 'im').test(unfolded);
}

class Collect extends Writable {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  override _write(chunk: Buffer, _e: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.size += chunk.length;
    if (this.size > MAX_TEST_MAIL_BYTES) return callback(new Error('larger than a test mail'));
    this.chunks.push(chunk);
    callback();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export interface SourceProbeTarget {
  /** A new session on the inbound mailbox, with the fetching adapter, settling by deleting. */
  readonly open: () => Promise<InboundSource>;
  /** For the error texts: `IMAP`, `POP3` … */
  readonly protocol: string;
  readonly host: string;
  readonly port: number;
  /** Secrets the error texts must never show. */
  readonly secrets: readonly string[];
}

/**
 * Looks for the round trip mail with the same adapter fetching uses: each check is a new session (a POP3
 * session only sees the mails of its start), lists what is new since the last check, reads the newest small
 * mails, and settles (deletes) only the one carrying the tag.
 */
export function openSourceProbe(target: SourceProbeTarget): MailboxProbe {
  let cursor: string | undefined;
  const wrap = (error: unknown, command: string): DrobotError => {
    const inner = isDrobotError(error) ? error : undefined;
    const step = inner?.step ?? (command === 'open' ? 'connect' : command);
    const def =
      step === 'auth'
        ? probeErrors.loginFailed
        : MAILBOX_STEPS.has(step)
          ? probeErrors.protocol
          : probeErrors.connectFailed;
    const message = error instanceof Error ? error.message : String(error);
    const reply = inner?.serverReply;
    const detail = scrubSecrets(reply ? `${message} ${reply}` : message, target.secrets);
    return new DrobotError(def, {
      params: { protocol: target.protocol, host: target.host, port: target.port, detail, command },
      serverReply: reply === undefined ? undefined : scrubSecrets(reply, target.secrets),
      step,
      retryable: inner?.retryable ?? false,
      cause: error,
    });
  };
  return {
    async findAndDelete(tag) {
      let command = 'open';
      const source = await target.open().catch((error: unknown) => {
        throw wrap(error, command);
      });
      try {
        command = 'list';
        const listing = await source.list({
          cursor,
          firstRun: 'all',
          includeSetAside: false,
          limit: 100_000,
        });
        const newest = listing.items
          .filter((item) => (item.size ?? 0) <= MAX_TEST_MAIL_BYTES)
          .slice(-SCAN_NEWEST)
          .reverse();
        for (const item of newest) {
          command = 'download';
          const mail = new Collect();
          await source.download(item.id, mail, { maxBytes: MAX_TEST_MAIL_BYTES });
          if (hasRoundTripTag(mail.bytes, tag)) {
            command = 'settle';
            await source.settle([item.id]);
            command = 'close';
            await source.close(); // POP3 deletes only at QUIT
            return true;
          }
        }
        command = 'close';
        await source.close();
        cursor = listing.cursor;
        return false;
      } catch (error) {
        source.abort();
        throw wrap(error, command);
      }
    },
    close: () => Promise.resolve(),
  };
}
