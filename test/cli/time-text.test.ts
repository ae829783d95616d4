import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timeText } from '../../src/i18n/time-text.js';

const AT = '2026-12-05T15:46:03.123Z';

test('a time is the date, the time to the second and the offset of the reader’s zone', () => {
  assert.equal(timeText(AT, 'UTC'), '2026-12-05 15:46:03 +00:00');
  assert.equal(timeText(AT, 'Europe/Madrid'), '2026-12-05 16:46:03 +01:00');
  assert.equal(timeText(AT, 'America/Bogota'), '2026-12-05 10:46:03 -05:00');
  assert.equal(timeText(AT, 'Asia/Kolkata'), '2026-12-05 21:16:03 +05:30');
});

test('the offset is the one of that day: summer time shows its own', () => {
  assert.equal(timeText('2026-07-01T12:00:00Z', 'Europe/Madrid'), '2026-07-01 14:00:00 +02:00');
});

test('the day and the hour change where the zone says so; midnight is 00, never 24', () => {
  assert.equal(timeText('2026-12-31T23:30:00Z', 'Europe/Madrid'), '2027-01-01 00:30:00 +01:00');
  assert.equal(timeText('2026-12-06T04:00:00.999Z', 'America/Bogota'), '2026-12-05 23:00:00 -05:00');
  assert.equal(timeText('2026-12-06T00:00:00Z', 'UTC'), '2026-12-06 00:00:00 +00:00');
});

test('without a zone, the process’s own (TZ); every text is as long as the next', () => {
  const local = timeText(AT);
  assert.match(local, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2}$/);
  assert.equal(timeText('2026-01-01T00:00:00Z').length, local.length);
});

test('no time is a dash; a text that is no time is shown as it is', () => {
  assert.equal(timeText(null), '-');
  assert.equal(timeText(undefined), '-');
  assert.equal(timeText(''), '-');
  assert.equal(timeText('soon'), 'soon');
});
