import { ImapFlow } from 'imapflow';
import type { Logger } from '../../logging/logger.js';
import { imapOptions } from './imap.session.js';
import type { SourceSettings } from '../mailbox-source.js';

/** A running IDLE watch; `stop` ends it and its connection. */
export interface IdleWatch {
  stop(): Promise<void>;
}

/**
 * Keeps one IMAP connection in IDLE on the account's folder and calls `onNewMail` when the server
 * announces new mail, so it becomes a case without waiting for the next poll. Servers without IDLE are
 * left to polling. The connection is remade after a drop, with a growing pause; an OAuth account gets a
 * fresh access token for every connection (the watch outlives any one token).
 */
export function watchImapIdle(settings: SourceSettings, onNewMail: () => void, logger: Logger): IdleWatch {
  let stopped = false;
  let client: ImapFlow | undefined;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = async () => {
    let failures = 0;
    while (!stopped) {
      try {
        const current = await withFreshToken(settings, failures > 0);
        client = new ImapFlow({ ...imapOptions(current), disableAutoIdle: true, maxIdleTime: 5 * 60_000 });
        client.on('error', () => undefined);
        client.on('exists', () => onNewMail());
        await client.connect();
        if (!client.capabilities.has('IDLE')) {
          logger.info('imap server has no IDLE; polling only', { host: settings.host });
          await client.logout().catch(() => undefined);
          return;
        }
        await client.mailboxOpen(settings.folder || 'INBOX');
        failures = 0;
        while (!stopped && client.usable) await client.idle();
      } catch (error) {
        if (stopped) return;
        failures += 1;
        logger.warn('imap idle connection lost', { host: settings.host, failures, error });
      } finally {
        client?.close();
      }
      if (!stopped) await pause(Math.min(60_000, 1000 * 2 ** Math.min(failures, 6)));
    }
  };
  const done = loop();
  return {
    async stop() {
      stopped = true;
      wake?.();
      client?.close();
      await done;
    },
  };
}

/** The settings with a token obtained now, for an OAuth account with a token provider. */
export async function withFreshToken(settings: SourceSettings, renew: boolean): Promise<SourceSettings> {
  const { credentials, accessToken } = settings;
  if (credentials.kind !== 'oauth2' || !accessToken) return settings;
  return { ...settings, credentials: { ...credentials, accessToken: await accessToken(renew) } };
}
