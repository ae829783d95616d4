/** Bytes a server may send beyond the size limit before a download stops (framing, a header it adds). */
export const DOWNLOAD_MARGIN_BYTES = 64 * 1024;

/** The download limit of one mail that a person asked to fetch again over the account's size limit. */
export const REFETCH_MAX_BYTES = 512 * 1024 * 1024;

/** Bytes one run downloads at most, so a run ends and leaves the rest to the next one. Pure. */
export function runByteCap(maxMessageBytes: number): number {
  return Math.max(1024 * 1024 * 1024, 4 * maxMessageBytes);
}
