import type { BlobPort } from '../cases/blob.port.js';
import { syncCommitted, type Database, type Executor } from '../storage/database.js';

/** Blobs younger than this are never swept: the mail that wrote them may not have committed yet. */
export const SWEEP_GRACE_MS = 60 * 60_000;

/**
 * Removes blobs that nothing refers to: attachments of a mail that went to quarantine or failed, and
 * what a crash left between writing a blob and committing the row that names it. A blob is referenced by a
 * case message (its raw mail), an attachment, a quarantine entry (the raw bytes kept for a retry), or a
 * mail taken in and not built yet. Both forms go: single files, and pack entries (a pack file goes once no
 * entry names it; a pack with some live entries is left whole, its dead bytes with it). Then what a crash
 * left outside the index: temp files of dead processes and packs whose batch never committed.
 * Returns how many blobs and files were removed.
 */
export async function sweepOrphanBlobs(
  database: Database,
  blobs: BlobPort,
  options: { now?: number; graceMs?: number } = {},
): Promise<number> {
  const cutoff = (options.now ?? Date.now()) - (options.graceMs ?? SWEEP_GRACE_MS);
  // A deferred commit (case building) may have stopped referring to a blob and still be undone by a power
  // loss: what the sweep reads below has to be durable before a file goes.
  await syncCommitted(database);
  const ex = database.db;
  let removed = 0;
  for await (const page of blobs.stale(cutoff)) {
    const used = await referenced(ex, page);
    const unused = page.filter((hash) => !used.has(hash));
    await blobs.remove(unused, cutoff);
    removed += unused.length;
  }
  return removed + (await blobs.sweepLeftovers(cutoff));
}

async function referenced(ex: Executor, hashes: readonly string[]): Promise<Set<string>> {
  const [raws, attachments, held, queued] = await Promise.all([
    ex.selectFrom('case_messages').select('raw_hash as hash').where('raw_hash', 'in', hashes).execute(),
    ex.selectFrom('case_attachments').select('hash').where('hash', 'in', hashes).execute(),
    ex.selectFrom('quarantine').select('raw_hash as hash').where('raw_hash', 'in', hashes).execute(),
    ex.selectFrom('inbound_mails').select('raw_hash as hash').where('raw_hash', 'in', hashes).execute(),
  ]);
  return new Set(
    [...raws, ...attachments, ...held, ...queued].map((r) => r.hash).filter((h): h is string => !!h),
  );
}
