import { BlobStore, type BlobBatch, type BlobRef } from '../../src/cases/blob.store.js';
import type { Database } from '../../src/storage/database.js';

/**
 * A blob store that notes each batch of blobs made durable (`durable <hash>`), in the order of all the
 * events a test records; with `failDurable`, the first batches fail to become durable instead (as a full
 * disk would make them).
 */
export class WatchedBlobStore extends BlobStore {
  constructor(
    dataDir: string,
    database: Database,
    private readonly events: string[],
    private failDurable = 0,
  ) {
    super(dataDir, database);
  }

  override batch(): BlobBatch {
    const inner = super.batch();
    const staged: string[] = [];
    const events = this.events;
    const fail = () => this.failDurable > 0 && this.failDurable-- > 0;
    return {
      putBuffer(bytes: Buffer, ref?: BlobRef): BlobRef {
        const put = inner.putBuffer(bytes, ref);
        staged.push(put.hash);
        return put;
      },
      async putFile(file: string, ref: BlobRef): Promise<void> {
        await inner.putFile(file, ref);
        staged.push(ref.hash);
      },
      async durable(): Promise<void> {
        if (fail()) throw new Error('no space left on device (test)');
        await inner.durable();
        for (const hash of staged) events.push(`durable ${hash}`);
      },
      record: (trx) => inner.record(trx),
      discard: () => inner.discard(),
    };
  }
}
