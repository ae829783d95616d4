import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../storage/database.js';
import { fillHours, windowStart, type HourCount, type HourlyCounts } from './hourly-buckets.js';

/**
 * The hour of an ISO-8601 UTC time column, as its first 13 characters: times are stored as ISO text on
 * both SQLite and PostgreSQL, so `substr` groups them the same way on both, with no date functions.
 */
const hourOf = (column: string): RawBuilder<string> => sql<string>`substr(${sql.ref(column)}, 1, 13)`;

/**
 * Mail received (every line of the inbound log, quarantined mail included), cases opened, notifications sent, and failures
 * (notifications given up or bounced, mail quarantined), per hour over the last `hours` hours.
 */
export async function hourlyActivity(db: Db, hours: number, now = new Date()): Promise<HourlyCounts[]> {
  const start = windowStart(now, hours);
  const since = start.toISOString();
  const [received, casesOpened, notificationsSent, failedNotifications, bounced, quarantined] =
    await Promise.all([
      db
        .selectFrom('inbound_log')
        .select([hourOf('created_at').as('hourKey'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('created_at', '>=', since)
        .groupBy(hourOf('created_at'))
        .execute(),
      db
        .selectFrom('cases')
        .select([hourOf('created_at').as('hourKey'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('created_at', '>=', since)
        .groupBy(hourOf('created_at'))
        .execute(),
      db
        .selectFrom('outbox')
        .select([hourOf('sent_at').as('hourKey'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('sent_at', '>=', since)
        .groupBy(hourOf('sent_at'))
        .execute(),
      db
        .selectFrom('outbox')
        .select([hourOf('updated_at').as('hourKey'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('state', '=', 'failed')
        .where('updated_at', '>=', since)
        .groupBy(hourOf('updated_at'))
        .execute(),
      db
        .selectFrom('outbox')
        .select([hourOf('bounced_at').as('hourKey'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('bounced_at', '>=', since)
        .groupBy(hourOf('bounced_at'))
        .execute(),
      db
        .selectFrom('inbound_log')
        .select([hourOf('created_at').as('hourKey'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('created_at', '>=', since)
        .where('outcome', '=', 'quarantined')
        .groupBy(hourOf('created_at'))
        .execute(),
    ]);
  const counted = (rows: readonly HourCount[]) => rows.map((r) => ({ hourKey: r.hourKey, n: Number(r.n) }));
  return fillHours(start, hours, {
    received: counted(received),
    casesOpened: counted(casesOpened),
    notificationsSent: counted(notificationsSent),
    failures: counted([...failedNotifications, ...bounced, ...quarantined]),
  });
}
