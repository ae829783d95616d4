/**
 * Makes an attachment's original file name safe to store and to offer for download: no path, no control
 * or reserved characters, no leading dots, bounded length. The extension is kept where possible.
 */
export function safeFileName(name: string | null | undefined, fallback = 'attachment'): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  let cleaned = base
    .normalize('NFC')
    // Control characters and bidirectional overrides would hide the real extension.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\u202a-\u202e\u2066-\u2069]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(cleaned)) cleaned = `_${cleaned}`;
  if (cleaned === '') return fallback;
  const max = 180;
  if (cleaned.length <= max) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 16 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, max - ext.length) + ext;
}
