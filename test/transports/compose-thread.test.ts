import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ComposeThread } from '../../src/transports/mime/compose-thread.js';
import { composeMime, type OutgoingMail } from '../../src/transports/mime/outgoing-mail.js';
import { runToExit } from '../support/mail-child.js';

const fromSource = import.meta.url.endsWith('.ts');
const supportWorker = (name: string) =>
  new URL(`../support/${name}.worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);

/** A composed mail with what differs between two compositions of it (its date, its boundaries' random part) fixed. */
function comparable(raw: Buffer): string {
  return raw
    .toString('latin1')
    .replace(/^Date: .*$/m, 'Date: (date)')
    .replace(/_NmP-[0-9a-f]+-Part_/g, '_NmP-(random)-Part_');
}

function mailOf(i: number): OutgoingMail {
  const long = 'x'.repeat(90 + i);
  return {
    from: 'soporte@helpdesk.test',
    fromName: i % 2 === 0 ? 'Mesa de servicio' : 'Soporte Técnico «Nivel 1»',
    to: `usuario${i}@example.test`,
    subject:
      [`[#${1000 + i}] La impresora no imprime`, `Caso ${i}: contraseña caducada ✓`, long][i % 3] ?? '',
    text: `Hola Ana:\n\nHemos recibido su solicitud número ${i}.\n${'línea larga '.repeat(20 + i)}\n`,
    html: `<p>Hola Ana:</p><p>Hemos recibido su solicitud <b>número ${i}</b>.</p><p>${'ñandú '.repeat(30)}</p>`,
    messageId: `<caso-${i}.compose@helpdesk.test>`,
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-DRobot-Loop': 'instancia-1',
      ...(i % 4 === 0
        ? { 'In-Reply-To': `<orig-${i}@example.test>`, References: `<orig-${i}@example.test>` }
        : {}),
    },
  };
}

describe('composing on a second thread', () => {
  const thread = new ComposeThread();
  after(() => thread.close());

  test('gives every mail the bytes composing on this thread gives, each to its own mail', async () => {
    const mails = Array.from({ length: 40 }, (_, i) => mailOf(i));
    // All handed over at once, as the outbox does: every answer matched to its mail.
    const onThread = await Promise.all(mails.map((mail) => thread.compose(mail)));
    for (const [i, mail] of mails.entries()) {
      const here = await composeMime(mail);
      const there = onThread[i];
      assert.ok(there && Buffer.isBuffer(there.raw), `mail ${i} is a Buffer`);
      assert.equal(there.messageId, mail.messageId);
      assert.deepEqual(there.envelope, here.envelope);
      assert.equal(comparable(there.raw), comparable(here.raw), `mail ${i}`);
    }
  });

  test('a mail with attachments is not taken: its files stay on the main thread', async () => {
    const mail: OutgoingMail = {
      ...mailOf(1),
      attachments: [
        { filename: 'informe.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4') },
      ],
    };
    await assert.rejects(thread.compose(mail), /attachments/);
  });

  test('a thread that stops fails the mails it held; the next mail starts a new one', async () => {
    const unruly = new ComposeThread({ workerUrl: supportWorker('unruly-compose') });
    try {
      const held = [unruly.compose({ ...mailOf(2), subject: 'exit' }), unruly.compose(mailOf(3))];
      const settled = await Promise.allSettled(held);
      for (const s of settled) {
        assert.equal(s.status, 'rejected');
        assert.match(String(s.reason), /the compose thread stopped: the thread exited with code 3/);
      }
      const next = await unruly.compose(mailOf(4));
      assert.equal(next.messageId, mailOf(4).messageId);
    } finally {
      await unruly.close();
    }
  });

  test('a thread that cannot load fails the mail with the cause, and no other is started', async () => {
    const loads = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-compose-')), 'loads');
    process.env.DROBOT_TEST_LOADS = loads;
    const broken = new ComposeThread({ workerUrl: supportWorker('broken-compose') });
    try {
      await assert.rejects(broken.compose(mailOf(5)), /the compose thread did not start: .*missing/);
      await assert.rejects(broken.compose(mailOf(6)), /the compose thread did not start: .*missing/);
      assert.equal(fs.readFileSync(loads, 'utf8'), 'load\n', 'one thread was started');
    } finally {
      delete process.env.DROBOT_TEST_LOADS;
      await broken.close();
      fs.rmSync(path.dirname(loads), { recursive: true, force: true });
    }
  });

  test('an idle thread does not keep the process alive', async () => {
    // Ten minutes idle before the thread would end by itself: the child must end long before.
    const { code, signal, stdout } = await runToExit('compose-thread-child', []);
    assert.equal(signal, null, 'the process did not end with its thread idle');
    assert.equal(code, 0);
    const printed = JSON.parse(stdout) as { messageId: string; bytes: number };
    assert.equal(printed.messageId, '<child@helpdesk.test>');
    assert.ok(printed.bytes > 200, `a whole mail: ${printed.bytes} bytes`);
  });
});
