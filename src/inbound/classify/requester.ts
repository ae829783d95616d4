import type { MailAddress } from '../../cases/case.types.js';

/** The parts of a parsed mail the requester rule reads. */
export interface RequesterInput {
  readonly from: MailAddress | null;
  readonly sender: MailAddress | null;
  readonly replyTo: readonly MailAddress[];
}

/**
 * Local parts that name a robot, not a person: no-reply senders and the accounts web forms and
 * applications send from. Compared lowercased, with `-`, `_` and `.` removed.
 */
const ROBOT_LOCAL_PARTS = new Set([
  'noreply',
  'donotreply',
  'dontreply',
  'noresponder',
  'noanswer',
  'mailer',
  'automailer',
  'automated',
  'robot',
  'bot',
  'daemon',
  'nobody',
  'notification',
  'notifications',
  'notify',
  'alerts',
  'form',
  'forms',
  'webform',
  'webforms',
  'contactform',
  'wordpress',
  'wwwdata',
  'apache',
  'nginx',
  'www',
  'web',
  'website',
]);

/** True for an address whose local part names a robot (`no-reply@…`, `noreply+x@…`, `wordpress@…`). */
export function isRobotAddress(address: string): boolean {
  const local = (address.split('@')[0] ?? '').toLowerCase().split('+')[0] ?? '';
  const squeezed = local.replace(/[-_.]/g, '');
  return ROBOT_LOCAL_PARTS.has(squeezed) || /^(no|do-?not|dont)[-_.]?reply/.test(local);
}

function domainOf(address: string): string {
  return (address.split('@').pop() ?? '').toLowerCase();
}

/**
 * Who a new case is for. The requester is `From`, except when a robot sends on a person's behalf and names
 * the person in `Reply-To`: the requester is then that `Reply-To` address, when all of these hold:
 *
 * - `Reply-To` names exactly one address, differing from `From`, that is not a robot address itself nor one
 *   of the help desk's own addresses;
 * - and the sender is a robot: `From` is a robot address (`no-reply@…`, `wordpress@…`, `forms@…`, …), or
 *   the mail carries a `Sender` in `From`'s domain that differs from `From` (a form or list server sending
 *   for the address in `From`), or `From` is in one of the help desk's own domains (its own web form).
 *
 * A person's mail with a Reply-To keeps that person as the requester. Pure.
 */
export function requesterOf(mail: RequesterInput, ownAddresses: readonly string[]): MailAddress | null {
  const from = mail.from;
  if (!from) return mail.replyTo[0] ?? null;
  const only = mail.replyTo.length === 1 ? mail.replyTo[0] : undefined;
  if (!only) return from;
  const own = new Set(ownAddresses.map((a) => a.toLowerCase()));
  const candidate = only.address.toLowerCase();
  if (candidate === from.address.toLowerCase() || own.has(candidate) || isRobotAddress(candidate))
    return from;
  const ownDomains = new Set(ownAddresses.map(domainOf));
  const fromDomain = domainOf(from.address);
  const sentByRobot =
    isRobotAddress(from.address) ||
    (mail.sender !== null &&
      mail.sender.address.toLowerCase() !== from.address.toLowerCase() &&
      domainOf(mail.sender.address) === fromDomain) ||
    ownDomains.has(fromDomain);
  return sentByRobot ? only : from;
}
