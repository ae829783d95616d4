import { lazySchema } from '../app/lazy-schema.js';
import * as z from '../app/zod.js';
import { parseOrThrow } from '../errors/validation.js';
import type { Text } from '../i18n/lang.js';
import type { Executor } from '../storage/database.js';

export type RunKind = 'fetch' | 'send';
export const RUN_KINDS: readonly RunKind[] = ['fetch', 'send'];

/** Runs older than this are dropped when a new one is recorded. */
export const RUN_KEEP_DAYS = 30;
export const RUNS_DEFAULT_LIMIT = 50;
export const RUNS_MAX_LIMIT = 1000;
/** Error text kept per language: enough to read the server's reply, never a whole mail. */
const ERROR_MAX_CHARS = 500;

/** One finished fetch run or outbox round, as recorded. */
export interface RunRecord {
  readonly kind: RunKind;
  readonly accountId: number | null;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly counts: Readonly<Record<string, number>>;
  readonly error: Text | null;
}

/** One run as `drobot runs list` and `GET /api/activity/runs` show it. */
export interface RunEntry {
  /** Also the paging cursor: the next page starts after the last entry's id. */
  readonly id: number;
  readonly kind: string;
  readonly accountId: number | null;
  /** The account's name; null for an outbox round or when the account was removed since. */
  readonly account: string | null;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly error: Text | null;
}

export interface RunPage {
  readonly items: readonly RunEntry[];
  /** Give it as `after` for the next (older) page; null when there is no more. */
  readonly nextCursor: string | null;
}

/** A page request from a person or a client: checked at the edge, naming the bad field. */
export const runsQuery = lazySchema(() =>
  z.strictObject({
    kind: z.enum(['fetch', 'send']).optional(),
    account: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(RUNS_MAX_LIMIT).optional(),
    after: z
      .string()
      .refine((value) => /^[1-9]\d{0,15}$/.test(value), {
        params: {
          text: {
            es: '«{field}» debe ser el nextCursor que devolvió la página anterior (un número).',
            en: '"{field}" must be the nextCursor the previous page returned (a number).',
          },
        },
      })
      .optional(),
  }),
);
export type RunsQuery = z.infer<ReturnType<typeof runsQuery>>;

export function parseRunsQuery(input: unknown): RunsQuery {
  return parseOrThrow(runsQuery(), input);
}

/** Only whole, finite counts are kept: the column stays a few numbers by name. */
function boundedCounts(counts: Readonly<Record<string, number>>): Record<string, number> {
  const kept: Record<string, number> = {};
  for (const [name, value] of Object.entries(counts).slice(0, 20)) {
    if (Number.isSafeInteger(value)) kept[name.slice(0, 40)] = value;
  }
  return kept;
}

/** Writes one run and drops those past the keeping time (an indexed range delete, cheap). */
export async function recordRun(ex: Executor, run: RunRecord): Promise<void> {
  const error = run.error
    ? JSON.stringify({
        es: run.error.es.slice(0, ERROR_MAX_CHARS),
        en: run.error.en.slice(0, ERROR_MAX_CHARS),
      })
    : null;
  await ex
    .insertInto('runs')
    .values({
      kind: run.kind,
      account_id: run.accountId,
      started_at: run.startedAt.toISOString(),
      ended_at: run.endedAt.toISOString(),
      counts: JSON.stringify(boundedCounts(run.counts)),
      error,
    })
    .execute();
  const oldest = new Date(run.endedAt.getTime() - RUN_KEEP_DAYS * 24 * 3600_000).toISOString();
  await ex.deleteFrom('runs').where('ended_at', '<', oldest).execute();
}

function parseCounts(stored: string): Record<string, number> {
  try {
    const parsed = JSON.parse(stored) as unknown;
    if (parsed && typeof parsed === 'object') return boundedCounts(parsed as Record<string, number>);
  } catch {
    // a damaged row shows no counts rather than breaking the listing
  }
  return {};
}

function parseError(stored: string | null): Text | null {
  if (stored === null) return null;
  try {
    const text = JSON.parse(stored) as Partial<Text>;
    if (typeof text.es === 'string' && typeof text.en === 'string') return { es: text.es, en: text.en };
  } catch {
    // falls through: the stored words as they are
  }
  return { es: stored, en: stored };
}

/** The runs, newest first, a page at a time. */
export async function readRuns(
  ex: Executor,
  page: {
    readonly kind?: RunKind;
    readonly accountId?: number;
    readonly limit?: number;
    readonly after?: string;
  },
): Promise<RunPage> {
  const limit = Math.min(page.limit ?? RUNS_DEFAULT_LIMIT, RUNS_MAX_LIMIT);
  let q = ex
    .selectFrom('runs as r')
    .leftJoin('accounts as a', 'a.id', 'r.account_id')
    .select([
      'r.id',
      'r.kind',
      'r.account_id',
      'a.name as account_name',
      'r.started_at',
      'r.ended_at',
      'r.counts',
      'r.error',
    ]);
  if (page.kind !== undefined) q = q.where('r.kind', '=', page.kind);
  if (page.accountId !== undefined) q = q.where('r.account_id', '=', page.accountId);
  if (page.after !== undefined) q = q.where('r.id', '<', Number(page.after));
  const rows = await q
    .orderBy('r.id', 'desc')
    .limit(limit + 1)
    .execute();
  const items: RunEntry[] = rows.slice(0, limit).map((r) => ({
    id: r.id,
    kind: r.kind,
    accountId: r.account_id,
    account: r.account_name ?? null,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    counts: parseCounts(r.counts),
    error: parseError(r.error),
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? String(last.id) : null };
}
