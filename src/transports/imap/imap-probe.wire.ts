import type { LineConnection } from '../net/line-connection.js';
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

/** Tagged commands and their replies over a {@link LineConnection}, literals both ways. */
export class ImapWire {
  private tag = 0;

  constructor(private readonly lines: LineConnection) {}

  /**
   * Sends a tagged command (literals wait for the server's continuation) and reads up to its tagged reply.
   * `onChallenge` answers `+` continuations after the command is sent (SASL).
   */
  async run(parts: Part[], onChallenge?: (challenge: string) => string): Promise<ImapReply> {
    const tag = `D${++this.tag}`;
    const untagged: string[] = [];
    let pending = `${tag} `;
    for (const part of parts) {
      if (!Buffer.isBuffer(part)) {
        pending += part;
        continue;
      }
      this.lines.writeLine(`${pending}{${part.length}}`);
      pending = '';
      const reply = await this.readUntil(tag, untagged, 'continuation');
      if (reply) return reply;
      this.lines.writeRaw(part);
    }
    this.lines.writeLine(pending);
    for (;;) {
      const reply = await this.readUntil(tag, untagged, onChallenge ? 'challenge' : 'end', onChallenge);
      if (reply) return reply;
    }
  }

  private async readUntil(
    tag: string,
    untagged: string[],
    mode: 'continuation' | 'challenge' | 'end',
    onChallenge?: (challenge: string) => string,
  ): Promise<ImapReply | undefined> {
    for (;;) {
      let line = await this.lines.readLine();
      let literal = /\{(\d+)\}$/.exec(line);
      while (literal) {
        const bytes = await this.lines.readBytes(Number(literal[1]));
        const rest = await this.lines.readLine();
        line = `${line}${bytes.toString('utf8')}${rest}`;
        literal = /\{(\d+)\}$/.exec(rest);
      }
      if (line.startsWith('+')) {
        if (mode === 'continuation') return undefined;
        if (onChallenge) this.lines.writeLine(onChallenge(line.slice(1).trim()));
        continue;
      }
      if (line.startsWith('* ')) {
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
}
