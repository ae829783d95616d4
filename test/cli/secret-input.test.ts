import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { readLines, readSecrets } from '../../src/cli/secret-input.js';
import { KINDS } from '../support/account-kinds.js';
import { CLI_ENTRY, jsonOf, runCli } from '../support/cli.js';
import { createTestStore, type TestStore } from '../support/databases.js';

const SECRET = 'Tecleada-9f3k';

const addArgs = (name: string) => [
  'accounts',
  'add',
  '--name',
  name,
  '--direction',
  'inbound',
  '--protocol',
  'pop3',
  '--preset',
  'domain',
  '--host',
  '127.0.0.1',
  '--security',
  'implicit',
  '--username',
  'u@example.test',
  '--password-stdin',
];

/** Runs a command until it ends; `drive` gets its stdin and the output so far, and may type. */
function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  drive: (stdin: NodeJS.WritableStream, output: () => string) => Promise<void>,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TERM: 'dumb', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code: code ?? -1, output });
    });
    drive(child.stdin, () => output).catch(reject);
  });
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
}

describe('secrets typed or piped', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore('sqlite');
  });
  after(async () => {
    await store?.drop();
  });
  const shown = async (name: string) =>
    jsonOf<{ password: string | null }>(
      await runCli(['accounts', 'show', name, '--json'], { env: store.env }),
    ).password;

  test('from a pipe: the first lines, without waiting for the end of the input', async () => {
    const input = new PassThrough();
    input.write('uno\r\ndos\ntres\n');
    // The stream is never ended: reading must stop after the lines asked for.
    assert.deepEqual(await readLines(input, 2), ['uno', 'dos']);
    const piped = new PassThrough();
    piped.write('solo\n');
    assert.deepEqual(await readSecrets(['a: '], { input: piped, output: new PassThrough() }), ['solo']);
  });

  test('drobot accounts add --password-stdin from a pipe left open takes the first line', async () => {
    const result = await run(process.execPath, [CLI_ENTRY, ...addArgs('tubo')], store.env, async (stdin) => {
      stdin.write(`${SECRET}\n`); // and the pipe stays open, as with `cat | drobot …`
    });
    assert.equal(result.code, 0, result.output);
    assert.equal(await shown('tubo'), '*****');
  });

  test('on a fake terminal: a prompt, and what is typed is not echoed', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
    const output = new PassThrough();
    let printed = '';
    output.setEncoding('utf8').on('data', (d: string) => (printed += d));
    const answer = readSecrets(['Contraseña de «x»: '], { input, output });
    input.write(`${SECRET}\r`);
    assert.deepEqual(await answer, [SECRET]);
    assert.match(printed, /Contraseña de «x»: /);
    assert.ok(!printed.includes(SECRET), printed);
  });

  test('on a real terminal (a pseudo-terminal): drobot prompts and does not echo', async () => {
    const command = ['node', CLI_ENTRY, ...addArgs('terminal')].map((a) => `'${a}'`).join(' ');
    const result = await run('script', ['-qec', command, '/dev/null'], store.env, async (stdin, output) => {
      await until(() => /Contraseña de «terminal»: /.test(output()));
      stdin.write(`${SECRET}\r`);
    });
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /Contraseña de «terminal»: /);
    assert.ok(!result.output.includes(SECRET), `the typed secret was echoed: ${result.output}`);
    assert.equal(await shown('terminal'), '*****');
  });

  test('on a real terminal, accounts add asks for the password of an account that takes one, and only then', async () => {
    const pop3 = addArgs('x').slice(4, -1);
    const cases: Array<{ flags: string[]; asked: boolean; code: number; refused?: string }> = [
      { flags: pop3, asked: true, code: 0 },
      // No login, or a token instead of a password: the table of settings by kind says so.
      { flags: [...KINDS.smtp.flags], asked: false, code: 0 },
      { flags: [...KINDS.imapOauth.flags], asked: false, code: 0 },
      // An account the service refuses is refused at once, not after its password was typed.
      {
        flags: pop3.filter((f) => f !== '--host' && f !== '127.0.0.1'),
        asked: false,
        code: 2,
        refused: 'host',
      },
      { flags: [...KINDS.graph.flags, '--auth', 'password'], asked: false, code: 2, refused: 'connection' },
    ];
    for (const [i, c] of cases.entries()) {
      const name = `pregunta-${i}`;
      const prompt = new RegExp(`Contraseña de «${name}»: `);
      const command = ['node', CLI_ENTRY, 'accounts', 'add', '--name', name, ...c.flags]
        .map((a) => `'${a}'`)
        .join(' ');
      const result = await run('script', ['-qec', command, '/dev/null'], store.env, async (stdin, output) => {
        // Until it asks, or says how the account went without asking.
        await until(() => prompt.test(output()) || /creada \(estado|Error:/.test(output()));
        if (prompt.test(output())) stdin.write(`${SECRET}\r`);
      });
      const what = `${c.flags.join(' ')}: ${result.output}`;
      assert.equal(prompt.test(result.output), c.asked, what);
      assert.equal(result.code, c.code, what);
      if (c.refused) assert.match(result.output, new RegExp(`- ${c.refused}: `), what);
      if (c.code === 0) assert.equal(await shown(name), c.asked ? '*****' : null, what);
    }
  });
});
