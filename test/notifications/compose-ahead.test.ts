import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ComposeAhead,
  type AheadOf,
  type ComposeAheadOptions,
} from '../../src/notifications/compose-ahead.js';

interface Row {
  readonly id: number;
  readonly bytes: number;
  readonly files: boolean;
}

const rowsOf = (count: number, shape: (id: number) => Partial<Row> = () => ({})): Row[] =>
  Array.from({ length: count }, (_, id) => ({ id, bytes: 100, files: false, ...shape(id) }));

const options = (overrides: Partial<ComposeAheadOptions<Row>> = {}): ComposeAheadOptions<Row> => ({
  window: 8,
  maxBytes: 1_000_000,
  sizeOf: (row) => row.bytes,
  hasFiles: (row) => row.files,
  ...overrides,
});

/**
 * A composer that records which rows it was asked for, and when: `takenBefore` counts the takes started,
 * the one under way included (a take hands out its row and may compose the ones after it).
 */
function recorder(fail?: (row: Row) => boolean) {
  const calls: Array<{ readonly id: number; readonly takenBefore: number }> = [];
  const state = { taken: 0 };
  const compose = (row: Row): Promise<string> => {
    calls.push({ id: row.id, takenBefore: state.taken });
    return fail?.(row)
      ? Promise.reject(new Error(`row ${row.id} cannot be composed`))
      : Promise.resolve(`mail ${row.id}`);
  };
  return { calls, state, compose };
}

/** Takes every row, counting each take as it starts; `each` sees every row taken. */
function takeAll(
  ahead: ComposeAhead<Row, string>,
  state: { taken: number },
  each: (next: AheadOf<Row, string>) => void = () => undefined,
): Array<AheadOf<Row, string>> {
  const taken: Array<AheadOf<Row, string>> = [];
  for (;;) {
    state.taken += 1;
    const next = ahead.take();
    if (!next) break;
    taken.push(next);
    each(next);
  }
  state.taken -= 1;
  return taken;
}

describe('composing an account’s mails ahead of its connections', () => {
  test('every row is taken once, in order, with its own mail, each composed once', async () => {
    const { calls, state, compose } = recorder();
    const ahead = new ComposeAhead(rowsOf(300), compose, options());
    const taken = takeAll(ahead, state);
    assert.deepEqual(
      taken.map((t) => t.row.id),
      [...Array(300).keys()],
    );
    for (const { row, composing } of taken) assert.equal(await composing, `mail ${row.id}`);
    assert.deepEqual(
      calls.map((c) => c.id),
      [...Array(300).keys()],
    );
    assert.equal(ahead.take(), undefined);
  });

  test('no more than the window is composed and not taken, refilled by bursts', () => {
    const { calls, state, compose } = recorder();
    const window = 8;
    const ahead = new ComposeAhead(rowsOf(100), compose, options({ window }));
    let bursts = 0;
    let before = 0;
    takeAll(ahead, state, () => {
      assert.ok(calls.length - state.taken <= window, `${calls.length - state.taken} composed ahead`);
      if (calls.length - before > 1) bursts += 1;
      before = calls.length;
    });
    assert.equal(calls.length, 100);
    // A burst refills half a window: far fewer bursts than mails.
    assert.ok(bursts >= 100 / window && bursts <= 100 / (window / 2) + 1, `${bursts} bursts`);
  });

  test('the content held ahead is bounded by its bytes: one mail past the bound at most', () => {
    const { calls, state, compose } = recorder();
    const ahead = new ComposeAhead(
      rowsOf(50, () => ({ bytes: 1000 })),
      compose,
      options({ window: 100, maxBytes: 2500 }),
    );
    takeAll(ahead, state, () => {
      const held = calls.length - state.taken;
      assert.ok(held * 1000 <= 2500 + 1000, `${held} mails of 1,000 bytes held ahead`);
    });
    assert.equal(calls.length, 50);
  });

  test('a mail with files is composed only when every mail before it has been taken', () => {
    const { calls, state, compose } = recorder();
    const files = new Set([5, 6, 40]);
    const ahead = new ComposeAhead(
      rowsOf(60, (id) => ({ files: files.has(id) })),
      compose,
      options(),
    );
    takeAll(ahead, state);
    assert.equal(calls.length, 60);
    for (const call of calls.filter((c) => files.has(c.id))) {
      assert.equal(call.takenBefore, call.id, `row ${call.id} composed after ${call.takenBefore} taken`);
    }
    // The rows without files around them are still composed ahead.
    const after = calls.find((c) => c.id === 10);
    assert.ok(after && after.takenBefore < 10);
  });

  test('a mail that cannot be composed fails when it is taken, not before, and the others still go', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { compose } = recorder((row) => row.id === 2);
      const ahead = new ComposeAhead(rowsOf(20), compose, options());
      const first = ahead.take();
      // Rows 0 to 7 are being composed; row 2's failure waits for whoever takes it.
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(unhandled, []);
      const outcomes: string[] = [];
      for (let next = first; next; next = ahead.take()) {
        outcomes.push(await next.composing.then(String, (error: Error) => error.message));
      }
      assert.equal(outcomes.length, 20);
      assert.equal(outcomes[2], 'row 2 cannot be composed');
      assert.equal(outcomes[3], 'mail 3');
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
