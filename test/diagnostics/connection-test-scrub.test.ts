import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  runConnectionTest,
  type ConnectionTestResult,
  type ConnectionTestSpec,
} from '../../src/diagnostics/index.js';
import { startScriptedSmtp, type ScriptedSmtp } from './scripted-smtp.js';

const USER = 'avisos@example.org';

/** Every text a person sees of a test: each step's detail and error, and the warnings. */
function shown(result: ConnectionTestResult): string[] {
  return [
    ...result.steps.flatMap((s) => [
      s.detail,
      s.error?.message ?? '',
      s.error?.hint ?? '',
      s.error?.serverReply ?? '',
    ]),
    ...result.warnings,
  ].filter((text) => text !== '');
}

/** A mask touching a letter or digit stands inside a word, and so tells what it replaced. */
const MASK_IN_WORD = /[\p{L}\p{N}]\*{5}|\*{5}[\p{L}\p{N}]/u;

describe('connection test: secrets are kept out of what servers say, not out of DRobot’s own texts', () => {
  let scripted: ScriptedSmtp;

  before(async () => {
    scripted = await startScriptedSmtp();
  });
  after(() => scripted.stop());

  const run = (password: string, lang: 'es' | 'en') => {
    const spec: ConnectionTestSpec = {
      protocol: 'smtp',
      endpoint: {
        host: '127.0.0.1',
        port: scripted.port,
        security: 'none',
        timeoutMs: 1000,
        tls: { insecureSkipVerify: false },
      },
      sasl: 'auto',
      credentials: { kind: 'password', username: USER, password },
      smtpAuth: true,
      lang,
    };
    return runConnectionTest(spec);
  };

  it('a one-letter password leaves DRobot’s messages whole', async () => {
    scripted.authReply = '535 5.7.8 Authentication failed';
    const result = await run('a', 'es');
    const steps = new Map(result.steps.map((s) => [s.name, s]));
    assert.equal(steps.get('dns')?.detail, '127.0.0.1 es una dirección IP: no hace falta consultar el DNS.');
    assert.equal(steps.get('tcp')?.detail, `Conectado a 127.0.0.1:${scripted.port}.`);
    const auth = steps.get('auth');
    assert.equal(
      auth?.error?.serverReply,
      '535 5.7.8 Authentication failed',
      'an “a” inside words is no echo',
    );
    for (const text of shown(result)) assert.doesNotMatch(text, /\*{5}/, text);
  });

  it('a password that is the start of the user name leaves the user name whole', async () => {
    scripted.authReply = '535 5.7.8 Authentication failed';
    const result = await run('avisos', 'es');
    const auth = result.steps.find((s) => s.name === 'auth');
    assert.match(auth?.error?.message ?? '', /rechazó el inicio de sesión de «avisos@example\.org»/);
    for (const text of shown(result)) assert.doesNotMatch(text, MASK_IN_WORD, text);
  });

  it('a reply that echoes the password is withheld whole, never masked among its words', async () => {
    // The password, the reply that echoes it, and a word of that reply found nowhere else.
    const echoes: [password: string, reply: string, word: string][] = [
      ['password', '535 5.7.8 Invalid password', 'Invalid'],
      ['s3cret-Pw', '535 5.7.8 Credentials avisos@example.org:s3cret-Pw rejected', 'Credentials'],
      ['ab', '535 5.7.8 Login ab refused', 'refused'],
    ];
    for (const [password, reply, word] of echoes) {
      scripted.authReply = reply;
      for (const lang of ['es', 'en'] as const) {
        const result = await run(password, lang);
        const auth = result.steps.find((s) => s.name === 'auth');
        assert.equal(result.failedStep, 'auth', JSON.stringify(result.steps));
        assert.equal(auth?.error?.serverReply, '*****', reply);
        const all = JSON.stringify(result);
        assert.ok(!all.includes(word), `nothing of the reply around the password: ${all}`);
        assert.ok(!all.includes('s3cret-Pw'));
        for (const text of shown(result)) assert.doesNotMatch(text, MASK_IN_WORD, text);
      }
    }
  });
});
