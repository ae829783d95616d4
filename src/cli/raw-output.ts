import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { BlobPort } from '../cases/blob.port.js';
import { defineErrors, DrobotError } from '../errors/drobot-error.js';
import { fieldIssue, validationError } from '../errors/validation.js';
import type { RawMail } from '../inbound/log/raw-mail.js';

const rawOutputErrors = defineErrors({
  terminal: {
    code: 'raw_to_terminal',
    message: {
      es: 'No se escribe un correo original en el terminal: puede contener secuencias de control.',
      en: 'A raw mail is not written to the terminal: it may hold control sequences.',
    },
    hint: {
      es: 'Use --output ARCHIVO, o redirija la salida («> correo.eml» o «| less»).',
      en: 'Use --output FILE, or redirect the output ("> mail.eml" or "| less").',
    },
    status: 400,
  },
});

/**
 * Writes a raw mail, byte for byte, to `output` (a new file readable by its owner only) or to standard
 * output when that is a file or a pipe, never a terminal.
 */
export async function writeRawMail(blobs: BlobPort, raw: RawMail, output: string | undefined): Promise<void> {
  if (output) {
    await pipeline(await openRaw(blobs, raw), fs.createWriteStream(output, { mode: 0o600 }));
    fs.chmodSync(output, 0o600);
    return;
  }
  if (process.stdout.isTTY) throw new DrobotError(rawOutputErrors.terminal, { field: '--output' });
  await pipeline(await openRaw(blobs, raw), process.stdout, { end: false });
}

async function openRaw(blobs: BlobPort, raw: RawMail) {
  const blob = await blobs.open(raw.hash);
  if (!blob) throw new Error(`raw mail ${raw.hash} is no longer stored`);
  return blob.stream;
}

/**
 * Text from a mail or a server made safe for a terminal: control characters (escape sequences, bidi
 * overrides, line breaks inside a field) are shown as `\u{…}` instead of acting.
 */
export function visible(text: string | null | undefined): string {
  return (text ?? '').replace(
    /[\p{Cc}\p{Cf}\u2028\u2029]/gu,
    (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`,
  );
}

const idTexts = {
  badId: {
    es: '«{name}» debe ser un número entero positivo.',
    en: '"{name}" must be a positive whole number.',
  },
};

/** A numeric id given on the command line, or a field error naming the argument. */
export function positiveId(value: string, name: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value)) {
    throw validationError([fieldIssue(name, 'invalid_id', idTexts.badId, { name })]);
  }
  return Number(value);
}
