/**
 * How fast the inbound sources take mail off the server, downloads only (no parsing, no storing): the
 * corpus mailbox over POP3S and IMAPS from the suite's Dovecot, with one download at a time and with the
 * source's whole window in flight. Prints a table; writes nothing.
 *
 *   node dist/bench/download-window.js [--count 1000] [--rounds 3]
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { openSource } from '../src/transports/registry.js';
import type { InboundSource } from '../src/transports/ports.js';
import { dovecotSettings } from '../test/support/mail-pipeline.js';
import { createTestPki } from '../test/support/pki.js';
import { freshMailbox, startBenchDovecot, writeCorpus } from './servers.js';

/** Counts the bytes written to it, and drops them. */
class Counter extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _e: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.bytes += chunk.length;
    callback();
  }
}

/** Downloads every listed mail with at most `window` in flight; resolves with the bytes received. */
async function downloadAll(source: InboundSource, ids: readonly string[], window: number): Promise<number> {
  let next = 0;
  let bytes = 0;
  const lane = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const target = new Counter();
      await source.download(id, target);
      bytes += target.bytes;
    }
  };
  await Promise.all(Array.from({ length: window }, lane));
  return bytes;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { count: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '3' } },
  });
  const count = Number(values.count);
  const rounds = Number(values.rounds);
  const work = fs.mkdtempSync('/tmp/drobot-window-');
  const pki = createTestPki();
  const dovecot = await startBenchDovecot(pki);
  try {
    const corpus = writeCorpus(path.join(work, 'corpus'), count, 'window');
    console.log(`${count} mails, ${(corpus.bytes / 1024 / 1024).toFixed(1)} MB; best of ${rounds} rounds`);
    console.log('protocol | window | mails/s | MB/s');
    for (const protocol of ['pop3', 'imap'] as const) {
      for (const windowed of [false, true]) {
        let best = Number.POSITIVE_INFINITY;
        let window = 1;
        let bytes = 0;
        for (let round = 0; round < rounds; round++) {
          const login = freshMailbox(dovecot, corpus);
          const settings = dovecotSettings(dovecot, pki, protocol, login.user, login.password, {
            afterStore: 'keep',
          });
          const source = await openSource(settings);
          const listing = await source.list({
            firstRun: 'all',
            includeSetAside: false,
            limit: count,
            cursor: undefined,
          });
          window = windowed ? (source.downloadWindow ?? 1) : 1;
          const started = performance.now();
          bytes = await downloadAll(
            source,
            listing.items.map((i) => i.id),
            window,
          );
          best = Math.min(best, performance.now() - started);
          await source.close();
        }
        const seconds = best / 1000;
        const rate = (count / seconds).toFixed(0);
        console.log(`${protocol}s | ${window} | ${rate} | ${(bytes / 1024 / 1024 / seconds).toFixed(1)}`);
      }
    }
  } finally {
    await dovecot.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
