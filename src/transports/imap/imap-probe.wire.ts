import { DrobotError, type ErrorDef } from '../../errors/drobot-error.js';
import type { Params } from '../../i18n/lang.js';
import type { LineConnection } from '../net/line-connection.js';
import { serverWords } from '../net/server-words.js';
import { imapProbeErrors } from './imap-probe.errors.js';
import { IMAP_PROBE_LIMITS } from './imap-probe.limits.js';
import { imapString } from './imap-probe.string.js';

/** A tagged IMAP reply with the untagged lines that came before it. */
export interface ImapReply {
  readonly status: 'OK' | 'NO' | 'BAD';
  readonly text: string;
  readonly untagged: readonly string[];
}

/** A piece of a command: text as it is, or a Buffer sent as a synchronizing literal. */
export type Part = string | Buffer;

/** An argument as IMAP wants it: a quoted string, or a literal. */
export function arg(value: string): Part[] {
  const encoded = imapString(value);
  return encoded.kind === 'quoted' ? [encoded.text] : [encoded.bytes];
}

/** What a reply is read for: up to a continuation, answering challenges, or to the tagged end. */
type Mode = 'continuation' | 'challenge' | 'end';

/**
 * Tagged commands and their replies over a {@link LineConnection}, literals both ways. Besides the
 * connection's own bounds (time, line length, reply size), a reply may hold at most so many untagged
 * lines, a literal at most so many bytes, and a SASL exchange at most so many challenges; past any of
 * them the connection is closed and the error names the command and the step.
 */
export class ImapWire {
  private tag = 0;

  constructor(
    private readonly lines: LineConnection,
    private readonly limits = IMAP_PROBE_LIMITS,
  ) {}

  /**
   * Sends a tagged command (literals wait for the server's continuation) and reads up to its tagged reply.
   * `onChallenge` answers `+` continuations after the command is sent (SASL).
   */
  async run(parts: Part[], onChallenge?: (challenge: string) => string): Promise<ImapReply> {
    const tag = `D${++this.tag}`;
    const command = commandName(parts);
    const untagged: string[] = [];
    const context = { tag, command, untagged, challenges: 0 };
    let pending = `${tag} `;
    for (const part of parts) {
      if (!Buffer.isBuffer(part)) {
        pending += part;
        continue;
      }
      this.lines.writeLine(`${pending}{${part.length}}`);
      pending = '';
      const reply = await this.readUntil(context, 'continuation');
      if (reply) return reply;
      this.lines.writeRaw(part);
    }
    this.lines.writeLine(pending);
    for (;;) {
      const reply = await this.readUntil(context, onChallenge ? 'challenge' : 'end', onChallenge);
      if (reply) return reply;
    }
  }

  private async readUntil(
    context: { tag: string; command: string; untagged: string[]; challenges: number },
    mode: Mode,
    onChallenge?: (challenge: string) => string,
  ): Promise<ImapReply | undefined> {
    const { tag, command, untagged } = context;
    for (;;) {
      const line = await this.readLogicalLine(command);
      if (line.startsWith('+')) {
        if (mode === 'continuation') return undefined;
        if (onChallenge) {
          context.challenges += 1;
          if (context.challenges > this.limits.maxSaslRounds) {
            throw this.fatal(imapProbeErrors.authExchangeEndless, {
              command,
              rounds: context.challenges - 1,
            });
          }
          this.lines.writeLine(onChallenge(line.slice(1).trim()));
        }
        continue;
      }
      if (line.startsWith('* ')) {
        if (untagged.length >= this.limits.maxUntaggedLines) {
          throw this.fatal(imapProbeErrors.tooManyLines, { command, maxLines: this.limits.maxUntaggedLines });
        }
        untagged.push(line);
        continue;
      }
      const match = new RegExp(`^${tag} (OK|NO|BAD)\\b ?(.*)$`, 'i').exec(line);
      if (match)
        return {
          status: (match[1] ?? 'BAD').toUpperCase() as ImapReply['status'],
          text: match[2] ?? '',
          untagged,
        };
    }
  }

  /** One line with its literals (`{n}` and the n bytes after it) joined in. */
  private async readLogicalLine(command: string): Promise<string> {
    let line = await this.lines.readLine();
    let literal = /\{(\d+)\}$/.exec(line);
    while (literal) {
      const size = Number(literal[1]);
      if (size > this.limits.maxLiteralBytes) {
        throw this.fatal(imapProbeErrors.literalTooLarge, {
          command,
          size: serverWords(literal[1] ?? '', [], { max: 20 }),
          maxBytes: this.limits.maxLiteralBytes,
        });
      }
      const bytes = await this.lines.readBytes(size);
      const rest = await this.lines.readLine();
      line = `${line}${bytes.toString('utf8')}${rest}`;
      literal = /\{(\d+)\}$/.exec(rest);
    }
    return line;
  }

  /** A bound was passed mid-reply: the rest is unread, so the connection is closed. */
  private fatal(def: ErrorDef, params: Params): DrobotError {
    this.lines.close();
    const step = this.lines.step;
    return new DrobotError(def, { step, params: { step, ...params } });
  }
}

/** The command word, for errors (never an argument: those may be secrets). */
function commandName(parts: readonly Part[]): string {
  const first = parts[0];
  return typeof first === 'string' ? (first.trim().split(' ')[0] ?? '') : '';
}
