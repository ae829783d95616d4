import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import { guardDownload, MailStalledError } from '../../src/inbound/fetch/download-guard.js';
import { MailSink } from '../../src/inbound/fetch/mail-sink.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-guard-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const TIMEOUT_MS = 200;

/** A download that sends nothing for `waitMs` (queued behind another on its connection), then all at once. */
async function queuedDownload(sink: MailSink, waitMs: number): Promise<void> {
  await sleep(waitMs);
  sink.end(Buffer.alloc(64 * 1024, 0x61));
  await finished(sink);
}

let n = 0;
const newSink = () => new MailSink(path.join(dir, `mail-${++n}`), 1024 * 1024);

test('a download queued behind a slow one is not called stalled while it waits its turn', async () => {
  let releaseAhead!: () => void;
  const ahead = new Promise<void>((resolve) => (releaseAhead = resolve));
  const sink = newSink();
  let aborted = false;
  const guarded = guardDownload(
    sink,
    TIMEOUT_MS,
    () => (aborted = true),
    queuedDownload(sink, 4 * TIMEOUT_MS + 50),
    ahead,
  );
  // The one ahead takes several timeout windows, then ends; this one's bytes follow at once.
  setTimeout(releaseAhead, 4 * TIMEOUT_MS);
  await guarded;
  assert.equal(aborted, false);
  assert.equal(sink.size, 64 * 1024);
});

test('without a download ahead, the same silence is a stall and the connection is dropped', async () => {
  const sink = newSink();
  let aborted = false;
  await assert.rejects(
    guardDownload(sink, TIMEOUT_MS, () => (aborted = true), queuedDownload(sink, 4 * TIMEOUT_MS)),
    MailStalledError,
  );
  assert.equal(aborted, true);
});

test('once the one ahead has ended, a queued download that stays silent is a stall', async () => {
  const sink = newSink();
  let aborted = false;
  await assert.rejects(
    guardDownload(
      sink,
      TIMEOUT_MS,
      () => (aborted = true),
      queuedDownload(sink, 6 * TIMEOUT_MS),
      sleep(TIMEOUT_MS),
    ),
    MailStalledError,
  );
  assert.equal(aborted, true);
});
