/** RFC 2045 token characters, lowercase (types are compared lowercased). */
const TYPE = /^[a-z0-9!#$&^_.+-]{1,64}\/[a-z0-9!#$&^_.+-]{1,127}$/;

/**
 * A part's content type as stored and later sent as a download header: `type/subtype` lowercased, without
 * parameters; anything else (a NUL, a control character, a stray quote, a missing subtype, a header with
 * no value, which the parser reports as `false`) becomes `application/octet-stream`.
 */
export function safeContentType(value: unknown): string {
  const type = (typeof value === 'string' ? value : '').split(';')[0]?.trim().toLowerCase() ?? '';
  return TYPE.test(type) ? type : 'application/octet-stream';
}

const BY_TYPE: Readonly<Record<string, string>> = {
  'text/calendar': 'invite.ics',
  'application/ics': 'invite.ics',
  'message/rfc822': 'message.eml',
  'message/global': 'message.eml',
  'message/delivery-status': 'delivery-status.txt',
  'message/global-delivery-status': 'delivery-status.txt',
  'message/disposition-notification': 'disposition-notification.txt',
  'text/rfc822-headers': 'headers.txt',
  'message/global-headers': 'headers.txt',
  'text/plain': 'text.txt',
  'text/html': 'page.html',
  'text/csv': 'table.csv',
  'text/vcard': 'contact.vcf',
  'text/x-vcard': 'contact.vcf',
  'application/pdf': 'document.pdf',
  'application/zip': 'archive.zip',
  'application/ms-tnef': 'winmail.dat',
  'application/pgp-signature': 'signature.asc',
  'application/pkcs7-signature': 'smime.p7s',
  'application/x-pkcs7-signature': 'smime.p7s',
  'image/png': 'image.png',
  'image/jpeg': 'image.jpg',
  'image/pjpeg': 'image.jpg',
  'image/gif': 'image.gif',
  'image/webp': 'image.webp',
  'image/bmp': 'image.bmp',
  'image/tiff': 'image.tiff',
  'image/svg+xml': 'image.svg',
  'audio/mpeg': 'audio.mp3',
  'video/mp4': 'video.mp4',
};

/**
 * A file name for a part that has none, from its (already safe) content type: a calendar invitation is
 * `invite.ics`, a forwarded mail `message.eml`, a PNG `image.png`; other images, audio and video get their
 * subtype as extension when it is a plain word; anything else is `attachment`.
 */
export function nameForType(contentType: string): string {
  const known = BY_TYPE[contentType];
  if (known) return known;
  const [major, minor = ''] = contentType.split('/');
  if ((major === 'image' || major === 'audio' || major === 'video') && /^[a-z0-9]{1,10}$/.test(minor)) {
    return `${major}.${minor}`;
  }
  if (major === 'text') return 'text.txt';
  return 'attachment';
}
