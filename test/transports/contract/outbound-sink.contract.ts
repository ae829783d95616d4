import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, test } from 'node:test';
import { isDrobotError } from '../../../src/errors/drobot-error.js';
import { composeMime } from '../../../src/transports/mime/outgoing-mail.js';
import type { OutboundMessage, OutboundSink } from '../../../src/transports/ports.js';

/**
 * The contract every outbound sink keeps (SMTP, Microsoft Graph, Gmail API): the composed message goes
 * out as composed, to the envelope's recipients; the Message-ID reported is the one that went out; a
 * temporary refusal (4xx, throttling) or a cut connection is a retryable `DrobotError` and a permanent one
 * is not; nothing is delivered twice by a retry after a refusal. An adapter's test file starts its server
 * once and calls {@link outboundSinkContract}.
 *
 * Where a case does not apply as written ({@link OutboundContractOptions}):
 * - `addressing: 'headers'` (Microsoft Graph `sendMail`, Gmail `messages.send`): the provider addresses the
 *   message by its own To/Cc/Bcc headers and has no envelope, so "the envelope decides the recipients" does
 *   not apply (DRobot composes every message with the envelope's recipient in To, see composeMime). It is
 *   replaced by "the message's headers decide the recipients and the message goes out byte for byte".
 */

export interface OutboundContractOptions {
  /** Who decides the recipients: the envelope (SMTP, the default) or the message's headers (the APIs). */
  readonly addressing?: 'envelope' | 'headers';
}

/** What the server under test received. */
export interface DeliveredMessage {
  readonly raw: Buffer;
  /** Envelope recipients, where the transport has an envelope (SMTP); else the message's own recipients. */
  readonly to: readonly string[];
}

export interface OutboundContractSubject {
  /** A new sink instance. */
  sink(): OutboundSink;
  /** A sink whose connection is cut once the client sent `afterBytes` bytes. */
  cutSink(afterBytes: number): OutboundSink;
  /** A sink through a link that delivers the server's answers slowly. */
  slowSink(): OutboundSink;
  /** The server refuses the next message: for now (4xx, throttled) or for good (5xx, no permission). */
  refuseNext(kind: 'temporary' | 'permanent'): void;
  /** Messages the server accepted since the last `reset`. */
  delivered(): Promise<readonly DeliveredMessage[]>;
  reset(): void;
  /** The sender address the server accepts for this account. */
  readonly from: string;
}

async function message(tag: string, bodyBytes = 2_000, to = 'ana@example.test'): Promise<OutboundMessage> {
  const marker = `${tag}-${crypto.randomBytes(6).toString('hex')}`;
  return composeMime({
    from: 'helpdesk@drobot.test',
    fromName: 'Mesa de servicio',
    to,
    subject: `[DRobot #42] contrato ${tag}`,
    text: `Hola.\n${'x'.repeat(bodyBytes)}\n${marker}\n`,
    html: `<p>Hola.</p><p>${marker}</p>`,
    messageId: `<contract.${marker}@drobot.test>`,
    headers: { 'Auto-Submitted': 'auto-generated', References: '<root@drobot.test>' },
  });
}

function withFrom(m: OutboundMessage, from: string): OutboundMessage {
  return { ...m, envelope: { ...m.envelope, from } };
}

function messageIdOf(raw: Buffer): string | undefined {
  return /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(raw.toString('latin1'))?.[1];
}

export function outboundSinkContract(
  name: string,
  subject: () => OutboundContractSubject,
  options: OutboundContractOptions = {},
): void {
  const addressing = options.addressing ?? 'envelope';
  describe(`outbound sink contract: ${name}`, () => {
    test('the composed message goes out as composed, to the envelope, under the Message-ID reported', async () => {
      const s = subject();
      s.reset();
      const sink = s.sink();
      const m = withFrom(await message('plain'), s.from);
      const sent = await sink.send(m);
      await sink.close();
      const got = await s.delivered();
      assert.equal(got.length, 1);
      const delivered = got[0]!;
      assert.deepEqual([...delivered.to], ['ana@example.test']);
      assert.equal(messageIdOf(delivered.raw), sent.messageId, 'the id that went out is the one reported');
      assert.equal(sent.messageId, m.messageId);
      const text = delivered.raw.toString('latin1');
      assert.match(text, /^Subject: \[DRobot #42\] contrato plain/im);
      assert.match(text, /^References: <root@drobot\.test>/im);
      assert.match(text, /^Auto-Submitted: auto-generated/im);
    });

    if (addressing === 'envelope') {
      test('the envelope decides the recipients; the message is not rewritten to name them', async () => {
        const s = subject();
        s.reset();
        const sink = s.sink();
        const m = await message('envelope');
        const hidden = 'copia-oculta@example.test';
        await sink.send({ ...m, envelope: { from: s.from, to: ['ana@example.test', hidden] } });
        await sink.close();
        const got = await s.delivered();
        assert.equal(got.length, 1);
        assert.deepEqual([...got[0]!.to].sort(), ['ana@example.test', hidden].sort());
        assert.ok(!got[0]!.raw.toString('latin1').includes(hidden), 'a blind copy stays blind');
      });
    } else {
      test("the message's headers decide the recipients; the message goes out byte for byte", async () => {
        const s = subject();
        s.reset();
        const sink = s.sink();
        const m = withFrom(await message('headers', 2_000, 'luis@example.test'), s.from);
        await sink.send(m);
        await sink.close();
        const got = await s.delivered();
        assert.equal(got.length, 1);
        assert.deepEqual([...got[0]!.to], ['luis@example.test']);
        assert.deepEqual(got[0]!.raw, m.raw, 'the sink does not rewrite the composed message');
      });
    }

    test('a temporary refusal is retryable and delivers nothing; the retry delivers once', async () => {
      const s = subject();
      s.reset();
      const sink = s.sink();
      const m = withFrom(await message('later'), s.from);
      s.refuseNext('temporary');
      const error: unknown = await sink.send(m).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(isDrobotError(error), String(error));
      assert.equal(error.retryable, true);
      assert.equal((await s.delivered()).length, 0);
      await sink.send(m);
      await sink.close();
      assert.equal((await s.delivered()).length, 1);
    });

    test('a permanent refusal is not retryable', async () => {
      const s = subject();
      s.reset();
      const sink = s.sink();
      s.refuseNext('permanent');
      const error: unknown = await sink.send(withFrom(await message('never'), s.from)).then(
        () => undefined,
        (e: unknown) => e,
      );
      await sink.close();
      assert.ok(isDrobotError(error), String(error));
      assert.equal(error.retryable, false);
      assert.equal((await s.delivered()).length, 0);
    });

    test('a connection cut in the middle of a message is retryable and delivers nothing', async () => {
      const s = subject();
      s.reset();
      const sink = s.cutSink(60_000);
      const error: unknown = await sink.send(withFrom(await message('cut', 400_000), s.from)).then(
        () => undefined,
        (e: unknown) => e,
      );
      await sink.close();
      assert.ok(isDrobotError(error), String(error));
      assert.equal(error.retryable, true);
      assert.equal((await s.delivered()).length, 0);
    });

    test('a slow server: the message goes out whole, once', async () => {
      const s = subject();
      s.reset();
      const sink = s.slowSink();
      const m = withFrom(await message('slow', 100_000), s.from);
      const sent = await sink.send(m);
      await sink.close();
      const got = await s.delivered();
      assert.equal(got.length, 1);
      assert.equal(messageIdOf(got[0]!.raw), sent.messageId);
      assert.ok(got[0]!.raw.length >= 100_000);
    });
  });
}
