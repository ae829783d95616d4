import type { Kysely, Migration } from 'kysely';

/**
 * Small blobs of a batch are written together into one pack file: this index says where each one is. Blobs
 * stored before it (one file each under `blobs/ab/…`) stay where they are and are still read from there.
 */
export const blobPacksMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('blob_entries')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('pack', 'text', (c) => c.notNull())
      .addColumn('pack_offset', 'bigint', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('stored_at', 'text', (c) => c.notNull())
      .execute();
    // The sweep asks whether a pack still holds a live entry, and lists old entries.
    await db.schema.createIndex('blob_entries_pack_idx').on('blob_entries').column('pack').execute();
    await db.schema.createIndex('blob_entries_stored_idx').on('blob_entries').column('stored_at').execute();
  },
};
