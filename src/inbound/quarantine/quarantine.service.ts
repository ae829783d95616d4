import type { BlobStore } from '../../cases/blob.store.js';
import { DrobotError } from '../../errors/drobot-error.js';
import type { Database } from '../../storage/database.js';
import { inboundErrors } from '../inbound.errors.js';
import { InboundMailRepository, type QuarantineRow } from '../ingest/inbound-mail.repository.js';
import type { IngestResult, MailIngestor } from '../ingest/mail.ingestor.js';

/** A quarantined mail as the CLI and the API show it. */
export interface QuarantineEntry {
  readonly id: number;
  readonly accountId: number;
  readonly mailbox: string;
  readonly uid: string;
  readonly reason: string;
  readonly detail: string | null;
  readonly size: number;
  readonly rawKept: boolean;
  readonly attempts: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface QuarantineDeps {
  readonly database: Database;
  readonly blobs: BlobStore;
  readonly ingestor: MailIngestor;
  /** Whether the server copy of this account's mail stays as it is once stored (POP3 "leave a copy"). */
  readonly keepsServerCopy: (accountId: number) => Promise<boolean>;
  readonly mails?: InboundMailRepository;
}

/** Lists quarantined mail and retries it from its kept raw bytes. */
export class QuarantineService {
  private readonly mails: InboundMailRepository;

  constructor(private readonly deps: QuarantineDeps) {
    this.mails = deps.mails ?? new InboundMailRepository();
  }

  async list(accountId?: number): Promise<QuarantineEntry[]> {
    return (await this.mails.listQuarantine(this.deps.database.db, accountId)).map(toEntry);
  }

  async get(id: number): Promise<QuarantineEntry> {
    return toEntry(await this.row(id));
  }

  /**
   * Processes a quarantined mail again, as a person asked: size limit and sender throttle do not apply.
   * On success the entry is gone and the mail is a case message; otherwise it stays, with the new reason.
   */
  async retry(id: number): Promise<IngestResult> {
    const row = await this.row(id);
    if (!row.raw_hash || !this.deps.blobs.has(row.raw_hash)) {
      throw new DrobotError(inboundErrors.quarantineRawMissing, { params: { id } });
    }
    const settled = await this.deps.keepsServerCopy(row.account_id);
    return this.deps.ingestor.ingestFile(
      { accountId: row.account_id, mailbox: row.mailbox, uid: row.uid },
      this.deps.blobs.pathOf(row.raw_hash),
      { settled, skipThrottle: true },
    );
  }

  /** Retries every entry (of one account, or all); returns each id with its result. */
  async retryAll(accountId?: number): Promise<{ id: number; result: IngestResult }[]> {
    const out: { id: number; result: IngestResult }[] = [];
    for (const entry of await this.list(accountId)) {
      if (!entry.rawKept) continue;
      out.push({ id: entry.id, result: await this.retry(entry.id) });
    }
    return out;
  }

  private async row(id: number): Promise<QuarantineRow> {
    const row = await this.mails.findQuarantine(this.deps.database.db, id);
    if (!row) throw new DrobotError(inboundErrors.quarantineNotFound, { params: { id } });
    return row;
  }
}

function toEntry(row: QuarantineRow): QuarantineEntry {
  return {
    id: row.id,
    accountId: row.account_id,
    mailbox: row.mailbox,
    uid: row.uid,
    reason: row.reason,
    detail: row.detail,
    size: Number(row.size),
    rawKept: row.raw_hash !== null,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
