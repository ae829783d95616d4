/** The series the dashboard draws per hour. */
export const HOURLY_SERIES = ['received', 'casesOpened', 'notificationsSent', 'failures'] as const;
export type HourlySeries = (typeof HOURLY_SERIES)[number];

/** One hour of activity; `hour` is its start, ISO-8601 UTC (`2026-11-30T10:00:00.000Z`). */
export type HourlyCounts = { readonly hour: string } & Readonly<Record<HourlySeries, number>>;

/** A count the database grouped under an hour key: the first 13 characters of an ISO time (`2026-11-30T10`). */
export interface HourCount {
  readonly hourKey: string;
  readonly n: number;
}

export const HOUR_MS = 3_600_000;
export const MAX_HOURS = 14 * 24;
export const DEFAULT_HOURS = 72;

/** The start of the first hour of a window of `hours` hours that ends with the hour holding `now`. */
export function windowStart(now: Date, hours: number): Date {
  const currentHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  return new Date(currentHour - (hours - 1) * HOUR_MS);
}

/**
 * Every hour of the window, oldest first, with each series' count (0 when nothing happened): the database
 * returns only the hours that had something, and a chart needs the empty ones too.
 */
export function fillHours(
  start: Date,
  hours: number,
  counts: Readonly<Record<HourlySeries, readonly HourCount[]>>,
): HourlyCounts[] {
  const byKey = new Map<string, { hour: string } & Record<HourlySeries, number>>();
  for (let i = 0; i < hours; i++) {
    const hour = new Date(start.getTime() + i * HOUR_MS).toISOString();
    byKey.set(hour.slice(0, 13), { hour, received: 0, casesOpened: 0, notificationsSent: 0, failures: 0 });
  }
  for (const series of HOURLY_SERIES) {
    for (const { hourKey, n } of counts[series]) {
      const row = byKey.get(hourKey);
      if (row) row[series] += Number(n);
    }
  }
  return [...byKey.values()];
}
