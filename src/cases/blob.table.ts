/**
 * Where each blob written in a pack file lives: the pack's name under `<data>/blobs/packs/`, the offset of
 * its first byte and its length. Written in the same transaction as the rows that name the blobs.
 */
export interface BlobEntryTable {
  hash: string;
  pack: string;
  pack_offset: number;
  size: number;
  /** When it was written or last stored again (the orphan sweep leaves younger entries alone). */
  stored_at: string;
}

export interface BlobTables {
  blob_entries: BlobEntryTable;
}
