import type { NewMessage } from '../../src/cases/case.types.js';

/** A requester's mail as the case store takes it, with what a test changes of it. */
export function newMessage(over: Partial<NewMessage> = {}): NewMessage {
  return {
    direction: 'in',
    classification: 'normal',
    from: { address: 'Ana@Example.test', name: 'Ana Pérez' },
    to: [{ address: 'soporte@example.test' }],
    cc: [],
    subject: 'No funciona la impresora',
    sentAt: '2026-01-02T10:00:00.000Z',
    messageId: '<m1@example.test>',
    inReplyTo: null,
    references: [],
    text: 'Hola,\nla impresora no imprime.',
    textReply: 'Hola,\nla impresora no imprime.',
    html: null,
    rawHash: null,
    attachments: [],
    ...over,
  };
}
