/**
 * Hostile servers for the protocol clients: an in-process TCP server on a free loopback port whose
 * every connection runs a script, and a small script language for what real servers never do on
 * purpose: endless lines and listings, floods far beyond what was asked, one byte now and then,
 * silence. Floods honour back-pressure, so the server holds nothing and sends only what the client
 * reads: a client that stops reading stops the flood.
 */
import net from 'node:net';

/** One accepted connection, as a script sees it. */
export class HostilePeer {
  /** Lines the client sent, in order. */
  readonly received: string[] = [];
  /** Bytes written to the client. */
  sent = 0;
  private buffer = '';
  private waiting: (() => void) | undefined;
  private hungUp = false;
  /** Settles when the client (or the server) closed the connection. */
  readonly closed: Promise<void>;

  constructor(readonly socket: net.Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (data: Buffer) => {
      this.buffer += data.toString('latin1');
      this.wake();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.hungUp = true;
      this.wake();
    });
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  /** True when a whole line the client sent is waiting to be read (it did not wait for a reply). */
  get lineWaiting(): boolean {
    return this.buffer.includes('\n');
  }

  /** True once the connection is closed. */
  get gone(): boolean {
    return this.hungUp || this.socket.destroyed;
  }

  /** The next line the client sends (without CR LF); undefined once the client hung up. */
  async line(): Promise<string | undefined> {
    for (;;) {
      const end = this.buffer.indexOf('\n');
      if (end !== -1) {
        const line = this.buffer.slice(0, end).replace(/\r$/, '');
        this.buffer = this.buffer.slice(end + 1);
        this.received.push(line);
        return line;
      }
      if (this.gone) return undefined;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  /** Writes at once, and waits until the client took it (or hung up). */
  async write(data: string | Buffer): Promise<void> {
    if (this.gone) return;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    this.sent += bytes.length;
    if (!this.socket.write(bytes)) await this.drained();
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.once('drain', done);
      this.socket.once('close', done);
    });
  }

  /**
   * Writes the pieces one after the other as fast as the client reads them, until they run out, the
   * client hangs up, or `limit` bytes were sent. Returns the bytes sent.
   */
  async stream(pieces: Iterable<string | Buffer>, limit = Number.POSITIVE_INFINITY): Promise<number> {
    const start = this.sent;
    let batch: Buffer[] = [];
    let batchBytes = 0;
    for (const piece of pieces) {
      if (this.gone || this.sent - start >= limit) break;
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece;
      batch.push(bytes);
      batchBytes += bytes.length;
      // Small pieces go out in 64 KiB writes: a million tiny writes would measure the server, not the client.
      if (batchBytes >= 64 * 1024) {
        await this.write(Buffer.concat(batch));
        batch = [];
        batchBytes = 0;
        // The client runs in this process too: never keep the event loop from it for long.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (batch.length > 0 && !this.gone) await this.write(Buffer.concat(batch));
    return this.sent - start;
  }

  /** `unit` over and over, up to `total` bytes (by default without end), as fast as the client reads. */
  flood(unit: string | Buffer, total = Number.POSITIVE_INFINITY): Promise<number> {
    const bytes = typeof unit === 'string' ? Buffer.from(unit, 'latin1') : unit;
    const size = Math.max(bytes.length, Math.floor((64 * 1024) / bytes.length) * bytes.length);
    const block = Buffer.alloc(size, bytes);
    return this.stream(repeat(block), total);
  }

  /** The bytes of `text`, one every `everyMs`, over and over, until the client hangs up. */
  async drip(text: string, everyMs: number): Promise<void> {
    const bytes = Buffer.from(text, 'latin1');
    for (let i = 0; !this.gone; i = (i + 1) % bytes.length) {
      await this.write(bytes.subarray(i, i + 1));
      await Promise.race([sleep(everyMs), this.closed]);
    }
  }

  /** Says nothing until the client hangs up. */
  hush(): Promise<void> {
    return this.closed;
  }
}

function* repeat(block: Buffer): Generator<Buffer> {
  for (;;) yield block;
}

/** Lines made by `make(i)` for i = 1…count, as a lazy sequence (a million of them cost nothing). */
export function* numbered(count: number, make: (i: number) => string): Generator<string> {
  for (let i = 1; i <= count; i++) yield make(i);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export type HostileScript = (peer: HostilePeer) => Promise<void>;

export interface HostileServer {
  readonly port: number;
  /** The script every new connection runs; change it between tests. */
  script: HostileScript;
  /** The peers of every connection so far, newest last. */
  readonly peers: readonly HostilePeer[];
  stop(): Promise<void>;
}

/** Starts a hostile server on 127.0.0.1 and a free port. */
export async function startHostileServer(script: HostileScript = (p) => p.hush()): Promise<HostileServer> {
  const peers: HostilePeer[] = [];
  const state = { script };
  const server = net.createServer((socket) => {
    const peer = new HostilePeer(socket);
    peers.push(peer);
    state
      .script(peer)
      .catch(() => undefined)
      .finally(() => socket.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get script() {
      return state.script;
    },
    set script(value: HostileScript) {
      state.script = value;
    },
    peers,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const peer of peers) peer.socket.destroy();
        server.close(() => resolve());
      }),
  };
}

// ---- protocol dialogues: a sane server, with the commands a test makes hostile ----

/** Answers one command; `args` is the rest of the command line. */
export type CommandHandler = (peer: HostilePeer, args: string) => Promise<void>;

/** A POP3 server that accepts any login and has an empty mailbox, unless a handler says otherwise. */
export function pop3Script(
  handlers: Readonly<Record<string, CommandHandler>> = {},
  greeting = '+OK hostile POP3 ready\r\n',
): HostileScript {
  const defaults: Record<string, CommandHandler> = {
    CAPA: (p) => p.write('+OK\r\nUSER\r\nUIDL\r\nTOP\r\n.\r\n'),
    STAT: (p) => p.write('+OK 0 0\r\n'),
    LIST: (p) => p.write('+OK\r\n.\r\n'),
    UIDL: (p) => p.write('+OK\r\n.\r\n'),
    QUIT: async (p) => {
      await p.write('+OK bye\r\n');
      p.socket.end();
    },
  };
  return async (peer) => {
    await peer.write(greeting);
    for (let line = await peer.line(); line !== undefined; line = await peer.line()) {
      const [verb = '', ...rest] = line.split(' ');
      const handler = handlers[verb.toUpperCase()] ?? defaults[verb.toUpperCase()];
      await (handler ? handler(peer, rest.join(' ')) : peer.write('+OK\r\n'));
    }
  };
}

/** Answers one tagged IMAP command. */
export type ImapHandler = (peer: HostilePeer, tag: string, args: string) => Promise<void>;

/** An IMAP server that accepts any login and has an empty INBOX, unless a handler says otherwise. */
export function imapScript(
  handlers: Readonly<Record<string, ImapHandler>> = {},
  greeting = '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hostile IMAP ready\r\n',
): HostileScript {
  const defaults: Record<string, ImapHandler> = {
    CAPABILITY: (p, tag) => p.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK done\r\n`),
    EXAMINE: (p, tag) =>
      p.write(`* 0 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 7] ok\r\n${tag} OK [READ-ONLY] done\r\n`),
    SEARCH: (p, tag) => p.write(`* SEARCH\r\n${tag} OK done\r\n`),
    LOGOUT: async (p, tag) => {
      await p.write(`* BYE\r\n${tag} OK bye\r\n`);
      p.socket.end();
    },
  };
  return async (peer) => {
    await peer.write(greeting);
    for (let line = await peer.line(); line !== undefined; line = await peer.line()) {
      const [tag = '*', verb = '', ...rest] = line.split(' ');
      const handler = handlers[verb.toUpperCase()] ?? defaults[verb.toUpperCase()];
      await (handler ? handler(peer, tag, rest.join(' ')) : peer.write(`${tag} OK done\r\n`));
    }
  };
}

/** An SMTP server that accepts any login, unless a handler says otherwise. */
export function smtpScript(
  handlers: Readonly<Record<string, CommandHandler>> = {},
  greeting = '220 hostile.test ESMTP ready\r\n',
): HostileScript {
  const defaults: Record<string, CommandHandler> = {
    EHLO: (p) => p.write('250-hostile.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n'),
    AUTH: (p) => p.write('235 2.7.0 accepted\r\n'),
    QUIT: async (p) => {
      await p.write('221 bye\r\n');
      p.socket.end();
    },
  };
  return async (peer) => {
    await peer.write(greeting);
    for (let line = await peer.line(); line !== undefined; line = await peer.line()) {
      const [verb = '', ...rest] = line.split(' ');
      const handler = handlers[verb.toUpperCase()] ?? defaults[verb.toUpperCase()];
      await (handler ? handler(peer, rest.join(' ')) : peer.write('250 ok\r\n'));
    }
  };
}
