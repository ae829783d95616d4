import type { MailAddress } from '../../cases/case.types.js';
import type { RawHeader } from '../parse/parsed-mail.js';
import { comparableAddress } from '../../transports/mime/mail-address.js';

/** The parts of a parsed mail the requester rule reads. */
export interface RequesterInput {
  readonly from: MailAddress | null;
  readonly sender: MailAddress | null;
  readonly replyTo: readonly MailAddress[];
  /** The raw header fields, to tell one Reply-To field from several (the parsed one is the first). */
  readonly headers?: readonly RawHeader[];
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

/** Mailboxes of mail systems and lists (RFC 2142, RFC 3834 §2): bounces, list owners and requests. */
const MAIL_SYSTEM_LOCAL =
  /^(mailer[-_]?daemon|mail[-_]?daemon|postmaster|bounces?|list[-_]?(owner|request)|.*-(owner|request|bounces?))$/;

/**
 * True for an address whose local part names a robot or a mail system (`no-reply@…`, `noreply+x@…`,
 * `wordpress@…`, `mailer-daemon@…`, `lista-bounces@…`): never a person who waits for an answer.
 */
export function isRobotAddress(address: string): boolean {
  const local = (address.split('@')[0] ?? '').toLowerCase().split('+')[0] ?? '';
  const squeezed = local.replace(/[-_.]/g, '');
  return (
    ROBOT_LOCAL_PARTS.has(squeezed) ||
    /^(no|do-?not|dont)[-_.]?reply/.test(local) ||
    MAIL_SYSTEM_LOCAL.test(local)
  );
}

function domainOf(address: string): string {
  return (comparableAddress(address).split('@').pop() ?? '').toLowerCase();
}

/**
 * Public mail services, where everyone has an address: a help desk whose own address is at one of them
 * (`soporte.acme@gmail.com`) shares that domain with its requesters, so the domain tells nothing about who
 * sent a mail.
 */
const PUBLIC_MAIL_DOMAIN =
  /^(gmail\.com|googlemail\.com|icloud\.com|me\.com|mac\.com|aol\.com|msn\.com|proton\.me|protonmail\.com|zoho\.com|web\.de|mail\.ru|yandex\.(ru|com)|(hotmail|outlook|live|yahoo|ymail|gmx)\.[a-z]{2,3}(\.[a-z]{2})?)$/;

/**
 * Who a new case is for. The requester is `From`, except when a robot sends on a person's behalf and names
 * the person in `Reply-To`: the requester is then that `Reply-To` address, when all of these hold:
 *
 * - `Reply-To` names exactly one address, differing from `From`, that is not a robot address itself nor one
 *   of the help desk's own addresses;
 * - and the sender is a robot: `From` is a robot address (`no-reply@…`, `wordpress@…`, `forms@…`, …), or
 *   the mail carries a `Sender` in `From`'s domain that differs from `From` (a form or list server sending
 *   for the address in `From`), or `From` is in one of the help desk's own domains (its own web form),
 *   unless that domain is a public mail service's;
 * - and the mail has one Reply-To field.
 *
 * A person's mail with a Reply-To keeps that person as the requester. Pure.
 */
export function requesterOf(mail: RequesterInput, ownAddresses: readonly string[]): MailAddress | null {
  const from = mail.from;
  if (!from) return mail.replyTo[0] ?? null;
  // Two Reply-To fields (RFC 5322 allows one) name no single address either.
  const fields = mail.headers?.filter((h) => h.name === 'reply-to').length ?? 1;
  const only = mail.replyTo.length === 1 && fields <= 1 ? mail.replyTo[0] : undefined;
  if (!only) return from;
  const own = new Set(ownAddresses.map(comparableAddress));
  const candidate = comparableAddress(only.address);
  if (candidate === comparableAddress(from.address) || own.has(candidate) || isRobotAddress(candidate))
    return from;
  const ownDomains = new Set(ownAddresses.map(domainOf));
  const fromDomain = domainOf(from.address);
  const sentByRobot =
    isRobotAddress(from.address) ||
    (mail.sender !== null &&
      mail.sender.address.toLowerCase() !== from.address.toLowerCase() &&
      domainOf(mail.sender.address) === fromDomain) ||
    (ownDomains.has(fromDomain) && !PUBLIC_MAIL_DOMAIN.test(fromDomain));
  return sentByRobot ? only : from;
}
