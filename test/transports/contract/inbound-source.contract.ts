import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import type { InboundSource, ListRequest, SourceListing } from '../../../src/transports/ports.js';

/**
 * The contract every inbound source adapter keeps (POP3, IMAP, Microsoft Graph, Gmail API): stable ids
 * across sessions, listings since an opaque cursor that survives a restart, nothing changed on the server
 * until `settle`, exactly-once across a crash between commit and settle, and downloads that fail cleanly
 * on a cut connection and finish on a slow one. An adapter's test file starts its server(s) once and calls
 * {@link inboundSourceContract} with a way to make fresh mailboxes.
 *
 * Every case applies to every adapter: for the API adapters (Graph, Gmail) the cut and slow links are TCP
 * relays on loopback in front of the stand-in, reached by the account's API URL over plain HTTP; for
 * them `settlesOnClose` is false, so a settle is on the server before the session is dropped.
 */

/** One empty mailbox on the server under test, and ways to reach it. */
export interface ContractMailbox {
  /** A new adapter instance (a new session) on this mailbox, configured to delete what it settles. */
  open(): Promise<InboundSource>;
  /** Same, through a link that is cut once the server sent `afterBytes` bytes on a connection. */
  openCut(afterBytes: number): Promise<InboundSource>;
  /** Same, through a link that delivers the server's bytes slowly (a throttled or far-away server). */
  openSlow(): Promise<InboundSource>;
  /** Puts a raw mail into the mailbox, as a delivery would. */
  deliver(raw: Buffer): Promise<void>;
  /** How many mails the mailbox holds now, as the server keeps them. */
  count(): Promise<number>;
}

export interface InboundContractSubject {
  /** A fresh, empty mailbox (called once per contract test). */
  mailbox(): Promise<ContractMailbox>;
  /** The server under test lets several downloads be in flight on one session: the window must exceed 1. */
  readonly pipelines?: boolean | undefined;
}

const FIRST: Omit<ListRequest, 'cursor'> = { firstRun: 'all', includeSetAside: false, limit: 10_000 };

/**
 * A mail with a unique marker at its end, `size` bytes of body or so. The body is random (base64 lines), so
 * a compressed connection carries about as many bytes as a plain one: a cut after so many bytes still
 * falls inside the mail.
 */
export function markedMail(tag: string, size = 2_000): { raw: Buffer; marker: string } {
  const marker = `END-OF-${tag}-${crypto.randomBytes(6).toString('hex')}`;
  const lines = Math.max(1, Math.ceil(size / 78));
  const body = Array.from({ length: lines }, () => `${crypto.randomBytes(57).toString('base64')}\r\n`).join(
    '',
  );
  const raw = Buffer.from(
    [
      'From: Ana <ana@example.test>',
      'To: soporte@helpdesk.test',
      `Subject: contrato ${tag}`,
      `Message-ID: <${tag}.${crypto.randomBytes(4).toString('hex')}@example.test>`,
      'Date: Mon, 02 Mar 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body + marker,
      '',
    ].join('\r\n'),
  );
  return { raw, marker };
}

/** Collects a download. */
class Collect extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _e: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    callback();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** A target that refuses more than `cap` bytes, as the fetch runner's sink does. */
class Capped extends Writable {
  received = 0;
  constructor(private readonly cap: number) {
    super();
  }
  override _write(chunk: Buffer, _e: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.received += chunk.length;
    callback(this.received > this.cap ? new Error('over the cap') : null);
  }
}

async function download(source: InboundSource, id: string): Promise<Buffer> {
  const target = new Collect();
  await source.download(id, target);
  return target.bytes;
}

/** The marker each listed id's mail carries. */
async function markersOf(source: InboundSource, listing: SourceListing, markers: readonly string[]) {
  const byId = new Map<string, string>();
  for (const item of listing.items) {
    const text = (await download(source, item.id)).toString('latin1');
    const found = markers.filter((m) => text.includes(m));
    assert.equal(found.length, 1, `mail ${item.id} carries exactly one known marker`);
    byId.set(item.id, found[0]!);
  }
  return byId;
}

/**
 * The caller's side of exactly-once, as the fetch runner does it: a committed store of ids (here in
 * memory), settle only for committed ids, the cursor stored only once a listing is fully handled.
 */
class Caller {
  readonly committed = new Map<string, Buffer>();
  readonly commits = new Map<string, number>();
  cursor: string | undefined;
  /** Committed but not yet settled: key → id. */
  private readonly unsettled = new Map<string, string>();

  /** One run; `crashAfter` commits that many mails, then drops the session without settling or closing. */
  async run(source: InboundSource, crashAfter?: number): Promise<'done' | 'crashed'> {
    const key = (id: string) => `${source.mailbox}/${id}`;
    if (this.unsettled.size > 0) await source.settle([...this.unsettled.values()]);
    const listing = await source.list({ ...FIRST, cursor: this.cursor });
    let committedNow = 0;
    for (const item of listing.items) {
      if (this.committed.has(key(item.id))) continue;
      const bytes = await download(source, item.id);
      this.committed.set(key(item.id), bytes);
      this.commits.set(key(item.id), (this.commits.get(key(item.id)) ?? 0) + 1);
      this.unsettled.set(key(item.id), item.id);
      committedNow += 1;
      if (crashAfter !== undefined && committedNow >= crashAfter) {
        source.abort();
        return 'crashed';
      }
    }
    await source.settle([...this.unsettled.values()]);
    await source.close();
    this.unsettled.clear();
    this.cursor = listing.cursor;
    return 'done';
  }
}

export function inboundSourceContract(name: string, subject: () => InboundContractSubject): void {
  describe(`inbound source contract: ${name}`, () => {
    test('ids are stable across sessions; a listing since a stored cursor, on a new instance, lists what is new', async () => {
      const box = await subject().mailbox();
      const a = markedMail('a');
      const b = markedMail('b');
      await box.deliver(a.raw);
      await box.deliver(b.raw);
      const first = await box.open();
      const l1 = await first.list({ ...FIRST, cursor: undefined });
      const m1 = await markersOf(first, l1, [a.marker, b.marker]);
      assert.deepEqual([...m1.values()].sort(), [a.marker, b.marker].sort());
      await first.close();

      const c = markedMail('c');
      await box.deliver(c.raw);
      // A restart: a new adapter instance given only the stored cursor.
      const second = await box.open();
      assert.equal(second.mailbox, first.mailbox, 'the identity namespace stays the same');
      const l2 = await second.list({ ...FIRST, cursor: l1.cursor });
      const m2 = await markersOf(second, l2, [a.marker, b.marker, c.marker]);
      const newIds = [...m2.entries()].filter(([id]) => !m1.has(id));
      assert.deepEqual(
        newIds.map(([, marker]) => marker),
        [c.marker],
        'exactly the new mail has an id not seen before',
      );
      for (const [id, marker] of m2)
        if (m1.has(id)) assert.equal(m1.get(id), marker, `id ${id} names the same mail`);
      assert.equal(await box.count(), 3, 'listing and downloading change nothing on the server');
      await second.close();
    });

    test('settle only after commit: nothing changes on the server until settle, and settle after a dropped session is applied by the next one', async () => {
      const box = await subject().mailbox();
      const m = markedMail('settle');
      await box.deliver(m.raw);
      const s1 = await box.open();
      const l1 = await s1.list({ ...FIRST, cursor: undefined });
      assert.equal(l1.items.length, 1);
      const id = l1.items[0]!.id;
      assert.ok((await download(s1, id)).toString('latin1').includes(m.marker));
      s1.abort(); // a crash before the commit: the mail must still be there, under the same id
      assert.equal(await box.count(), 1);

      const s2 = await box.open();
      const l2 = await s2.list({ ...FIRST, cursor: undefined });
      assert.deepEqual(
        l2.items.map((i) => i.id),
        [id],
      );
      await s2.settle([id]);
      s2.abort(); // a crash right after settle: a source that settles on close has changed nothing
      assert.equal(await box.count(), s2.settlesOnClose ? 1 : 0);

      const s3 = await box.open();
      await s3.settle([id]); // settling again what may be gone already is no error
      await s3.close();
      assert.equal(await box.count(), 0);
    });

    test('exactly once across a crash between commit and settle', async () => {
      const box = await subject().mailbox();
      const mails = [1, 2, 3, 4].map((n) => markedMail(`once-${n}`));
      for (const m of mails) await box.deliver(m.raw);
      const caller = new Caller();
      assert.equal(await caller.run(await box.open(), 2), 'crashed');
      assert.equal(await box.count(), 4, 'nothing settled: the crash came before settle');
      assert.equal(await caller.run(await box.open()), 'done');
      assert.equal(await box.count(), 0, 'every committed mail settled by the next run');
      const stored = [...caller.committed.values()].map((b) => b.toString('latin1'));
      for (const m of mails) {
        assert.equal(stored.filter((s) => s.includes(m.marker)).length, 1, `${m.marker} committed once`);
      }
      assert.ok(
        [...caller.commits.values()].every((n) => n === 1),
        'no id committed twice',
      );
      // A restart with the stored cursor finds nothing new.
      const again = await box.open();
      const rest = await again.list({ ...FIRST, cursor: caller.cursor });
      assert.equal(rest.items.filter((i) => !caller.committed.has(`${again.mailbox}/${i.id}`)).length, 0);
      await again.close();
    });

    test('a connection cut mid-download fails that download and changes nothing; the next session gets the mail whole', async () => {
      const box = await subject().mailbox();
      const big = markedMail('cut', 400_000);
      await box.deliver(big.raw);
      const cut = await box.openCut(120_000);
      const listing = await cut.list({ ...FIRST, cursor: undefined });
      const id = listing.items[0]!.id;
      const partial = new Collect();
      await assert.rejects(cut.download(id, partial));
      cut.abort();
      assert.ok(!partial.bytes.toString('latin1').includes(big.marker), 'the cut download did not finish');
      assert.equal(await box.count(), 1);
      const next = await box.open();
      const l2 = await next.list({ ...FIRST, cursor: undefined });
      assert.deepEqual(
        l2.items.map((i) => i.id),
        [id],
      );
      assert.ok((await download(next, id)).toString('latin1').includes(big.marker));
      await next.close();
    });

    test('a slow server: listing and download finish, whole', async () => {
      const box = await subject().mailbox();
      const big = markedMail('slow', 200_000);
      await box.deliver(big.raw);
      const slow = await box.openSlow();
      const listing = await slow.list({ ...FIRST, cursor: undefined });
      assert.equal(listing.items.length, 1);
      const bytes = await download(slow, listing.items[0]!.id);
      assert.ok(bytes.toString('latin1').includes(big.marker));
      assert.ok(bytes.length >= big.raw.length - 4, `${bytes.length} of ${big.raw.length} bytes`);
      await slow.close();
    });

    test('downloads in flight at once on one session each get their own mail byte for byte, in call order', async () => {
      const sub = subject();
      const box = await sub.mailbox();
      // Small and large mails mixed: an adapter may gather the small ones and stream the large one.
      const sizes = [1_500, 40_000, 3_000, 1_300_000, 500, 220_000, 2_000, 9_000, 700, 60_000];
      const mails = sizes.map((size, i) => markedMail(`window-${i}`, size));
      for (const m of mails) await box.deliver(m.raw);
      const source = await box.open();
      const window = source.downloadWindow ?? 1;
      if (sub.pipelines) assert.ok(window > 1, `a window of ${window} on a server that pipelines`);
      const listing = await source.list({ ...FIRST, cursor: undefined });
      assert.equal(listing.items.length, mails.length);
      const received = new Map<string, Buffer>();
      for (let i = 0; i < listing.items.length; i += window) {
        const group = listing.items.slice(i, i + window);
        const completed: string[] = [];
        // Every call of the group is made before any of them completes.
        await Promise.all(
          group.map(async (item) => {
            const target = new Collect();
            await source.download(item.id, target);
            completed.push(item.id);
            received.set(item.id, target.bytes);
          }),
        );
        assert.deepEqual(
          completed,
          group.map((item) => item.id),
          'downloads complete in the order they were made',
        );
      }
      await source.close();
      for (const [id, bytes] of received) {
        const mine = mails.filter((m) => bytes.toString('latin1').includes(m.marker));
        assert.equal(mine.length, 1, `mail ${id} carries exactly one known marker`);
        assert.ok(
          bytes.equals(mine[0]!.raw),
          `mail ${id}: ${bytes.length} bytes, ${mine[0]!.raw.length} delivered`,
        );
      }
      assert.equal(new Set([...received.values()].map((b) => b.toString('latin1'))).size, mails.length);
    });

    test('a target that refuses more bytes stops the download, which rejects; the mail stays', async () => {
      const box = await subject().mailbox();
      const big = markedMail('cap', 300_000);
      await box.deliver(big.raw);
      const source = await box.open();
      const listing = await source.list({ ...FIRST, cursor: undefined });
      const target = new Capped(50_000);
      await assert.rejects(source.download(listing.items[0]!.id, target, { maxBytes: 50_000 }));
      source.abort();
      assert.ok(target.received < big.raw.length, `${target.received} bytes taken of ${big.raw.length}`);
      assert.equal(await box.count(), 1);
    });
  });
}
