import crypto from 'node:crypto';

/**
 * Message-IDs DRobot puts on its mails. A case mail's id carries the case number with a keyed signature,
 * `<case.{caseId}.{nonce}.{sig}@{domain}>`, so a reply threads back to its case even when the requester
 * rewrote the subject, and nobody without the key can point a mail at another case.
 */

/** Hex digits of HMAC-SHA256 kept in a signature: 96 bits, far beyond guessing by trial mails. */
const SIG_HEX = 24;
const CASE_ID = /^<?case\.(\d{1,15})\.([0-9a-f]{16})\.([0-9a-f]{24})@([^<>@\s]+)>?$/i;

function signature(key: Buffer, caseId: number, nonce: string): string {
  return crypto.createHmac('sha256', key).update(`case.${caseId}.${nonce}`).digest('hex').slice(0, SIG_HEX);
}

function nonce(): string {
  return crypto.randomBytes(8).toString('hex');
}

/** The domain part of DRobot's Message-IDs, taken from a sender address (or a fallback). */
export function messageIdDomain(fromAddress: string | undefined): string {
  const domain = fromAddress?.split('@')[1]?.trim().toLowerCase();
  return domain && /^[a-z0-9.-]+$/.test(domain) ? domain : 'drobot.invalid';
}

/** A signed Message-ID for a mail about one case. */
export function createCaseMessageId(key: Buffer, caseId: number, domain: string): string {
  const n = nonce();
  return `<case.${caseId}.${n}.${signature(key, caseId, n)}@${domain}>`;
}

/** A Message-ID for a mail that belongs to no case. */
export function createMessageId(domain: string): string {
  return `<drobot.${Date.now().toString(36)}.${crypto.randomBytes(12).toString('hex')}@${domain}>`;
}

/**
 * The case a Message-ID refers to, when it is one of DRobot's and its signature is right under `key`;
 * undefined for any other id, a forged signature or a case number that was changed.
 */
export function verifyCaseMessageId(messageId: string, key: Buffer): number | undefined {
  const match = CASE_ID.exec(messageId.trim());
  if (!match) return undefined;
  const [, idText = '', n = '', sig = ''] = match;
  const caseId = Number(idText);
  if (!Number.isSafeInteger(caseId) || caseId <= 0) return undefined;
  const expected = Buffer.from(signature(key, caseId, n.toLowerCase()), 'utf8');
  const given = Buffer.from(sig.toLowerCase(), 'utf8');
  return crypto.timingSafeEqual(expected, given) ? caseId : undefined;
}

/**
 * The case named by the first signed id in `In-Reply-To` and `References` header values (any number of
 * ids each); the inbound side uses it to thread replies.
 */
export function caseFromReferences(headerValues: readonly string[], key: Buffer): number | undefined {
  for (const value of headerValues) {
    for (const id of value.match(/<[^<>\s]+>/g) ?? []) {
      const caseId = verifyCaseMessageId(id, key);
      if (caseId !== undefined) return caseId;
    }
  }
  return undefined;
}

/** The case tag put in subjects, `[Caso #123]` by default. */
export function formatCaseTag(caseId: number, label = 'Caso'): string {
  return `[${label} #${caseId}]`;
}

/** The case number of the first case tag in a subject (any of `labels`), or undefined. */
export function parseCaseTag(
  subject: string,
  labels: readonly string[] = ['Caso', 'Case'],
): number | undefined {
  const names = labels.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const match = new RegExp(`\\[(?:${names})\\s*#(\\d{1,15})\\]`, 'i').exec(subject);
  const id = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}
