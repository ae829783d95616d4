import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import {
  caseFromReferences,
  createCaseMessageId,
  createMessageId,
  formatCaseTag,
  messageIdDomain,
  parseCaseTag,
  verifyCaseMessageId,
} from '../../src/notifications/message-id.js';

const key = crypto.randomBytes(32);

test('a case Message-ID names its case and verifies under the key', () => {
  const id = createCaseMessageId(key, 4711, 'desk.example.test');
  assert.match(id, /^<case\.4711\.[0-9a-f]{16}\.[0-9a-f]{24}@desk\.example\.test>$/);
  assert.equal(verifyCaseMessageId(id, key), 4711);
  assert.equal(verifyCaseMessageId(id.slice(1, -1), key), 4711, 'angle brackets are optional');
  assert.notEqual(createCaseMessageId(key, 4711, 'desk.example.test'), id, 'every mail has its own id');
});

test('a forged or altered signature does not verify', () => {
  const id = createCaseMessageId(key, 12, 'desk.example.test');
  assert.equal(verifyCaseMessageId(id, crypto.randomBytes(32)), undefined, 'another key');
  assert.equal(verifyCaseMessageId(id.replace('case.12.', 'case.13.'), key), undefined, 'another case');
  const [, nonce = ''] = /case\.12\.([0-9a-f]{16})\./.exec(id) ?? [];
  const flipped = nonce.replace(/^./, (c) => (c === '0' ? '1' : '0'));
  assert.equal(verifyCaseMessageId(id.replace(nonce, flipped), key), undefined, 'another nonce');
  const forged = `<case.12.${'0'.repeat(16)}.${'0'.repeat(24)}@desk.example.test>`;
  assert.equal(verifyCaseMessageId(forged, key), undefined, 'a made-up signature');
  assert.equal(verifyCaseMessageId(createMessageId('desk.example.test'), key), undefined, 'not a case id');
  assert.equal(verifyCaseMessageId('<case.0.aaaa@x>', key), undefined);
});

test('a reply whose subject was rewritten still threads by the signed id in its headers', () => {
  const ours = createCaseMessageId(key, 321, 'desk.example.test');
  const reply = {
    subject: 'RE: otra cosa completamente distinta',
    inReplyTo: ours,
    references: `<root@example.test> ${ours}`,
  };
  assert.equal(parseCaseTag(reply.subject), undefined, 'the tag is gone from the subject');
  assert.equal(caseFromReferences([reply.inReplyTo, reply.references], key), 321);
  const forged = ours.replace('case.321.', 'case.322.');
  assert.equal(caseFromReferences([forged, `<x@y> ${forged}`], key), undefined);
});

test('case tags are written and found in subjects', () => {
  assert.equal(formatCaseTag(123), '[Caso #123]');
  assert.equal(formatCaseTag(9, 'Ticket'), '[Ticket #9]');
  assert.equal(parseCaseTag('RE: [Caso #123] La impresora'), 123);
  assert.equal(parseCaseTag('Fwd: [case #77] printer'), 77);
  assert.equal(parseCaseTag('[Ticket #5] x', ['Ticket']), 5);
  assert.equal(parseCaseTag('[Caso #0] x'), undefined);
  assert.equal(parseCaseTag('Caso 123'), undefined);
});

test('the Message-ID domain comes from the sender address', () => {
  assert.equal(messageIdDomain('Helpdesk@Desk.Example.TEST'), 'desk.example.test');
  assert.equal(messageIdDomain(undefined), 'drobot.invalid');
  assert.equal(messageIdDomain('bad@dom ain'), 'drobot.invalid');
});
