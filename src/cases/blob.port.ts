import type { Readable } from 'node:stream';
import type { Executor } from '../storage/database.js';

/** A stored blob: its SHA-256 (hex) and its size in bytes. */
export interface BlobRef {
  readonly hash: string;
  readonly size: number;
}

/** A stored blob opened for reading. */
export interface OpenBlob {
  readonly stream: Readable;
  readonly size: number;
}

/**
 * Blobs of one batch (the mails of an intake transaction), written once: `durable()` makes every one of
 * them survive a power loss, and `record(trx)` writes what says where they are in the caller's transaction,
 * the one that commits the rows naming them. A blob is durable before that commit; a crash in between leaves
 * bytes nothing names, which the orphan sweep removes.
 */
export interface BlobBatch {
  /** Stages bytes held in memory (`known`: their hash and size, when computed while they arrived). */
  putBuffer(bytes: Buffer, known?: BlobRef): BlobRef;
  /** Stages a temp file whose hash and size are known (computed while it was written); it is moved in. */
  putFile(file: string, ref: BlobRef): Promise<void>;
  durable(): Promise<void>;
  record(trx: Executor): Promise<void>;
  /** Drops what was staged and not made durable (temp files go). */
  discard(): void;
}

/**
 * Where DRobot keeps raw mails, attachments and inline images, by content hash (the same bytes are kept
 * once). Callers never see paths: a shared backend can replace the local directory when several hosts run
 * workers.
 */
export interface BlobPort {
  batch(): BlobBatch;
  /** Stores one blob at once (durable when it returns). */
  putBuffer(bytes: Buffer): Promise<BlobRef>;
  putStream(source: Readable): Promise<BlobRef>;
  /** Stores a copy of a file (the file stays where it is). */
  putFile(file: string): Promise<BlobRef>;
  /** A temp file path where a writer may put bytes it later hands to a batch (`putFile`). */
  tempPath(prefix?: string): string;
  /**
   * Looks up where these blobs are kept in one query for all of them, so that reading each of them next
   * needs none (a batch of raw mails about to be parsed). The answers of the last two calls are kept (a
   * batch still being read while the next is located).
   */
  locate(hashes: readonly string[]): Promise<void>;
  /** Null when the blob is not stored. */
  open(hash: string): Promise<OpenBlob | null>;
  /** The whole blob; an error when it is larger than `maxBytes` or not stored. */
  read(hash: string, maxBytes?: number): Promise<Buffer>;
  has(hash: string): Promise<boolean>;
  /** Hashes of blobs stored (or stored again) before `cutoffMs`, in pages, for the orphan sweep. */
  stale(cutoffMs: number): AsyncGenerator<string[]>;
  /** Removes blobs (for the orphan sweep: only hashes nothing names, and stored before `cutoffMs`). */
  remove(hashes: readonly string[], cutoffMs: number): Promise<void>;
  /** Removes what a crash or a kill left: temp files of dead processes, and old packs nothing names. */
  sweepLeftovers(cutoffMs: number): Promise<number>;
}
