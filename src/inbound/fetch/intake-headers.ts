import fs from 'node:fs';

/** How much of a mail's start is read for the header block: headers beyond it are not looked at here. */
const HEAD_BYTES = 64 * 1024;

/**
 * Whether a downloaded mail is a round-trip test mail (`X-DRobot-Roundtrip`): intake leaves it on the
 * server, for the round trip itself to find and delete. Reads only the start of the file, before parsing.
 */
export async function isRoundTripMail(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return isRoundTripHead(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** The same for a mail held in memory (only its first HEAD_BYTES are looked at). Pure. */
export function isRoundTripHead(bytes: Buffer): boolean {
  const text = bytes.subarray(0, HEAD_BYTES).toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  const head = end ? text.slice(0, end.index) : text;
  return /^x-drobot-roundtrip[ \t]*:/im.test(head);
}
