import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { GmailRawDecoder, MAX_OTHER_BYTES } from '../../src/transports/gmail/gmail.raw-stream.js';

/** The streaming reader of `messages.get?format=raw` answers, fed in chunks of every size. */

async function decode(json: string, chunk: number): Promise<Buffer> {
  const bytes = Buffer.from(json, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  const out: Buffer[] = [];
  const decoder = Readable.from(parts).pipe(new GmailRawDecoder());
  for await (const piece of decoder) out.push(piece as Buffer);
  return Buffer.concat(out);
}

const message = Buffer.from('Subject: Hola ñ\r\n\r\ncuerpo\u0000\xff binario', 'latin1');

describe('Gmail raw decoder', () => {
  const answer = JSON.stringify({
    id: 'a"b',
    threadId: 'x',
    labelIds: ['INBOX', 'UNREAD'],
    snippet: 'comillas \\" y llaves } ] , "raw": "no"',
    payload: { headers: [{ name: 'raw', value: '{"raw":"AAAA"}' }], nested: [[1, 2], { a: null }] },
    raw: message.toString('base64url'),
    sizeEstimate: 42,
    flag: true,
  });

  for (const chunk of [1, 2, 3, 5, 7, 64, 4096]) {
    it(`decodes the raw member only, in ${chunk}-byte chunks`, async () => {
      assert.deepEqual(await decode(answer, chunk), message);
    });
  }

  it('decodes padded base64url and a raw member that comes last', async () => {
    const padded = Buffer.from('ab').toString('base64url') + '==';
    assert.deepEqual(await decode(`{"id":"1","raw":"${padded}"}`, 1), Buffer.from('ab'));
  });

  it('reads runs of padding inside the raw member in time linear in their length', async () => {
    // Each 64 KB chunk is a run of `=` and one letter (the first after the 8 bytes before the member):
    // stripping the padding by a pattern tried each `=` of it to the run's end, 2 s a chunk here.
    const raw = `${'='.repeat(65_527)}Q${`${'='.repeat(65_535)}Q`.repeat(7)}`;
    const started = performance.now();
    await decode(`{"raw":"${raw}"}`, 65_536);
    const ms = performance.now() - started;
    // Not a speed target: far above the linear cost, far below the pattern's (over 10 s).
    assert.ok(ms < 5000, `${ms.toFixed(0)} ms`);
  });

  it('refuses what Gmail never sends', async () => {
    await assert.rejects(decode('[{"raw":"QUJD"}]', 3), /not a JSON object/);
    await assert.rejects(decode('{"id":"1"}', 3), /no raw message/);
    await assert.rejects(decode('{"raw":"QU JD"}', 3), /base64url/);
    await assert.rejects(decode('{"raw":"QUJD","raw":"QUJD"}', 3), /one string/);
    await assert.rejects(decode('{"raw":"QUJD"} {}', 3), /after the answer/);
    await assert.rejects(decode('{"raw":"QUJD"', 3), /no raw message/);
    const padding = 'x'.repeat(MAX_OTHER_BYTES);
    await assert.rejects(decode(`{"snippet":"${padding}","raw":"QUJD"}`, 65536), /too large/);
  });
});
