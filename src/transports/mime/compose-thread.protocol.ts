import type { OutgoingMail } from './outgoing-mail.js';

/** One mail to compose, numbered by the main thread (a mail without attachments: see compose-thread.ts). */
export interface ComposeJob {
  readonly id: number;
  readonly mail: OutgoingMail;
}

/** What the compose thread says: that it loaded, or what one job gave. */
export type ComposeReply =
  | { readonly kind: 'ready' }
  | {
      readonly kind: 'composed';
      readonly id: number;
      readonly raw: Uint8Array;
      readonly envelope: { readonly from: string; readonly to: readonly string[] };
      readonly messageId: string;
    }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string };
