import type { Generated } from 'kysely';

/** One fetch run of an inbound account, or one outbox round: when, what it did, and its error. */
export interface RunTable {
  id: Generated<number>;
  /** `fetch` or `send`. */
  kind: string;
  /** The inbound account of a fetch run; null for an outbox round (it sends for every account). */
  account_id: number | null;
  started_at: string;
  ended_at: string;
  /** The counts of the run as JSON (bounded: a few whole numbers by name). */
  counts: string;
  /** The failure in both languages as JSON `{ es, en }`; null when the run went well. */
  error: string | null;
}

export interface RunTables {
  runs: RunTable;
}
