import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { roundsAfter, sendRoundsOf, type SendRound } from '../../bench/send-rounds.js';

/** Rounds of `claimed` mails each, one after the other, `ms` apart, as the history of runs records them. */
function rounds(claimed: readonly number[], ms = 100): SendRound[] {
  const start = Date.parse('2026-12-04T09:00:00.000Z');
  return claimed.map((n, i) => ({
    id: i + 1,
    startedAt: new Date(start + i * ms).toISOString(),
    endedAt: new Date(start + (i + 1) * ms - 1).toISOString(),
    counts: { claimed: n, sent: n },
  }));
}

describe("the bench's later rounds of a send run", () => {
  test('are those that began once the first count had been claimed: their mails, and their span from the end of the round before', () => {
    const later = roundsAfter(rounds([500, 500, 500, 500]), 1000);
    assert.deepEqual(later, { rounds: 2, sent: 1000, seconds: 0.2 });
  });

  test('start after a round that went past the count, and are none when the run sent no more', () => {
    assert.deepEqual(roundsAfter(rounds([400, 400, 400, 300]), 1000), {
      rounds: 1,
      sent: 300,
      seconds: 0.1,
    });
    assert.equal(roundsAfter(rounds([500, 500]), 1000), undefined);
    assert.equal(roundsAfter([], 1), undefined);
    assert.equal(roundsAfter(rounds([500, 500]), 0), undefined);
  });

  test('count what the later rounds sent, not what they claimed', () => {
    const [first, second] = rounds([500, 500]);
    assert.ok(first && second);
    const failing = { ...second, counts: { claimed: 500, sent: 480 } };
    assert.equal(roundsAfter([first, failing], 500)?.sent, 480);
  });

  test("are read from `drobot runs list --json` in the order they ran, whatever the page's order", () => {
    const items = rounds([500, 500, 500]).map((r) => ({ ...r, kind: 'send', accountId: null, error: null }));
    const parsed = sendRoundsOf(JSON.stringify({ items: [...items].reverse(), nextCursor: null }));
    assert.deepEqual(
      parsed.map((r) => r.id),
      [1, 2, 3],
    );
    assert.equal(roundsAfter(parsed, 500)?.rounds, 2);
  });

  test('refuse an output that is not a page of send rounds', () => {
    assert.throws(() => sendRoundsOf('{}'), /no items/);
    const fetchRun = { id: 1, kind: 'fetch', startedAt: 'x', endedAt: 'y', counts: {} };
    assert.throws(() => sendRoundsOf(JSON.stringify({ items: [fetchRun] })), /not a send round/);
  });
});
