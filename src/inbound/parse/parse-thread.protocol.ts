import type { Text } from '../../i18n/lang.js';
import type { ParsedMail } from './parsed-mail.js';

/** What parsing one mail gave: the mail, or why it goes to quarantine (in both languages). */
export type ThreadParse =
  | { readonly ok: true; readonly mail: ParsedMail }
  | { readonly ok: false; readonly reason: 'unparseable' | 'storage_error'; readonly detail: Text };

/**
 * One raw mail to parse, numbered by the main thread: its bytes, or (a mail over a megabyte, kept in the
 * store as a file of its own) its hash, for the thread to stream it from the store. With the data directory
 * whose blob store receives its attachments: a thread may start before the command has read its
 * configuration (see `startParseThreadEarly`).
 */
export type ParseJob = { readonly id: number; readonly dataDir: string } & (
  { readonly bytes: Uint8Array } | { readonly storedHash: string }
);

/** What the parse thread says: that it loaded, or what one job gave. */
export type ParseThreadReply =
  { readonly kind: 'ready' } | { readonly kind: 'parsed'; readonly id: number; readonly result: ThreadParse };
