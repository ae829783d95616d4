import type { Case, CaseMessage, MailAddress } from '../cases/case.types.js';
import { isMailAddress } from '../notifications/enqueue.input.js';
import { ackRefusal } from './ack.policy.js';

/** The most people an answer goes to (the requester included). */
export const MAX_PARTICIPANTS = 10;

/**
 * The people an answer goes to: the requester, then whoever the requester's first mail was addressed or
 * copied to, without DRobot's own addresses, machine addresses or duplicates. Pure.
 */
export function participants(
  found: Case,
  messages: readonly CaseMessage[],
  own: ReadonlySet<string>,
): MailAddress[] {
  const requester = found.requester.address.toLowerCase();
  const firstMail = messages.find(
    (m) => m.direction === 'in' && m.kind === 'mail' && m.from.address === requester,
  );
  const candidates: MailAddress[] = [
    { address: requester, name: found.requester.displayName ?? undefined },
    ...(firstMail ? [...firstMail.to, ...firstMail.cc] : []),
  ];
  const seen = new Set<string>();
  const out: MailAddress[] = [];
  for (const c of candidates) {
    const address = c.address.trim().toLowerCase();
    if (seen.has(address) || !isMailAddress(address)) continue;
    seen.add(address);
    if (ackRefusal({ enabled: true, requester: { address }, headers: [], ownAddresses: own })) continue;
    out.push({ address, name: c.name });
    if (out.length >= MAX_PARTICIPANTS) break;
  }
  return out;
}
