/**
 * The reply code read off an SMTP line: three ASCII digits, whatever follows them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replyCodeOf } from '../../src/transports/smtp/smtp.reply-code.js';

describe('SMTP reply code', () => {
  it('reads the three digits of a final line, a continuation line and a bare code', () => {
    assert.equal(replyCodeOf('250 2.0.0 Ok: queued as 4F1A2'), 250);
    assert.equal(replyCodeOf('250-PIPELINING'), 250);
    assert.equal(replyCodeOf('354'), 354);
    assert.equal(replyCodeOf('421x'), 421);
    assert.equal(replyCodeOf('050 odd but digits'), 50);
  });

  it('refuses a line that does not start with three ASCII digits', () => {
    for (const line of ['', '25', '25 ok', 'OK 250', ' 250 ok', '2a0 ok', '٢٥٠ ok', '+OK', '\u0000250']) {
      assert.equal(replyCodeOf(line), undefined, JSON.stringify(line));
    }
  });
});
