import type { Executor } from '../../storage/database.js';
import { PreparedQuery } from '../../storage/prepared-query.js';
import type { ParsedMail } from '../parse/parsed-mail.js';

/**
 * The identity of a request across accounts. Copies of one mail delivered to two help desk mailboxes differ
 * in their trace headers (Received, Delivered-To), so their bytes differ: the Message-ID, with the sender
 * and the date that a forger would also have to match, names the request. A mail without a Message-ID is
 * known only by its exact bytes. Pure.
 */
export function identityOf(parsed: ParsedMail, rawHash: string): string {
  if (!parsed.messageId) return `raw:${rawHash}`;
  const from = parsed.from?.address.toLowerCase() ?? '';
  return `mid:${parsed.messageId}|${from}|${parsed.date ?? ''}`;
}

/** One statement per stored mail: compiled once. */
const CLAIM = new PreparedQuery<
  { dedup_key: string; case_message_id: number | null; account_id: number; created_at: string },
  unknown
>(['dedup_key', 'case_message_id', 'account_id', 'created_at'], (ex, row) =>
  ex.insertInto('inbound_identities').values(row),
);

/** The first stored copy of a request. */
export interface InboundIdentity {
  readonly caseMessageId: number | null;
  readonly accountId: number;
}

/** One row per request identity: the first copy stored wins, later copies are duplicates of it. */
export class InboundIdentityRepository {
  async find(ex: Executor, dedupKey: string): Promise<InboundIdentity | undefined> {
    const row = await ex
      .selectFrom('inbound_identities')
      .select(['case_message_id', 'account_id'])
      .where('dedup_key', '=', dedupKey)
      .executeTakeFirst();
    return row ? { caseMessageId: row.case_message_id, accountId: row.account_id } : undefined;
  }

  /** The stored identities among `dedupKeys`, in one statement per 500 keys (a build batch's look-up). */
  async findMany(ex: Executor, dedupKeys: readonly string[]): Promise<Map<string, InboundIdentity>> {
    const found = new Map<string, InboundIdentity>();
    const keys = [...new Set(dedupKeys)];
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await ex
        .selectFrom('inbound_identities')
        .select(['dedup_key', 'case_message_id', 'account_id'])
        .where('dedup_key', 'in', keys.slice(i, i + 500))
        .execute();
      for (const r of rows) {
        found.set(r.dedup_key, { caseMessageId: r.case_message_id, accountId: r.account_id });
      }
    }
    return found;
  }

  /**
   * Records the first copies of a batch's requests, 200 rows per statement; fails on the primary key as
   * `claim` does when another copy of one of them was stored first.
   */
  async claimMany(
    ex: Executor,
    claims: readonly { dedupKey: string; caseMessageId: number | null; accountId: number; now: Date }[],
  ): Promise<void> {
    for (let i = 0; i < claims.length; i += 200) {
      const rows = claims.slice(i, i + 200).map((c) => ({
        dedup_key: c.dedupKey,
        case_message_id: c.caseMessageId,
        account_id: c.accountId,
        created_at: c.now.toISOString(),
      }));
      await ex.insertInto('inbound_identities').values(rows).execute();
    }
  }

  /** Records the first copy; a second claim of the same identity fails on the primary key (a race). */
  async claim(
    ex: Executor,
    dedupKey: string,
    values: { caseMessageId: number | null; accountId: number; now: Date },
  ): Promise<void> {
    await CLAIM.execute(ex, {
      dedup_key: dedupKey,
      case_message_id: values.caseMessageId,
      account_id: values.accountId,
      created_at: values.now.toISOString(),
    });
  }
}
