import { ComposeThread } from '../../src/transports/mime/compose-thread.js';

/**
 * Composes one mail on a compose thread that would stay loaded for ten minutes, prints its Message-ID and
 * returns without closing it: the process must end all the same (an idle thread does not hold it).
 */
const thread = new ComposeThread({ idleMs: 600_000 });
const message = await thread.compose({
  from: 'soporte@helpdesk.test',
  to: 'ana@example.test',
  subject: 'Caso abierto',
  text: 'Hola',
  html: '<p>Hola</p>',
  messageId: '<child@helpdesk.test>',
  headers: {},
});
process.stdout.write(`${JSON.stringify({ messageId: message.messageId, bytes: message.raw.length })}\n`);
