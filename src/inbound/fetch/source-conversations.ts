import { sql } from 'kysely';
import type { Database, Executor } from '../../storage/database.js';
import type { InboundSource, SourceItem } from '../../transports/ports.js';
import type { SourceOpener } from './fetch.runner.js';

/** Rows per insert: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 200;

/**
 * Opens sources whose listings are remembered for their conversations: the provider's conversation a
 * listing names for a mail (a Gmail threadId) is kept by the mail's id in its mailbox, before the mail is
 * fetched, so an answer to the case the mail opens or joins can be sent into it (see `threadHintFor`).
 * A listing names each mail again until it is handled, so a crash loses nothing here either.
 */
export function rememberingConversations(database: Database, open: SourceOpener): SourceOpener {
  return async (settings) => {
    const source = await open(settings);
    const list: InboundSource['list'] = async (request) => {
      const listing = await source.list(request);
      await rememberConversations(database, source.mailbox, listing.items, new Date());
      return listing;
    };
    // Everything else is the source's own, called on the source itself (private state included).
    return new Proxy(source, {
      get(target, property) {
        if (property === 'list') return list;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
}

/** Stores the conversations named among listed items (a later listing's word wins). */
export async function rememberConversations(
  database: Database,
  mailbox: string,
  items: readonly SourceItem[],
  now: Date,
): Promise<void> {
  const rows = items.flatMap((item) =>
    item.conversation
      ? [{ mailbox, item_id: item.id, conversation: item.conversation, listed_at: now.toISOString() }]
      : [],
  );
  for (let i = 0; i < rows.length; i += CHUNK) {
    await database.db
      .insertInto('source_conversations')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['mailbox', 'item_id']).doUpdateSet((eb) => ({
          conversation: eb.ref('excluded.conversation'),
          listed_at: eb.ref('excluded.listed_at'),
        })),
      )
      .execute();
  }
}

/**
 * How long the conversation of a listed mail that was never taken in is kept. Such a row is refreshed by
 * every listing that names the mail again, so only mails gone from the mailbox before their fetch age out.
 */
export const UNFETCHED_CONVERSATION_KEEP_DAYS = 30;

/**
 * Drops the remembered conversations of mails listed long ago and never taken in (removed from the mailbox
 * before they were fetched): nothing will ever ask for them. Those of mails taken in stay with their mail, as
 * long as the case it became may be answered. Returns how many were dropped.
 */
export async function pruneUnfetchedConversations(ex: Executor, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - UNFETCHED_CONVERSATION_KEEP_DAYS * 24 * 3600_000).toISOString();
  const result = await ex
    .deleteFrom('source_conversations')
    .where('listed_at', '<', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('inbound_mails as m')
            .select(sql<number>`1`.as('one'))
            .whereRef('m.mailbox', '=', 'source_conversations.mailbox')
            .whereRef('m.uid', '=', 'source_conversations.item_id'),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
