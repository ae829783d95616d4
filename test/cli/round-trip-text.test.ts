import assert from 'node:assert/strict';
import { test } from 'node:test';
import { roundTripText } from '../../src/cli/commands/notify.js';
import type { RoundTripReport } from '../../src/notifications/round-trip/round-trip.js';

const failedReceive: RoundTripReport = {
  ok: false,
  tag: 't1',
  failedLeg: 'receive',
  send: { ok: true, durationMs: 42, serverReply: '250 2.0.0 Ok: queued as 1234' },
  receive: {
    ok: false,
    durationMs: 60000,
    checks: 12,
    error: {
      code: 'roundtrip_not_received',
      message: 'El correo de prueba no llegó.',
      hint: 'Compruebe --to.',
    },
  },
  delayMs: undefined,
};

test('a failed round trip shows its hint and the leg that worked', () => {
  const es = roundTripText(failedReceive, 'es');
  assert.match(es, /^Ida y vuelta fallida en el tramo de recepción: El correo de prueba no llegó\./);
  assert.match(es, /^Sugerencia: Compruebe --to\.$/m);
  assert.match(es, /El tramo de envío fue correcto: .* 42 ms \(250 2\.0\.0 Ok: queued as 1234\)\./);
  const en = roundTripText(
    {
      ...failedReceive,
      receive: { ...failedReceive.receive!, error: { code: 'x', message: 'm', hint: 'h' } },
    },
    'en',
  );
  assert.match(en, /failed on the receive leg/);
  assert.match(en, /^Hint: h$/m);
  assert.match(en, /The send leg worked/);
  const sendFailed = roundTripText(
    {
      ...failedReceive,
      failedLeg: 'send',
      send: { ok: false, durationMs: 5, error: { code: 'x', message: 'no' } },
      receive: undefined,
    },
    'en',
  );
  assert.match(sendFailed, /failed on the send leg: no/);
  assert.doesNotMatch(sendFailed, /send leg worked/);
});
