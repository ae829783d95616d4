import type { BlobPort } from '../../cases/blob.port.js';
import { DrobotError, isDrobotError } from '../../errors/drobot-error.js';
import { REFETCH_MAX_BYTES } from '../fetch/fetch-limits.js';
import type { Database } from '../../storage/database.js';
import { inboundErrors } from '../inbound.errors.js';
import type { Lang } from '../../i18n/lang.js';
import { InboundMailRepository, type QuarantineRow } from '../ingest/inbound-mail.repository.js';
import { quarantineDetailText } from './quarantine.labels.js';
import type { IngestResult, MailIngestor } from '../ingest/mail.ingestor.js';

export interface RetryOptions {
  /** The person accepts this mail over the account's size limit (up to REFETCH_MAX_BYTES). */
  readonly allowOversize?: boolean;
}

/** What a retry did: the mail was processed, or it will be fetched again by the account's next run. */
export type RetryResult = IngestResult | { readonly kind: 'refetch_scheduled' };

/** A quarantined mail as the CLI and the API show it: its reason's code, its detail in the reader's words. */
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
  readonly blobs: BlobPort;
  readonly ingestor: MailIngestor;
  /** Whether the server copy of this account's mail stays as it is once stored (POP3 "leave a copy"). */
  readonly keepsServerCopy: (accountId: number) => Promise<boolean>;
  /** The account's largest accepted mail, in bytes. */
  readonly maxMessageBytes: (accountId: number) => Promise<number>;
  readonly mails?: InboundMailRepository;
}

/** Lists quarantined mail and retries it from its kept raw bytes. */
export class QuarantineService {
  private readonly mails: InboundMailRepository;

  constructor(private readonly deps: QuarantineDeps) {
    this.mails = deps.mails ?? new InboundMailRepository();
  }

  async list(accountId?: number, lang: Lang = 'en'): Promise<QuarantineEntry[]> {
    return (await this.mails.listQuarantine(this.deps.database.db, accountId)).map((r) => toEntry(r, lang));
  }

  async get(id: number, lang: Lang = 'en'): Promise<QuarantineEntry> {
    return toEntry(await this.row(id), lang);
  }

  /**
   * Processes a quarantined mail again, as a person asked: the sender throttle does not apply; the size
   * limit does, unless `allowOversize` says the person accepts this one mail over it. A mail whose bytes
   * were not kept (over the limit, or the server failed to deliver it) is fetched again by the account's
   * next run. On success the entry is gone and the mail is a case message; otherwise it stays, with the
   * new reason.
   */
  async retry(id: number, options: RetryOptions = {}): Promise<RetryResult> {
    const row = await this.row(id);
    const limit = await this.deps.maxMessageBytes(row.account_id);
    const oversize = row.reason === 'over_size' || Number(row.size) > limit;
    if (oversize && !options.allowOversize) {
      throw new DrobotError(inboundErrors.quarantineOversize, {
        params: { id, size: Number(row.size), limit },
      });
    }
    if (!row.raw_hash && (row.reason === 'over_size' || row.reason === 'download_failed')) {
      const maxBytes = oversize ? REFETCH_MAX_BYTES : limit;
      await this.mails.requestRefetch(this.deps.database.db, id, maxBytes, new Date().toISOString());
      return { kind: 'refetch_scheduled' };
    }
    if (!row.raw_hash || !(await this.deps.blobs.has(row.raw_hash))) {
      throw new DrobotError(inboundErrors.quarantineRawMissing, { params: { id } });
    }
    const settled = await this.deps.keepsServerCopy(row.account_id);
    return this.deps.ingestor.ingestStored(
      { accountId: row.account_id, mailbox: row.mailbox, uid: row.uid },
      { hash: row.raw_hash, size: Number(row.size) },
      { settled, skipThrottle: true },
    );
  }

  /**
   * Retries every entry (of one account, or all) that can be retried without an override; returns each id
   * with its result. Over-size mail needs a person's decision, one by one or with `allowOversize`.
   */
  async retryAll(
    accountId?: number,
    options: RetryOptions = {},
  ): Promise<{ id: number; result: RetryResult }[]> {
    const out: { id: number; result: RetryResult }[] = [];
    for (const entry of await this.list(accountId)) {
      if (entry.reason === 'over_size' && !options.allowOversize) continue;
      if (!entry.rawKept && entry.reason !== 'over_size' && entry.reason !== 'download_failed') continue;
      try {
        out.push({ id: entry.id, result: await this.retry(entry.id, options) });
      } catch (error) {
        if (!isDrobotError(error) || error.code !== 'quarantine_oversize') throw error;
      }
    }
    return out;
  }

  private async row(id: number): Promise<QuarantineRow> {
    const row = await this.mails.findQuarantine(this.deps.database.db, id);
    if (!row) throw new DrobotError(inboundErrors.quarantineNotFound, { params: { id } });
    return row;
  }
}

function toEntry(row: QuarantineRow, lang: Lang): QuarantineEntry {
  return {
    id: row.id,
    accountId: row.account_id,
    mailbox: row.mailbox,
    uid: row.uid,
    reason: row.reason,
    detail: row.detail === null ? null : quarantineDetailText(row.reason, row.detail, lang),
    size: Number(row.size),
    rawKept: row.raw_hash !== null,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
