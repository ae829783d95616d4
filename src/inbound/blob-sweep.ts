import type { BlobStore } from '../cases/blob.store.js';
import type { Executor } from '../storage/database.js';

/** Blobs younger than this are never swept: the mail that wrote them may not have committed yet. */
export const SWEEP_GRACE_MS = 60 * 60_000;

/**
 * Removes blobs that nothing refers to: attachments of a mail that went to quarantine or failed, and
 * what a crash left between writing a blob and committing the row that names it. A blob is referenced by a
 * case message (its raw mail), an attachment, a quarantine entry (the raw bytes kept for a retry), or a
 * mail taken in and not built yet.
 * Returns how many were removed.
 */
export async function sweepOrphanBlobs(
  ex: Executor,
  blobs: BlobStore,
  options: { now?: number; graceMs?: number } = {},
): Promise<number> {
  const cutoff = (options.now ?? Date.now()) - (options.graceMs ?? SWEEP_GRACE_MS);
  let removed = 0;
  let batch: string[] = [];
  const flush = async () => {
    const used = await referenced(ex, batch);
    for (const hash of batch) {
      if (used.has(hash)) continue;
      blobs.remove(hash);
      removed += 1;
    }
    batch = [];
  };
  for (const blob of blobs.list()) {
    if (blob.mtimeMs > cutoff) continue;
    batch.push(blob.hash);
    if (batch.length >= 500) await flush();
  }
  if (batch.length > 0) await flush();
  return removed;
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
