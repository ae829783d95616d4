import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { HourlyCounts } from '../../src/activity/hourly-buckets.js';
import { DIALECTS } from '../support/databases.js';
import { ADMIN_TOKEN, startApi, type ApiFixture } from './api-fixture.js';

const HOUR = 3_600_000;

for (const dialect of DIALECTS) {
  describe(`/api/activity/hourly counts per hour (${dialect})`, () => {
    let api: ApiFixture;
    // Hours by their start; the checks look entries up by hour, so an hour turning mid-test moves nothing.
    const currentHour = Math.floor(Date.now() / HOUR) * HOUR;
    const at = (hoursAgo: number, minute: number) =>
      new Date(currentHour - hoursAgo * HOUR + minute * 60_000).toISOString();
    const hourOf = (hoursAgo: number) => new Date(currentHour - hoursAgo * HOUR).toISOString();

    const get = async (url: string, lang = 'es') => {
      const response = await api.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'accept-language': lang },
      });
      return { status: response.statusCode, body: JSON.parse(response.body) as unknown };
    };

    before(async () => {
      api = await startApi({ dialect });
      const db = api.ctx.database.db;
      const log = (created_at: string, outcome: string) => ({
        account_id: 1,
        mailbox: 'INBOX',
        uid: created_at,
        outcome,
        created_at,
      });
      await db
        .insertInto('inbound_log')
        .values([
          log(at(0, 1), 'new_case'),
          log(at(0, 2), 'follow_up'),
          log(at(1, 59), 'quarantined'),
          log(at(2, 0), 'new_case'),
          log(at(30, 0), 'new_case'),
        ])
        .execute();
      const requester = await db
        .insertInto('requesters')
        .values({ address: 'ana@example.test', created_at: at(2, 0) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const kase = (n: number, created_at: string) => ({
        number: n,
        subject: `Case ${n}`,
        status: 'new',
        requester_id: requester.id,
        created_at,
        updated_at: created_at,
      });
      await db
        .insertInto('cases')
        .values([kase(1, at(0, 1)), kase(2, at(2, 0)), kase(3, at(30, 0))])
        .execute();
      const mail = (
        id: string,
        state: string,
        times: { sent?: string; updated: string; bounced?: string },
      ) => ({
        type: 'answer',
        lang: 'es',
        account_id: 1,
        recipient: 'ana@example.test',
        subject: 's',
        message_id: `<${id}@drobot.test>`,
        state,
        attempts: 1,
        max_attempts: 5,
        sent_at: times.sent ?? null,
        bounced_at: times.bounced ?? null,
        created_at: times.updated,
        updated_at: times.updated,
      });
      await db
        .insertInto('outbox')
        .values([
          mail('a', 'sent', { sent: at(0, 3), updated: at(0, 3) }),
          mail('b', 'sent', { sent: at(1, 10), updated: at(1, 10), bounced: at(0, 5) }),
          mail('c', 'failed', { updated: at(1, 20) }),
          mail('d', 'queued', { updated: at(0, 4) }),
        ])
        .execute();
    });
    after(() => api.close());

    test('each series is counted in its hour, empty hours are zero, older rows are left out', async () => {
      const { status, body } = await get('/api/activity/hourly?hours=4');
      assert.equal(status, 200);
      const hours = body as HourlyCounts[];
      assert.equal(hours.length, 4);
      assert.deepEqual(
        hours.map((h) => h.hour),
        [...hours.map((h) => h.hour)].sort(),
        'oldest hour first',
      );
      const byHour = new Map(hours.map((h) => [h.hour, h]));
      const pick = (hoursAgo: number) => {
        const found = byHour.get(hourOf(hoursAgo));
        assert.ok(found, `hour ${hourOf(hoursAgo)} is in the answer`);
        const { hour: _hour, ...counts } = found;
        return counts;
      };
      assert.deepEqual(pick(0), { received: 2, casesOpened: 1, notificationsSent: 1, failures: 1 });
      assert.deepEqual(pick(1), { received: 1, casesOpened: 0, notificationsSent: 1, failures: 2 });
      assert.deepEqual(pick(2), { received: 1, casesOpened: 1, notificationsSent: 0, failures: 0 });
      const total = hours.reduce((sum, h) => sum + h.received + h.casesOpened, 0);
      assert.equal(total, 6, 'the rows of 30 hours ago are outside a 4-hour window');
    });

    test('72 hours by default; 14 days at most, in a window that reaches the older rows', async () => {
      const byDefault = (await get('/api/activity/hourly')).body as HourlyCounts[];
      assert.equal(byDefault.length, 72);
      assert.equal(byDefault.find((h) => h.hour === hourOf(30))?.received, 1);
      const widest = await get('/api/activity/hourly?hours=336');
      assert.equal(widest.status, 200);
      assert.equal((widest.body as HourlyCounts[]).length, 336);
    });

    test('a range out of bounds is refused naming the field, in Spanish and in English', async () => {
      for (const hours of ['0', '337', 'many', '2.5']) {
        const es = await get(`/api/activity/hourly?hours=${hours}`);
        assert.equal(es.status, 400, hours);
        const esError = (es.body as { error: { field: string; issues: { message: string }[] } }).error;
        assert.equal(esError.field, 'hours');
        assert.match(esError.issues[0]?.message ?? '', /^El campo «hours»/);
        const en = await get(`/api/activity/hourly?hours=${hours}`, 'en');
        const enError = (en.body as { error: { issues: { message: string }[] } }).error;
        assert.match(enError.issues[0]?.message ?? '', /^The field "hours"/);
      }
      const unknown = await get('/api/activity/hourly?days=3', 'en');
      assert.equal(unknown.status, 400);
      assert.match(JSON.stringify(unknown.body), /days/);
    });

    test('only administrators see it', async () => {
      const response = await api.app.inject({ method: 'GET', url: '/api/activity/hourly' });
      assert.equal(response.statusCode, 401);
    });
  });
}
