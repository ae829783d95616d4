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
  const window = bytes.subarray(0, HEAD_BYTES);
  // Only the header block is decoded, not the whole window: this runs on the main thread for every mail.
  const head = window.toString('latin1', 0, headerBlockEnd(window));
  return /^x-drobot-roundtrip[ \t]*:/im.test(head);
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Where the header block ends: at the first line break followed by an empty line (LF LF, LF CR LF, with or
 * without a CR before the first LF: the CR left in the block changes no header line), else the end.
 */
function headerBlockEnd(bytes: Buffer): number {
  for (let lineFeed = bytes.indexOf(LF); lineFeed !== -1; lineFeed = bytes.indexOf(LF, lineFeed + 1)) {
    const next = bytes[lineFeed + 1];
    if (next === LF || (next === CR && bytes[lineFeed + 2] === LF)) return lineFeed;
  }
  return bytes.length;
}
