import { sql, type Kysely, type Migration } from 'kysely';
import { isPostgres } from '../columns.js';

/**
 * The help desk conversation: internal notes and outbound mail as case messages (linked to their outbox
 * rows, whose delivery state and bounces they show), attachments of answers, the requester's language, and
 * the full-text index of case messages (FTS5 on SQLite, a tsvector on PostgreSQL).
 */
export const helpdeskMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('case_messages')
      .addColumn('kind', 'text', (c) => c.notNull().defaultTo('mail'))
      .execute();
    await db.schema.alterTable('case_messages').addColumn('author', 'text').execute();
    await db.schema.alterTable('cases').addColumn('lang', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('case_message_id', 'integer').execute();
    await db.schema
      .alterTable('outbox')
      .addColumn('attachments_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    await db.schema.alterTable('outbox').addColumn('bounced_at', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('bounce_detail', 'text').execute();
    await db.schema.createIndex('outbox_case_message').on('outbox').column('case_message_id').execute();
    // One acknowledgment per requester per window is looked up by recipient, type and time.
    await db.schema
      .createIndex('outbox_recipient_type')
      .on('outbox')
      .columns(['recipient', 'type', 'created_at'])
      .execute();
    await db.schema.createIndex('cases_created_idx').on('cases').column('created_at').execute();
    if (isPostgres(db)) {
      // Bounded: a tsvector holds at most 1 MiB, and a mail must never fail to store for its index.
      await sql`alter table case_messages add column search tsvector
        generated always as (to_tsvector('simple', left(coalesce(subject, '') || ' ' || coalesce(text_reply, ''), 100000))) stored`.execute(
        db,
      );
      await sql`create index case_messages_search_idx on case_messages using gin (search)`.execute(db);
      return;
    }
    await sql`create virtual table case_message_fts using fts5(subject, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(
      db,
    );
    await sql`insert into case_message_fts (rowid, subject, body) select id, subject, text_reply from case_messages`.execute(
      db,
    );
    // Kept in step by triggers, so every writer of case messages (any version, any worker) keeps it right.
    await sql`create trigger case_messages_fts_insert after insert on case_messages begin
      insert into case_message_fts (rowid, subject, body) values (new.id, new.subject, new.text_reply);
    end`.execute(db);
    await sql`create trigger case_messages_fts_delete after delete on case_messages begin
      delete from case_message_fts where rowid = old.id;
    end`.execute(db);
  },
};
