import type { Executor } from '../storage/database.js';
import type { SentMessage } from '../transports/ports.js';
import type { OutboxRow } from './outbox.repository.js';

/**
 * What the outbox keeps of how a provider sent a mail: the Message-ID it went out with when the provider
 * replaced ours (Exchange does when a draft is created), so a reply quoting it threads into the case; and
 * the provider's conversation (a Gmail threadId), so the case's next answer joins it.
 */
export interface SentIdentity {
  /** The Message-ID that went out, when it is not the one the row was composed with. */
  readonly messageId?: string | undefined;
  /** The provider's conversation of the case, in the mailbox it means something in. */
  readonly thread?: { readonly mailbox: string; readonly threadId: string } | undefined;
}

/** A Message-ID fit to be stored and quoted: one `<left@right>`, bounded like the ones we write. */
const MESSAGE_ID = /^<[^<>\s@]{1,450}@[^<>\s@]{1,450}>$/;
/** Gmail thread ids are short hexadecimal strings; anything else is not kept. */
const THREAD_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** What of a sink's answer is worth recording; undefined when it says nothing new. Pure. */
export function sentIdentityOf(
  row: Pick<OutboxRow, 'message_id' | 'case_id'>,
  sent: SentMessage,
  threadMailbox: string | undefined,
): SentIdentity | undefined {
  const messageId =
    sent.messageId !== row.message_id && MESSAGE_ID.test(sent.messageId) ? sent.messageId : undefined;
  const thread =
    threadMailbox && row.case_id !== null && sent.threadId && THREAD_ID.test(sent.threadId)
      ? { mailbox: threadMailbox, threadId: sent.threadId }
      : undefined;
  return messageId || thread ? { messageId, thread } : undefined;
}

/**
 * The provider thread a case's mail should join in a mailbox, when one is known: the one an earlier answer
 * went into, else the one the listing named for the case's latest mail fetched from that mailbox.
 */
export async function threadHintFor(
  ex: Executor,
  caseId: number | null,
  mailbox: string | undefined,
): Promise<string | undefined> {
  if (caseId === null || !mailbox) return undefined;
  const sent = await ex
    .selectFrom('case_provider_threads')
    .select('thread_id')
    .where('case_id', '=', caseId)
    .where('mailbox', '=', mailbox)
    .executeTakeFirst();
  if (sent) return sent.thread_id;
  const fetched = await ex
    .selectFrom('inbound_mails as m')
    .innerJoin('case_messages as cm', 'cm.id', 'm.case_message_id')
    .innerJoin('source_conversations as sc', (join) =>
      join.onRef('sc.mailbox', '=', 'm.mailbox').onRef('sc.item_id', '=', 'm.uid'),
    )
    .select('sc.conversation')
    .where('cm.case_id', '=', caseId)
    .where('m.mailbox', '=', mailbox)
    .orderBy('m.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return fetched?.conversation;
}

/**
 * Writes a sent mail's identity, in the caller's transaction: the Message-ID on the outbox row and on the
 * case's message (which is what replies are matched against), the thread on the case.
 */
export async function recordSentIdentity(
  ex: Executor,
  row: Pick<OutboxRow, 'id' | 'message_id' | 'case_id' | 'case_message_id'>,
  identity: SentIdentity,
  now: Date,
): Promise<void> {
  if (identity.messageId) {
    await ex
      .updateTable('outbox')
      .set({ sent_message_id: identity.messageId })
      .where('id', '=', row.id)
      .execute();
    if (row.case_message_id !== null) {
      await ex
        .updateTable('case_messages')
        .set({ message_id: identity.messageId })
        .where('id', '=', row.case_message_id)
        .where('message_id', '=', row.message_id)
        .execute();
    }
  }
  if (identity.thread && row.case_id !== null) {
    const values = {
      case_id: row.case_id,
      mailbox: identity.thread.mailbox,
      thread_id: identity.thread.threadId,
      updated_at: now.toISOString(),
    };
    await ex
      .insertInto('case_provider_threads')
      .values(values)
      .onConflict((oc) =>
        oc
          .columns(['case_id', 'mailbox'])
          .doUpdateSet({ thread_id: values.thread_id, updated_at: values.updated_at }),
      )
      .execute();
  }
}
