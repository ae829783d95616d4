import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ackRefusal, oneLine, trimmedQuote } from '../../src/helpdesk/ack.policy.js';
import { isRobotAddress, requesterOf } from '../../src/inbound/classify/requester.js';

const person = { address: 'ana@example.test', name: 'Ana' };

describe('who a case is for, and who gets no acknowledgment', () => {
  test('a mail system’s mailbox in Reply-To never becomes the requester', () => {
    for (const machine of [
      'mailer-daemon@x.test',
      'MAILER_DAEMON@x.test',
      'postmaster@x.test',
      'bounces@x.test',
      'lista-bounces@lists.test',
      'lista-owner@lists.test',
      'lista-request@lists.test',
      'list-owner@lists.test',
    ]) {
      const requester = requesterOf(
        { from: { address: 'no-reply@forms.test' }, sender: null, replyTo: [{ address: machine }] },
        ['soporte@helpdesk.test'],
      );
      assert.equal(requester?.address, 'no-reply@forms.test', machine);
    }
  });

  test('a form’s Reply-To naming the help desk itself, its domain in Unicode or in A-labels, keeps From', () => {
    for (const [own, replyTo] of [
      ['soporte@añoranza.es', 'soporte@xn--aoranza-4za.es'],
      ['soporte@xn--aoranza-4za.es', 'Soporte@Añoranza.es'],
    ] as const) {
      const form = { address: 'no-reply@forms.test' };
      const requester = requesterOf({ from: form, sender: null, replyTo: [{ address: replyTo }] }, [own]);
      assert.equal(requester?.address, form.address, replyTo);
    }
  });

  test('a form in the help desk’s own domain, written in Unicode, hands the case to its Reply-To', () => {
    const requester = requesterOf(
      { from: { address: 'formulario@xn--aoranza-4za.es' }, sender: null, replyTo: [person] },
      ['soporte@añoranza.es'],
    );
    assert.equal(requester?.address, person.address);
  });

  test('a help desk at a public mail service does not take every Reply-To of that service for a form’s', () => {
    const own = ['soporte.acme@gmail.com'];
    const fromGmail = requesterOf(
      { from: { address: 'luis@gmail.com' }, sender: null, replyTo: [{ address: 'otro@gmail.com' }] },
      own,
    );
    assert.equal(fromGmail?.address, 'luis@gmail.com', 'a person at the same service keeps the case');
    for (const domain of ['outlook.com', 'hotmail.es', 'yahoo.com.mx', 'icloud.com', 'gmx.de']) {
      const requester = requesterOf(
        { from: { address: `luis@${domain}` }, sender: null, replyTo: [person] },
        [`soporte@${domain}`],
      );
      assert.equal(requester?.address, `luis@${domain}`, domain);
    }
    // The organization's own domain still names its own web form.
    const form = requesterOf(
      { from: { address: 'web-contacto@acme.test' }, sender: null, replyTo: [person] },
      ['soporte@acme.test'],
    );
    assert.equal(form?.address, 'ana@example.test');
  });

  test('two Reply-To fields name no single address: the requester is From', () => {
    const requester = requesterOf(
      {
        from: { address: 'no-reply@forms.test' },
        sender: null,
        replyTo: [person],
        headers: [
          { name: 'reply-to', value: 'ana@example.test' },
          { name: 'reply-to', value: 'mallory@evil.test' },
        ],
      },
      ['soporte@helpdesk.test'],
    );
    assert.equal(requester?.address, 'no-reply@forms.test');
  });

  test('the robots the requester rule knows get no acknowledgment either', () => {
    const refusal = (address: string) =>
      ackRefusal({ enabled: true, requester: { address }, headers: [], ownAddresses: new Set() });
    for (const address of [
      'notifications@app.test',
      'wordpress@acme.test',
      'forms@acme.test',
      'alerts@monitor.test',
      'no-reply@x.test',
      'postmaster@x.test',
      'lista-bounces@lists.test',
    ]) {
      assert.ok(isRobotAddress(address), address);
      assert.equal(refusal(address), 'no-reply-address', address);
    }
    for (const address of ['ana@example.test', 'notificaciones.ana@example.test', 'formacion@acme.test']) {
      assert.equal(refusal(address), undefined, address);
    }
  });

  test('a subject or a quote cut to its bound never cuts a character in half', () => {
    const subject = `${'a'.repeat(198)}😀😀`;
    const line = oneLine(subject, 200);
    assert.equal(line, `${'a'.repeat(198)}…`);
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(line), 'no lone surrogate');
    const quote = trimmedQuote(`${'b'.repeat(3999)}😀 fin`);
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(quote), 'no lone surrogate in the quote');
  });
});
