import type { Case, CaseMessage, MailAddress } from '../cases/case.types.js';
import { comparableAddress, isMailAddress } from '../transports/mime/mail-address.js';
import { ackRefusal, type AckRefusal } from './ack.policy.js';

/** The most people an answer goes to (the requester included). */
export const MAX_PARTICIPANTS = 10;

/** Why a mail of the help desk cannot go to an address at all (the suppression list aside). */
export type AnswerRefusal =
  Extract<AckRefusal, 'no-sender' | 'no-reply-address' | 'own-address'> | 'invalid-address';

/** Why an answer or a status notification cannot go to this address, or undefined when it can. Pure. */
export function answerRefusal(address: string, own: ReadonlySet<string>): AnswerRefusal | undefined {
  const refusal = ackRefusal({ enabled: true, requester: { address }, headers: [], ownAddresses: own });
  // Without headers, only the address's own rules can refuse it.
  if (refusal === 'no-sender' || refusal === 'no-reply-address' || refusal === 'own-address') return refusal;
  return isMailAddress(address.trim()) ? undefined : 'invalid-address';
}

/**
 * The people an answer goes to: the requester, then whoever the requester's first mail was addressed or
 * copied to, without DRobot's own addresses, machine addresses or duplicates. Addresses on the suppression
 * list stay in the list (the outbox refuses them, and the answer says so) but take none of the
 * {@link MAX_PARTICIPANTS} places, which are for people the answer reaches. Pure.
 */
export function participants(
  found: Case,
  messages: readonly CaseMessage[],
  own: ReadonlySet<string>,
  suppressed: ReadonlySet<string> = new Set(),
): MailAddress[] {
  const seen = new Set<string>();
  const out: MailAddress[] = [];
  let reached = 0;
  for (const c of candidatesOf(found, messages)) {
    const address = c.address.trim().toLowerCase();
    // One person, however the domain is written (`ñ` or its A-label).
    const key = comparableAddress(address);
    if (seen.has(key)) continue;
    seen.add(key);
    if (answerRefusal(address, own)) continue;
    if (suppressed.has(key)) {
      out.push({ address, name: c.name });
      continue;
    }
    if (reached >= MAX_PARTICIPANTS) continue;
    out.push({ address, name: c.name });
    reached += 1;
  }
  return out;
}

/** Everyone an answer could go to, before any rule: the requester, then the first mail's To and Cc. Pure. */
export function candidatesOf(found: Case, messages: readonly CaseMessage[]): MailAddress[] {
  const requester = found.requester.address.toLowerCase();
  const firstMail = messages.find(
    (m) => m.direction === 'in' && m.kind === 'mail' && m.from.address === requester,
  );
  return [
    { address: requester, name: found.requester.displayName ?? undefined },
    ...(firstMail ? [...firstMail.to, ...firstMail.cc] : []),
  ];
}

/**
 * The mail whose words an answer quotes: the last one received from someone the answer goes to. Anyone can
 * add a mail to a case by writing its tag in a subject; quoting a stranger's words would put them, links
 * included, in a mail the help desk signs. Pure.
 */
export function lastWordsOf(
  messages: readonly CaseMessage[],
  recipients: readonly MailAddress[],
): CaseMessage | undefined {
  const to = new Set(recipients.map((r) => r.address.toLowerCase()));
  return [...messages]
    .reverse()
    .find(
      (m) => m.kind === 'mail' && m.direction === 'in' && !m.noReply && to.has(m.from.address.toLowerCase()),
    );
}
