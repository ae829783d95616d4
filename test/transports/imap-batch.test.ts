/**
 * The IMAP source's gathered downloads against a scripted server: small mails go out in one `UID FETCH`,
 * answers are matched by UID whatever their order, a mail the server leaves out is gone (and only that
 * one), a size that lies costs at most the cap (or is streamed when the cap allows it), and a server that
 * answers with a huge literal or drops the connection fails the batch cleanly, within bounds.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { isDrobotError } from '../../src/errors/drobot-error.js';
import { BATCHED_MAIL_MAX_BYTES, IMAP_DOWNLOAD_WINDOW } from '../../src/transports/imap/imap.session.js';
import { ImapSource } from '../../src/transports/imap/imap.source.js';
import type { SourceSettings } from '../../src/transports/mailbox-source.js';
import { DownloadTooLargeError, type InboundSource } from '../../src/transports/ports.js';
import { underAttack } from '../support/hostile-measure.js';
import {
  startScriptedImap,
  type ScriptedImapOptions,
  type ScriptedImapServer,
  type ScriptedMail,
} from '../support/scripted-imap-mailbox.js';

const TIMEOUT_MS = 1000;
const MiB = 1024 * 1024;
const servers: ScriptedImapServer[] = [];

after(async () => {
  for (const server of servers) await server.stop();
});

function settings(port: number): SourceSettings {
  return {
    protocol: 'imap',
    host: '127.0.0.1',
    port,
    security: 'none',
    timeoutMs: TIMEOUT_MS,
    tls: { insecureSkipVerify: false },
    credentials: { kind: 'password', username: 'u@example.org', password: 'pw' },
    folder: 'INBOX',
    afterStore: 'seen',
    moveTo: null,
  };
}

/** A mail whose bytes name its UID, `size` bytes or so. */
function mail(uid: number, size = 800, over: Partial<ScriptedMail> = {}): ScriptedMail {
  const head = `Subject: mail ${uid}\r\nMessage-ID: <batch-${uid}@example.org>\r\n\r\n`;
  const body = Buffer.from(head + `uid ${uid} `.repeat(Math.ceil(size / 8)).slice(0, size) + '\r\n');
  return { uid, body, ...over };
}

async function open(
  options: ScriptedImapOptions,
): Promise<{ server: ScriptedImapServer; source: InboundSource }> {
  const server = await startScriptedImap(options);
  servers.push(server);
  const source = await ImapSource.open(settings(server.port));
  const listing = await source.list({
    firstRun: 'all',
    includeSetAside: false,
    limit: 1000,
    cursor: undefined,
  });
  assert.equal(listing.items.length, options.mails.length);
  return { server, source };
}

/** Collects what a download writes. */
class Collector extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _e: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    callback();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Every download called at once; each outcome and target, in call order, and the order they completed. */
async function downloadAll(source: InboundSource, uids: readonly number[], maxBytes?: number) {
  const targets = uids.map(() => new Collector());
  const completed: number[] = [];
  const outcomes = await Promise.allSettled(
    uids.map((uid, i) =>
      source.download(String(uid), targets[i]!, { maxBytes }).finally(() => completed.push(uid)),
    ),
  );
  return { outcomes, targets, completed };
}

function reasonOf(outcome: PromiseSettledResult<unknown> | undefined): unknown {
  assert.equal(outcome?.status, 'rejected');
  return (outcome as PromiseRejectedResult).reason;
}

describe('IMAP gathered downloads', () => {
  test('small mails go out in one UID FETCH; answers in reverse order each reach their own target, in call order', async () => {
    const mails = [3, 4, 5, 7, 9].map((uid) => mail(uid, 500 + uid * 100));
    const { server, source } = await open({ mails, answerDescending: true });
    assert.equal(source.downloadWindow, IMAP_DOWNLOAD_WINDOW);
    const uids = mails.map((m) => m.uid);
    const { outcomes, targets, completed } = await downloadAll(source, uids, 100_000);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      uids.map(() => 'fulfilled'),
    );
    mails.forEach((m, i) => assert.ok(targets[i]!.bytes.equals(m.body as Buffer), `UID ${m.uid} whole`));
    assert.deepEqual(completed, uids, 'completed in call order');
    assert.deepEqual(server.bodyRequests, ['3:5,7,9'], 'one request for the five');
    await source.close();
  });

  test('a mail the server leaves out is gone; the others arrive', async () => {
    const mails = [mail(1), mail(2, 900, { vanished: true }), mail(3)];
    const { source } = await open({ mails });
    const { outcomes, targets } = await downloadAll(source, [1, 2, 3], 100_000);
    assert.equal(outcomes[0]?.status, 'fulfilled');
    assert.equal(outcomes[2]?.status, 'fulfilled');
    const gone = reasonOf(outcomes[1]);
    assert.ok(isDrobotError(gone) && gone.code === 'api_item_gone', String(gone));
    assert.match(gone.render('es').message, /2/);
    assert.match(gone.render('en').message, /no longer in the mailbox/);
    assert.ok(targets[2]!.bytes.equals(mails[2]!.body as Buffer));
    await source.close();
  });

  test('a size that lies: past the cap it is too large, no more than cap + 1 bytes asked; the others arrive', async () => {
    const liar = mail(2, 5_000_000, { claimedSize: 300 });
    const mails = [mail(1), liar, mail(3)];
    const { server, source } = await open({ mails });
    const maxBytes = 50_000;
    const { outcomes, targets } = await downloadAll(source, [1, 2, 3], maxBytes);
    const tooLarge = reasonOf(outcomes[1]);
    assert.ok(tooLarge instanceof DownloadTooLargeError, String(tooLarge));
    assert.equal(tooLarge.maxBytes, maxBytes);
    assert.equal(tooLarge.receivedBytes, maxBytes + 1);
    assert.equal(targets[1]!.bytes.length, 0, 'nothing of it reached its target');
    assert.ok(server.bodyBytesSent <= 3 * (maxBytes + 1), `${server.bodyBytesSent} body bytes sent`);
    assert.ok(targets[0]!.bytes.equals(mails[0]!.body as Buffer));
    assert.ok(targets[2]!.bytes.equals(mails[2]!.body as Buffer));
    await source.close();
  });

  test('a size that lies within the cap: the mail larger than a batch takes is streamed whole after it', async () => {
    const big = mail(2, BATCHED_MAIL_MAX_BYTES + 500_000, { claimedSize: 300 });
    const mails = [mail(1), big, mail(3)];
    const { source } = await open({ mails });
    const { outcomes, targets, completed } = await downloadAll(source, [1, 2, 3], 4 * MiB);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'fulfilled', 'fulfilled'],
    );
    mails.forEach((m, i) => assert.ok(targets[i]!.bytes.equals(m.body as Buffer), `UID ${m.uid} whole`));
    assert.deepEqual(completed, [1, 2, 3]);
    await source.close();
  });

  test('a session that did not list them: the mails go out in one batch, a large one is streamed after it', async () => {
    const mails = [mail(1), mail(2, BATCHED_MAIL_MAX_BYTES + 200_000), mail(3)];
    const { server, source: lister } = await open({ mails });
    await lister.close();
    // A new session, as after a dropped one: it downloads what an earlier session listed.
    const source = await ImapSource.open(settings(server.port));
    const { outcomes, targets, completed } = await downloadAll(source, [1, 2, 3], 4 * MiB);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'fulfilled', 'fulfilled'],
    );
    mails.forEach((m, i) => assert.ok(targets[i]!.bytes.equals(m.body as Buffer), `UID ${m.uid} whole`));
    assert.deepEqual(completed, [1, 2, 3]);
    assert.equal(server.bodyRequests[0], '1:3', 'one request for the three');
    await source.close();
  });

  test('a huge literal in a batch fails the mails not yet handed out, with a clear error and bounded memory', async () => {
    const mails = [mail(1), mail(2, 900, { hugeLiteral: 300 * MiB }), mail(3)];
    const { server, source } = await open({ mails });
    const cost = await underAttack('300 MB literal in a batch', TIMEOUT_MS, () =>
      downloadAll(source, [1, 2, 3], 100_000),
    );
    assert.ok(cost.outcome.ok);
    const { outcomes, targets } = cost.outcome.value;
    assert.equal(outcomes[0]?.status, 'fulfilled', 'the mail answered before it was handed out');
    assert.ok(targets[0]!.bytes.equals(mails[0]!.body as Buffer));
    for (const i of [1, 2]) {
      const error = reasonOf(outcomes[i]);
      assert.ok(isDrobotError(error), String(error));
      assert.equal(error.code, 'fetch_response_too_large');
      assert.match(error.render('en').message, /larger answer than accepted/);
    }
    assert.ok(server.bodyBytesSent < 32 * MiB, `${server.bodyBytesSent} bytes sent`);
    source.abort();
  });

  test('a busy server (unsolicited responses, bodies before UIDs, a response after the reply): every mail whole, the session goes on', async () => {
    const mails = [1, 2, 3, 4].map((uid) => mail(uid, 700 + uid * 50));
    const { server, source } = await open({ mails, chatty: true });
    const { outcomes, targets, completed } = await downloadAll(source, [1, 2, 3, 4], 100_000);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'],
    );
    mails.forEach((m, i) => assert.ok(targets[i]!.bytes.equals(m.body as Buffer), `UID ${m.uid} whole`));
    assert.deepEqual(completed, [1, 2, 3, 4]);
    // The listing and the bodies read off the connection by DRobot's own reader (its tags), not through
    // imapflow's fetch.
    assert.deepEqual(server.bodyRequests, ['1:4']);
    assert.match(server.sizeRequestTags.join(' '), /^Z\w+$/);
    assert.match(server.bodyRequestTags.join(' '), /^Z\w+$/);
    // The connection went back to imapflow, the EXISTS after the reply with it: its commands go on.
    assert.deepEqual(await source.settle(['2', '4']), ['2', '4']);
    assert.deepEqual(server.stored, [2, 4]);
    const again = await downloadAll(source, [3], 100_000);
    assert.ok(again.targets[0]!.bytes.equals(mails[2]!.body as Buffer));
    await source.close();
  });

  test('mails settled while others download: the next batch waits for the settling and is still read directly', async () => {
    const mails = [1, 2, 3, 4, 5, 6, 7, 8].map((uid) => mail(uid));
    const { server, source } = await open({ mails, storeDelayMs: 150 });
    const first = await downloadAll(source, [1, 2, 3, 4], 100_000);
    assert.ok(first.outcomes.every((o) => o.status === 'fulfilled'));
    // As an intake does: the first mails settled (marked seen, answered late) while the next are fetched.
    const settling = source.settle(['1', '2', '3', '4']);
    const second = await downloadAll(source, [5, 6, 7, 8], 100_000);
    assert.deepEqual(await settling, ['1', '2', '3', '4']);
    assert.ok(second.outcomes.every((o) => o.status === 'fulfilled'));
    mails.slice(4).forEach((m, i) => assert.ok(second.targets[i]!.bytes.equals(m.body as Buffer)));
    assert.deepEqual(server.stored, [1, 2, 3, 4]);
    // Both batches by DRobot's own reader (its tags), none through imapflow's fetch while the STORE ran.
    assert.deepEqual(server.bodyRequests, ['1:4', '5:8']);
    assert.match(server.bodyRequestTags.join(' '), /^Z\w+ Z\w+$/);
    await source.close();
  });

  test('a server that says BYE during a batch: the mails before it are handed out, the rest fail clearly; nothing hangs', async () => {
    const mails = [mail(1), mail(2), mail(3, 900, { bye: true }), mail(4)];
    const { source } = await open({ mails });
    const cost = await underAttack('BYE during a batch', TIMEOUT_MS, () =>
      downloadAll(source, [1, 2, 3, 4], 100_000),
    );
    assert.ok(cost.outcome.ok);
    const { outcomes, targets } = cost.outcome.value;
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'fulfilled', 'rejected', 'rejected'],
    );
    assert.ok(targets[1]!.bytes.equals(mails[1]!.body as Buffer));
    for (const i of [2, 3]) {
      const error = reasonOf(outcomes[i]);
      assert.ok(isDrobotError(error), String(error));
      assert.equal(error.code, 'fetch_protocol_error');
      assert.match(error.render('es').message, /IMAP no permite.*shutting down/);
      assert.equal(error.retryable, true);
    }
    source.abort();
  });

  test('a connection dropped during a batch rejects every mail of it; nothing hangs', async () => {
    const mails = [mail(1, 900, { drop: true }), mail(2), mail(3)];
    const { source } = await open({ mails });
    const cost = await underAttack('dropped during a batch', TIMEOUT_MS, () =>
      downloadAll(source, [1, 2, 3]),
    );
    assert.ok(cost.outcome.ok);
    for (const outcome of cost.outcome.value.outcomes) assert.equal(outcome.status, 'rejected');
    source.abort();
  });
});
