import type { MessageIdRow as IdRow } from '../../cases/case.types.js';

/** What the index is loaded from: the case messages and the sent notifications that carry these ids. */
export interface ThreadIdLookup {
  messagesWithIds(ids: readonly string[]): Promise<readonly IdRow[]>;
  sentWithIds(ids: readonly string[]): Promise<readonly IdRow[]>;
}

/** Ids per look-up statement: well under SQLite's and PostgreSQL's limits on parameters. */
const IDS_PER_STATEMENT = 500;

/**
 * The cases a build batch's mails may thread to by Message-ID, read in one look-up for the whole batch
 * instead of one per mail, and kept up to date as the batch stores its own messages. It answers as
 * `CaseRepository.findCaseIdByMessageIds` would inside the batch's transaction: the case of the newest
 * message carrying one of the ids, else of the newest sent notification that did.
 */
export class ThreadIndex {
  private constructor(
    private readonly messages: Map<string, IdRow>,
    private readonly sent: Map<string, IdRow>,
  ) {}

  static async load(ids: Iterable<string>, lookup: ThreadIdLookup): Promise<ThreadIndex> {
    const wanted = [...new Set(ids)];
    const messages = new Map<string, IdRow>();
    const sent = new Map<string, IdRow>();
    for (let at = 0; at < wanted.length; at += IDS_PER_STATEMENT) {
      const chunk = wanted.slice(at, at + IDS_PER_STATEMENT);
      for (const row of await lookup.messagesWithIds(chunk)) keepNewest(messages, row);
      for (const row of await lookup.sentWithIds(chunk)) keepNewest(sent, row);
    }
    return new ThreadIndex(messages, sent);
  }

  /** The case a mail referring to these ids belongs to by Message-ID, if any. */
  caseIdByMessageIds(ids: readonly string[]): number | undefined {
    return (newestOf(this.messages, ids) ?? newestOf(this.sent, ids))?.caseId;
  }

  /** A message the batch stored (its savepoint, if any, holds): later mails of the batch may refer to it. */
  add(row: IdRow): void {
    keepNewest(this.messages, row);
  }
}

function keepNewest(rows: Map<string, IdRow>, row: IdRow): void {
  const known = rows.get(row.messageId);
  if (!known || known.rowId < row.rowId) rows.set(row.messageId, row);
}

function newestOf(rows: ReadonlyMap<string, IdRow>, ids: readonly string[]): IdRow | undefined {
  let newest: IdRow | undefined;
  for (const id of ids) {
    const row = rows.get(id);
    if (row && (!newest || row.rowId > newest.rowId)) newest = row;
  }
  return newest;
}
