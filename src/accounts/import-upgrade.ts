import type { AccountDraft } from './account.draft.js';
import { missingRequirement } from './account.kind.js';
import type { AccountCreateInput } from './account.schema.js';

/**
 * Settings an earlier DRobot stored, and so exported, for an SMTP account without authentication (a
 * relay), before they were refused for an account that does not log in: the SASL method (until
 * 185f303, e.g. the Office 365 preset's xoauth2 that the console sent) and the authentication type (until
 * fbdc366, e.g. `--auth oauth2 --no-smtp-auth`). Neither was ever used for such an account, and neither is
 * a secret: an import takes them as the value the current rules give (auto; the preset's type), and says so.
 * Secrets (a password, a client secret) are never among them: given for a relay, they stay refused by name.
 */
const EARLIER_LOGIN_SETTINGS = ['sasl', 'auth'] as const;

/** One setting an import took as another value than the document's. */
export interface ImportChange {
  readonly field: (typeof EARLIER_LOGIN_SETTINGS)[number];
  readonly from: string;
  readonly to: string;
}

/**
 * The imported account's settings as the current rules take them, and what was changed: a relay's SASL
 * method and authentication type become the values its draft holds (what DRobot fills in itself). Every
 * other setting is left as given, to be checked and refused by name as before. Pure.
 */
export function upgradeImported(
  given: AccountCreateInput,
  draft: AccountDraft,
): { given: AccountCreateInput; changes: ImportChange[] } {
  const changes: ImportChange[] = [];
  const upgraded: Record<string, unknown> = { ...given };
  for (const field of EARLIER_LOGIN_SETTINGS) {
    const value = given[field];
    if (value === undefined || missingRequirement(draft, field) !== 'login') continue;
    if (value !== draft[field]) changes.push({ field, from: value, to: draft[field] });
    delete upgraded[field];
  }
  // The cast holds: only optional settings are ever removed.
  return { given: upgraded as AccountCreateInput, changes };
}
