/**
 * Headers of a file download whose name and type came from a mail: hostile until checked. A stored type
 * that is not a plain `type/subtype` becomes `application/octet-stream`; the file is always an attachment
 * (never rendered by the browser) and runs in a sandbox if it is opened anyway.
 */

export const FALLBACK_MEDIA_TYPE = 'application/octet-stream';

/** RFC 9110 token characters. */
const TOKEN = "[!#$%&'*+.^_`|~0-9a-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}$`);

/** The stored content type's `type/subtype`, lower-cased, when it is one; else `application/octet-stream`. */
export function safeMediaType(stored: string | null | undefined): string {
  const essence = (stored ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return essence.length <= 127 && MEDIA_TYPE.test(essence) ? essence : FALLBACK_MEDIA_TYPE;
}

/** RFC 5987 attr-char: what may stay unencoded in `filename*`. */
const ATTR_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~]/;

function encodeRfc5987(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out +=
      byte < 0x80 && ATTR_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The file name without control characters or path separators, at most 200 characters; never empty. */
export function cleanFilename(name: string | null | undefined): string {
  const cleaned = Array.from((name ?? '').replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}/\\]/gu, '_').trim())
    .slice(0, 200)
    .join('');
  return cleaned === '' || /^\.+$/.test(cleaned) ? 'attachment' : cleaned;
}

/** `Content-Disposition: attachment` with an ASCII `filename` for old clients and the exact `filename*` (RFC 6266). */
export function attachmentDisposition(name: string | null | undefined): string {
  const clean = cleanFilename(name);
  const ascii = clean.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(clean)}`;
}

/** Every header of an attachment download. */
export function downloadHeaders(file: {
  readonly contentType: string | null | undefined;
  readonly filename: string | null | undefined;
}): Record<string, string> {
  return {
    'content-type': safeMediaType(file.contentType),
    'content-disposition': attachmentDisposition(file.filename),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'",
    'cache-control': 'no-store',
  };
}
