import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { DrobotError } from '../../errors/drobot-error.js';
import { inboundErrors } from '../inbound.errors.js';
import { pinnedTlsTransport } from './imap-pin.transport.js';
import { imapOpenError } from './imap.errors.js';
import type { ListQuery, MailboxSession, RemoteMail, SourceSettings } from './mail-source.js';

/** imapflow's connection options for the settings: security, trust, proxy, timeouts, login. */
export function imapOptions(s: SourceSettings): ImapFlowOptions {
  const auth =
    s.credentials.kind === 'password'
      ? { user: s.credentials.username, pass: s.credentials.password }
      : s.credentials.kind === 'oauth2'
        ? { user: s.credentials.username, accessToken: s.credentials.accessToken }
        : undefined;
  const proxy = s.proxy
    ? `${s.proxy.type === 'socks5' ? 'socks5' : 'http'}://${
        s.proxy.username
          ? `${encodeURIComponent(s.proxy.username)}:${encodeURIComponent(s.proxy.password ?? '')}@`
          : ''
      }${s.proxy.host}:${s.proxy.port}`
    : undefined;
  return {
    host: s.host,
    port: s.port,
    secure: s.security === 'implicit',
    doSTARTTLS: s.security === 'starttls' ? true : s.security === 'none' ? false : undefined,
    auth,
    proxy,
    logger: false,
    tls: {
      ca: s.tls.caPem ? [s.tls.caPem] : undefined,
      rejectUnauthorized: !s.tls.insecureSkipVerify,
      minVersion: 'TLSv1.2',
    },
    connectionTimeout: s.timeoutMs,
    greetingTimeout: s.timeoutMs,
    socketTimeout: Math.max(60_000, s.timeoutMs * 6),
    disableAutoIdle: true,
    // A pinned certificate is checked by our own transport (the proxy option then cannot apply).
    ...(s.tls.pinSha256 && !s.tls.insecureSkipVerify
      ? { transport: pinnedTlsTransport(s.tls.pinSha256) }
      : {}),
  };
}

/** An IMAP mailbox session over imapflow: UIDVALIDITY + UID identities, streamed downloads. */
export class ImapSession implements MailboxSession {
  readonly protocol = 'imap' as const;
  private targetReady = false;

  private constructor(
    private readonly client: ImapFlow,
    private readonly settings: SourceSettings,
    readonly mailbox: string,
    readonly uidNext: number | undefined,
  ) {}

  static async open(settings: SourceSettings): Promise<ImapSession> {
    if (settings.tls.pinSha256 && !settings.tls.insecureSkipVerify && settings.proxy) {
      // The pinning transport connects by itself; it must never bypass a proxy the account requires.
      throw new DrobotError(inboundErrors.imapPinWithProxy, { step: 'tls' });
    }
    const client = new ImapFlow(imapOptions(settings));
    client.on('error', () => undefined); // surfaced through the failing command instead
    try {
      await client.connect();
    } catch (error) {
      client.close();
      throw imapOpenError(error, settings);
    }
    try {
      const box = await client.mailboxOpen(settings.folder || 'INBOX');
      const mailbox = `imap:${box.path}:${box.uidValidity.toString()}`;
      return new ImapSession(client, settings, mailbox, box.uidNext);
    } catch (error) {
      client.close();
      throw mailboxError(error);
    }
  }

  async list(query: ListQuery): Promise<RemoteMail[]> {
    const criteria = { uid: `${query.afterUid + 1}:*`, ...(query.unseenOnly ? { seen: false } : {}) };
    const found = await this.client.search(criteria, { uid: true });
    const uids = (found || []).filter((u) => u > query.afterUid).sort((a, b) => a - b);
    if (uids.length === 0) return [];
    const sizes = new Map<number, number>();
    for await (const msg of this.client.fetch(uids.join(','), { uid: true, size: true }, { uid: true })) {
      sizes.set(msg.uid, msg.size ?? 0);
    }
    return uids.filter((u) => sizes.has(u)).map((u) => ({ uid: String(u), size: sizes.get(u) ?? 0 }));
  }

  async download(uid: string, target: Writable): Promise<void> {
    const result = await this.client.download(uid, undefined, { uid: true, chunkSize: 256 * 1024 });
    if (!result.content) throw new Error(`message UID ${uid} is gone from the server`);
    await pipeline(result.content, target);
  }

  async settle(uids: readonly string[]): Promise<string[]> {
    if (uids.length === 0) return [];
    const range = uids.join(',');
    try {
      switch (this.settings.afterStore) {
        case 'keep':
          break;
        case 'seen':
          await this.client.messageFlagsAdd(range, ['\\Seen'], { uid: true });
          break;
        case 'move': {
          const target = this.settings.moveTo ?? 'Archive';
          if (!this.targetReady) {
            // Creating a folder that exists is refused by the server; either way it is there afterwards.
            await this.client.mailboxCreate(target).catch(() => undefined);
            this.targetReady = true;
          }
          await this.client.messageMove(range, target, { uid: true });
          break;
        }
        case 'delete':
          await this.client.messageDelete(range, { uid: true });
          break;
      }
    } catch (error) {
      throw mailboxError(error);
    }
    return [...uids];
  }

  async close(): Promise<void> {
    try {
      await this.client.logout();
    } catch {
      this.client.close();
    }
  }

  abort(): void {
    this.client.close();
  }
}

function mailboxError(error: unknown): DrobotError {
  const reply = (error as { responseText?: unknown }).responseText;
  const detail = typeof reply === 'string' ? reply : error instanceof Error ? error.message : String(error);
  return new DrobotError(inboundErrors.mailbox, {
    params: { detail },
    serverReply: typeof reply === 'string' ? reply : undefined,
    retryable: true,
    cause: error,
  });
}
