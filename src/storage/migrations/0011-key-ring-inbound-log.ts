import { sql, type Kysely, type Migration } from 'kysely';
import { withId } from '../columns.js';

/**
 * The database decides which master key encrypts (every process, on every host, asks it), and every mail
 * seen on a server leaves a line in the inbound log.
 */
export const keyRingInboundLogMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // Key ids and states only: the key material stays in keys.json or DROBOT_MASTER_KEY.
    await db.schema
      .createTable('key_ring')
      .addColumn('key_id', 'text', (c) => c.primaryKey())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('retired_at', 'text')
      .execute();
    // At most one current key, whoever writes.
    await db.schema
      .createIndex('key_ring_one_current')
      .on('key_ring')
      .column('state')
      .unique()
      .where(sql.ref('state'), '=', 'current')
      .execute();

    await withId(db, db.schema.createTable('inbound_log'))
      .addColumn('account_id', 'integer', (c) => c.notNull())
      .addColumn('mailbox', 'text', (c) => c.notNull())
      .addColumn('uid', 'text', (c) => c.notNull())
      .addColumn('from_address', 'text')
      .addColumn('subject', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .addColumn('case_id', 'integer')
      .addColumn('case_message_id', 'integer')
      .addColumn('quarantine_id', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('inbound_log_account_idx')
      .on('inbound_log')
      .columns(['account_id', 'id'])
      .execute();
    // What was recorded before the log existed, oldest first, so nothing seen so far is missing from it.
    await sql`
      insert into inbound_log
        (account_id, mailbox, uid, from_address, subject, outcome, detail, case_id, case_message_id,
         quarantine_id, created_at)
      select account_id, mailbox, uid, from_address, subject, outcome, detail, case_id, case_message_id,
             quarantine_id, created_at
      from (
        select m.account_id, m.mailbox, m.uid, cm.from_address, cm.subject, m.outcome, null as detail,
               cm.case_id, m.case_message_id, null as quarantine_id, m.created_at, 0 as kind, m.id as rid
        from inbound_mails m left join case_messages cm on cm.id = m.case_message_id
        union all
        select q.account_id, q.mailbox, q.uid, null, null,
               case when q.reason = 'throttled' then 'throttled' else 'quarantined' end,
               q.reason, null, null, q.id, q.created_at, 1, q.id
        from quarantine q
      ) seen
      order by created_at, kind, rid`.execute(db);
  },
};
