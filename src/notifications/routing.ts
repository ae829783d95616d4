import type { Account } from '../accounts/account.model.js';
import { comparableAddress } from '../transports/mime/mail-address.js';
import { DrobotError } from '../errors/drobot-error.js';
import { outboundAccountErrors } from './outbound-account.errors.js';
import { isNotificationType, NOTIFICATION_TYPES, type NotificationType } from './notification.types.js';
import type { OutboxRouting } from './outbox.service.js';

/** Routing as configured: account names (DROBOT_NOTIFY_ACCOUNT, DROBOT_NOTIFY_ACCOUNTS). */
export interface RoutingSettings {
  readonly account: string | undefined;
  readonly accountByType: Readonly<Record<string, string>>;
}

const isOutboundSmtp = (a: Account) => a.direction === 'outbound' && a.protocol === 'smtp';

/**
 * Which outbound account sends what, from the configured names. Without a configured default, the one
 * enabled outbound account there is becomes the default (with several, none is guessed).
 */
export function resolveRouting(accounts: readonly Account[], settings: RoutingSettings): OutboxRouting {
  const outbound = accounts.filter(isOutboundSmtp);
  const byName = (name: string, type: string): number => {
    const found = outbound.find((a) => a.name === name || String(a.id) === name);
    if (!found) throw new DrobotError(outboundAccountErrors.unknownRoute, { params: { name, type } });
    return found.id;
  };
  const byType: Partial<Record<NotificationType, number>> = {};
  for (const [type, name] of Object.entries(settings.accountByType)) {
    if (isNotificationType(type)) byType[type] = byName(name, type);
  }
  // A disabled account is no candidate for the guess (one named in the settings still gets its mail, which
  // waits until it is enabled again).
  const enabled = outbound.filter((a) => a.enabled);
  const only = enabled.length === 1 ? enabled[0]?.id : undefined;
  const defaultAccountId = settings.account ? byName(settings.account, '*') : only;
  return { defaultAccountId, byType, candidates: enabled.map((a) => a.name) };
}

/**
 * Why notifications would find no account to go by, judged like {@link resolveRouting} does, without
 * throwing: a configured default that is no outbound account or is disabled, or none configured while
 * several outbound accounts are enabled (and some type has no account of its own) or while every outbound
 * account is disabled. `accounts` is the enabled outbound accounts' names, to choose from.
 */
export type RoutingProblem =
  | { readonly kind: 'no-default'; readonly accounts: readonly string[] }
  /** Outbound accounts exist, none is enabled and DROBOT_NOTIFY_ACCOUNT is unset; `disabled`: their names. */
  | {
      readonly kind: 'none-enabled';
      readonly accounts: readonly string[];
      readonly disabled: readonly string[];
    }
  | {
      readonly kind: 'unknown-account' | 'disabled-account';
      readonly name: string;
      readonly accounts: readonly string[];
    }
  /** DROBOT_NOTIFY_ACCOUNTS sends a type (`type`) through a disabled account (`name`). */
  | {
      readonly kind: 'disabled-route';
      readonly name: string;
      readonly type: NotificationType;
      readonly accounts: readonly string[];
    };

export function routingProblem(
  accounts: readonly Account[],
  settings: RoutingSettings,
): RoutingProblem | undefined {
  const outbound = accounts.filter(isOutboundSmtp);
  const names = outbound.filter((a) => a.enabled).map((a) => a.name);
  const named = (name: string) => outbound.find((a) => a.name === name || String(a.id) === name);
  const everyTypeRouted = NOTIFICATION_TYPES.every((type) => settings.accountByType[type] !== undefined);
  if (settings.account) {
    const name = settings.account;
    const found = named(name);
    if (!found) return { kind: 'unknown-account', name, accounts: names };
    if (!found.enabled) return { kind: 'disabled-account', name, accounts: names };
  } else if (names.length === 0 && outbound.length > 0) {
    return { kind: 'none-enabled', accounts: names, disabled: outbound.map((a) => a.name) };
  } else if (names.length >= 2 && !everyTypeRouted) {
    return { kind: 'no-default', accounts: names };
  }
  for (const type of NOTIFICATION_TYPES) {
    const name = settings.accountByType[type];
    if (name !== undefined && named(name)?.enabled === false) {
      return { kind: 'disabled-route', name, type, accounts: names };
    }
  }
  return undefined;
}

/** DRobot's own addresses: every account's login and From address, as addresses are compared. */
export function ownAddresses(accounts: readonly Account[]): string[] {
  const out = new Set<string>();
  for (const a of accounts) {
    if (a.username.includes('@')) out.add(comparableAddress(a.username));
    if (a.outbound.fromAddress) out.add(comparableAddress(a.outbound.fromAddress));
  }
  return [...out];
}
