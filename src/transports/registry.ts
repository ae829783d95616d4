import type { GraphSendMode } from './graph/graph.sink.js';
import type * as ImapIdle from './imap/imap.idle.js';
import type { SourceSettings } from './mailbox-source.js';
import type { Logger } from '../logging/logger.js';
import type {
  ApiSourceSettings,
  ApiTransportSettings,
  InboundSource,
  InboundTransport,
  OutboundSink,
  SourceWatch,
} from './ports.js';
import type { SmtpSenderSettings } from './smtp/smtp.options.js';

/**
 * Which adapter serves which connection type: the one place a transport is plugged in. An inbound entry
 * opens `InboundSource`s (and may watch for push); an outbound entry makes an `OutboundSink`. Fetching,
 * the scheduler and the outbox know only these ports.
 */

/** What an inbound source needs, resolved from an account: a mail protocol's, or a REST API's. */
export type InboundSettings = SourceSettings | ApiSourceSettings;

/** The connection type of inbound settings: the registry's key. */
export type InboundKind = 'pop3' | 'imap' | 'graph' | 'gmail';

export function inboundKindOf(settings: InboundSettings): InboundKind {
  return 'protocol' in settings ? settings.protocol : settings.kind;
}

type InboundEntries = {
  readonly [K in InboundKind]?: InboundTransport<
    K extends 'pop3' | 'imap' ? SourceSettings : ApiSourceSettings
  >;
};

/**
 * A source's adapter is loaded when an account of its type is first opened: a POP3 fetch does not pay
 * for the IMAP library's loading at start-up, nor an IMAP one for the REST adapters.
 */
const inbound: InboundEntries = {
  pop3: { open: async (settings) => (await import('./pop3/pop3.source.js')).Pop3Source.open(settings) },
  imap: {
    open: async (settings) => (await import('./imap/imap.source.js')).ImapSource.open(settings),
    watch: (settings, onNewMail, logger) =>
      lazyWatch(import('./imap/imap.idle.js'), settings, onNewMail, logger),
  },
  // No `watch`: Graph change notifications and Gmail Pub/Sub need a public callback; these accounts poll.
  graph: {
    open: async ({ accessToken, ...settings }) =>
      (await import('./graph/graph.source.js')).createGraphSource(settings, accessToken),
  },
  gmail: {
    open: async ({ accessToken, ...settings }) =>
      (await import('./gmail/gmail.source.js')).createGmailSource(settings, accessToken),
  },
};

/** Why a connection type without `watch` polls, for the one log line that says so. */
export function pollingReason(kind: InboundKind): string | undefined {
  if (kind === 'graph' || kind === 'gmail') return 'push needs a public callback; polling';
  return undefined;
}

/** A Graph sink's settings: the API's, and how it hands a message over (`sendMail` unless told). */
export interface GraphSinkSettings extends ApiTransportSettings {
  readonly sendMode?: GraphSendMode | undefined;
}

/** What an outbound sink needs, by connection type. */
export interface OutboundSettingsByKind {
  readonly smtp: SmtpSenderSettings;
  readonly graph: GraphSinkSettings;
  readonly gmail: ApiTransportSettings;
}

const outbound: {
  readonly [K in keyof OutboundSettingsByKind]: (s: OutboundSettingsByKind[K]) => OutboundSink;
} = {
  smtp: (settings) => lazySink(import('./smtp/smtp.sink.js').then((m) => m.createSmtpSink(settings))),
  // `sendMail` needs only Mail.Send; `draft` (Mail.ReadWrite too) reads back the Message-ID that went out.
  graph: ({ accessToken, sendMode, ...settings }) =>
    lazySink(
      import('./graph/graph.sink.js').then((m) =>
        m.createGraphSink(settings, accessToken, { mode: sendMode ?? 'sendMail' }),
      ),
    ),
  gmail: ({ accessToken, ...settings }) =>
    lazySink(import('./gmail/gmail.sink.js').then((m) => m.createGmailSink(settings, accessToken))),
};

function entryOf(settings: InboundSettings): InboundTransport<InboundSettings> {
  const entry = inbound[inboundKindOf(settings)] as InboundTransport<InboundSettings> | undefined;
  if (!entry) throw new Error(`no inbound transport for ${inboundKindOf(settings)}`);
  return entry;
}

/** Opens a source with the adapter of its connection type. */
export function openSource(settings: InboundSettings): Promise<InboundSource> {
  try {
    return entryOf(settings).open(settings);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Whether the connection type can push (IMAP IDLE, provider notifications). */
export function canWatch(kind: InboundKind): boolean {
  return inbound[kind]?.watch !== undefined;
}

/** Starts a push watch when the connection type has one; undefined leaves the account to polling. */
export function watchSource(
  settings: InboundSettings,
  onNewMail: () => void,
  logger: Logger,
): SourceWatch | undefined {
  return entryOf(settings).watch?.(settings, onNewMail, logger);
}

/** Makes the outbound sink of a connection type. */
export function createSink<K extends keyof OutboundSettingsByKind>(
  kind: K,
  settings: OutboundSettingsByKind[K],
): OutboundSink {
  return outbound[kind](settings);
}

/**
 * A sink whose adapter module is still loading (the SMTP client, the REST APIs' HTTP client: a fetch, a
 * command that sends nothing, or one that sends over SMTP only need not load the others): sending waits for
 * it. A sink that could not be made fails its sends and its close.
 */
function lazySink(making: Promise<OutboundSink>): OutboundSink {
  // Handled here too: a sink made and dropped unused must not leave an unhandled rejection behind.
  making.catch(() => undefined);
  return {
    send: async (message) => (await making).send(message),
    close: async () => (await making).close(),
  };
}

/**
 * A watch whose module is still loading: it starts once loaded (unless stopped first), and `stop` waits
 * for the load so that no watch starts after it.
 */
function lazyWatch(
  loading: Promise<typeof ImapIdle>,
  settings: SourceSettings,
  onNewMail: () => void,
  logger: Logger,
): SourceWatch {
  let stopped = false;
  const started = loading.then((m) => (stopped ? undefined : m.watchImapIdle(settings, onNewMail, logger)));
  started.catch((error: unknown) =>
    logger.warn('the IMAP IDLE watch could not start; the account is polled', {
      error: error instanceof Error ? error.message : String(error),
    }),
  );
  return {
    stop: async () => {
      stopped = true;
      const watch = await started.catch(() => undefined);
      await watch?.stop();
    },
  };
}
