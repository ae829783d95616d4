import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, describe, it } from 'node:test';
import { MailSink, MailTooLargeError, SINK_MEMORY_BYTES } from '../../src/inbound/fetch/mail-sink.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-sink-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Bytes in chunks of the size a TLS socket hands out. */
function chunked(bytes: Buffer, size = 16 * 1024): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return Readable.from(chunks);
}

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

describe('where a downloaded mail goes', () => {
  it('a mail up to the memory bound stays in memory and creates no file', async () => {
    const mail = crypto.randomBytes(SINK_MEMORY_BYTES);
    const file = path.join(dir, 'small.eml');
    const sink = new MailSink(file, SINK_MEMORY_BYTES * 4);
    await pipeline(chunked(mail), sink);
    assert.ok(sink.bytes?.equals(mail));
    assert.equal(sink.size, mail.length);
    assert.equal(sink.digest(), sha256(mail));
    assert.equal(fs.existsSync(file), false);
  });

  it('a larger mail goes to its file whole, with the hash of every byte', async () => {
    const mail = crypto.randomBytes(SINK_MEMORY_BYTES * 3 + 17);
    const file = path.join(dir, 'large.eml');
    const sink = new MailSink(file, mail.length);
    const writev = fs.writev;
    let writes = 0;
    // Counted, not changed: the sink calls fs.writev through the module object.
    fs.writev = ((...args: Parameters<typeof fs.writev>) => {
      writes += 1;
      return writev(...args);
    }) as typeof fs.writev;
    try {
      await pipeline(chunked(mail), sink);
    } finally {
      fs.writev = writev;
    }
    assert.equal(sink.bytes, undefined);
    assert.ok(fs.readFileSync(file).equals(mail));
    assert.equal(sink.digest(), sha256(mail));
    // The network reads that came while the file was busy go out together, not one write each.
    const reads = Math.ceil(mail.length / (16 * 1024));
    assert.ok(writes > 0 && writes <= reads / 4, `${writes} writes for ${reads} reads`);
  });

  it('more bytes than the cap fail the download, held in memory or streamed', async () => {
    for (const cap of [1000, SINK_MEMORY_BYTES + 1000]) {
      const sink = new MailSink(path.join(dir, `over-${cap}.eml`), cap);
      await assert.rejects(pipeline(chunked(crypto.randomBytes(cap + 1), 512), sink), MailTooLargeError);
      assert.equal(sink.bytes, undefined);
    }
  });
});
