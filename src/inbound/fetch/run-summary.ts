import type { Text } from '../../i18n/lang.js';
import type { IngestResult } from '../ingest/mail.ingestor.js';

/** What one fetch run did, as logged and shown. */
export interface RunSummary {
  readonly accountId: number;
  readonly account: string;
  /** Mails this run took in: raw bytes durable and queued for case building (intake). */
  received: number;
  /** Mails this run saw built into cases (or quarantined) before it ended. */
  fetched: number;
  newCases: number;
  followUps: number;
  /** Auto-replies and bounces recorded on their case. */
  autoRecorded: number;
  /** Dropped (own mail), duplicates, automatic mail about no case, already handled. */
  skipped: number;
  quarantined: number;
  errors: number;
  /** Mails left for the next run by the per-run limit (of messages or bytes), or because the run stopped. */
  remaining: number;
  /** Mails the server failed to deliver, waiting for a later attempt. */
  deferred: number;
  /** Mails the first-run policy left on the server (taken with `drobot fetch NAME --all`). */
  setAside: number;
  durationMs: number;
  /** The failure, in English (as logged); null when the run went well. */
  error: string | null;
  /** The failure in every language, for people. */
  errorText: Text | null;
}

export function emptySummary(accountId: number, account: string): RunSummary {
  return {
    accountId,
    account,
    received: 0,
    fetched: 0,
    newCases: 0,
    followUps: 0,
    autoRecorded: 0,
    skipped: 0,
    quarantined: 0,
    errors: 0,
    remaining: 0,
    deferred: 0,
    setAside: 0,
    durationMs: 0,
    error: null,
    errorText: null,
  };
}

/** Adds one mail's result to the counters. */
export function count(summary: RunSummary, result: IngestResult): void {
  summary.fetched += 1;
  switch (result.kind) {
    case 'new_case':
      summary.newCases += 1;
      break;
    case 'follow_up':
      summary.followUps += 1;
      break;
    case 'auto_recorded':
      summary.autoRecorded += 1;
      break;
    case 'quarantined':
      summary.quarantined += 1;
      break;
    default:
      summary.skipped += 1;
  }
}

/** Whether the server copy may now get its after-store action: stored, not quarantined. */
export function isSettleable(result: IngestResult): boolean {
  return result.kind !== 'quarantined';
}
