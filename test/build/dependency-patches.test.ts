import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable, type Transform } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { corpusMail } from '../../bench/corpus.js';
import { rng } from '../support/fuzz.js';
import {
  applyPatch,
  applyPatches,
  DEPENDENCY_PATCHES,
  patchesFor,
  type DependencyPatch,
} from '../../scripts/dependency-patches.js';

const require = createRequire(import.meta.url);

/**
 * A CommonJS module of node_modules run from the given source, its own requires resolved beside it (through
 * `requireHook` when given, which sees each id first).
 */
function loadCommonJs(file: string, source: string, requireHook?: (id: string) => void): unknown {
  const module = { exports: {} as unknown };
  const own = createRequire(file);
  const requireIt = (id: string): unknown => {
    requireHook?.(id);
    return own(id);
  };
  // The patched source is the package's own code: run as Node runs a CommonJS file, with its require.
  const run = new Function('require', 'module', 'exports', '__filename', '__dirname', source) as (
    ...args: unknown[]
  ) => void;
  run(requireIt, module, module.exports, file, path.dirname(file));
  return module.exports;
}

/** A patch's file as installed (a package's `exports` may not name it: found from its main module). */
function installedFile(file: string): string {
  const name = file
    .split('/')
    .slice(0, file.startsWith('@') ? 2 : 1)
    .join('/');
  const entry = require.resolve(name);
  const root = `/node_modules/${name}/`;
  return path.join(entry.slice(0, entry.lastIndexOf(root) + root.length), file.slice(name.length + 1));
}

function patchNamed(prefix: string): DependencyPatch {
  const patch = DEPENDENCY_PATCHES.find((p) => p.name.startsWith(prefix));
  assert.ok(patch, prefix);
  return patch;
}

/** What the test uses of commander's Command (its types come with the package, for the ESM entry). */
interface CommanderLike {
  exitOverride(callback?: (error: { exitCode: number }) => void): CommanderLike;
  option(flags: string): CommanderLike;
  name(name: string): CommanderLike;
  command(nameAndArgs: string, description?: string): CommanderLike;
  executableDir(dir: string): CommanderLike;
  action(fn: (...args: never[]) => void): CommanderLike;
  parse(argv: string[], options: { from: 'node' }): CommanderLike;
  parseAsync(argv: string[], options: { from: 'node' }): Promise<CommanderLike>;
}

type SplitterClass = new (options?: object) => Transform;

/** What a splitter gives for a mail fed in chunks of `size` bytes: each object, its bytes hashed. */
async function split(Splitter: SplitterClass, mail: Buffer, size: number): Promise<string[]> {
  const splitter = new Splitter();
  const out: string[] = [];
  splitter.on('data', (chunk: { type: string; value?: Buffer; getHeaders?: () => Buffer }) => {
    const bytes = chunk.type === 'node' ? chunk.getHeaders?.() : chunk.value;
    const digest = bytes ? createHash('sha256').update(bytes).digest('hex').slice(0, 16) : '-';
    out.push(`${chunk.type}:${bytes?.length ?? 0}:${digest}`);
  });
  const ended = new Promise<void>((resolve, reject) => {
    splitter.on('end', resolve);
    splitter.on('error', reject);
  });
  for (let at = 0; at < mail.length; at += size) splitter.write(mail.subarray(at, at + size));
  splitter.end();
  await ended;
  return out;
}

/** sanitize-html's one function, as the tests call it. */
type SanitizeHtml = (html: string, options?: Record<string, unknown>) => string;

/** What the tests use of libmime's charset module, in either build. */
interface CharsetModule {
  decode(bytes: Buffer, charset: string): string;
  createDecodeStream(charset: string): Transform;
}

/** Text in charsets iconv-lite decodes with its double byte codecs, and a few it decodes otherwise. */
const CHARSET_SAMPLES: ReadonlyArray<readonly [string, string]> = [
  ['gb18030', '中文邮件测试：服务器无法连接 𠀀𠀁 and ASCII 0123'],
  ['gbk', '请帮忙重置密码，谢谢！'],
  ['gb2312', '打印机没有反应'],
  ['big5', '繁體中文的請求：網路中斷'],
  ['euc-kr', '비밀번호를 잊어버렸습니다'],
  ['shift_jis', 'パスワードを忘れました'],
  ['windows-1252', 'Contraseña olvidada – ¿ayuda?'],
  ['utf-16', '\ufeffSin conexión desde el lunes'],
];

/** Each sample through `decode` and through a decode stream fed in chunks of 1, 2, 3, 7 bytes and whole. */
async function decodeSamples(charsets: CharsetModule): Promise<string[]> {
  const iconv = require('iconv-lite') as { encode(text: string, charset: string): Buffer };
  const out: string[] = [];
  for (const [charset, text] of CHARSET_SAMPLES) {
    const bytes = iconv.encode(text, charset);
    out.push(`${charset}: ${charsets.decode(bytes, charset)}`);
    for (const size of [1, 2, 3, 7, bytes.length]) {
      const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
        bytes.subarray(i * size, (i + 1) * size),
      );
      const decoded: Buffer[] = [];
      for await (const chunk of Readable.from(chunks).pipe(charsets.createDecodeStream(charset))) {
        decoded.push(chunk as Buffer);
      }
      out.push(`${charset}/${size}: ${Buffer.concat(decoded).toString('utf8')}`);
    }
  }
  return out;
}

/** The modules a CommonJS file requires, loaded afresh (not from the cache) when it next requires them. */
function forgetCached(packageDir: string): void {
  for (const id of Object.keys(require.cache)) if (id.includes(packageDir)) delete require.cache[id];
}

/** Random draws counted: a stand-in for `node:crypto` in copies of nodemailer's MIME modules. */
const COUNTING_CRYPTO = `import crypto from 'node:crypto';
export const draws = { count: 0 };
export default { ...crypto, randomBytes: (size) => { draws.count += 1; return crypto.randomBytes(size); } };
`;

/** What the test uses of nodemailer's MailComposer, loaded from a copy. */
interface ComposerCopy {
  readonly MailComposer: new (mail: object) => { compile(): { build(): Promise<Buffer> } };
  readonly MimeNode: new (contentType?: string) => { _normalizeHeaderKey(key: unknown): string };
  readonly draws: { count: number };
}

/**
 * A copy of nodemailer's ES modules with `node:crypto` counted in its MIME node, and the given patches
 * applied to that file: the package as shipped and as patched, loaded the same way.
 */
async function nodemailerCopy(patches: readonly DependencyPatch[]): Promise<ComposerCopy> {
  const esm = path.dirname(path.dirname(installedFile('nodemailer/dist/esm/mime-node/index.js')));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-nodemailer-'));
  fs.cpSync(esm, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'counting-crypto.js'), COUNTING_CRYPTO);
  const nodeFile = path.join(dir, 'mime-node/index.js');
  const source = applyPatches(fs.readFileSync(nodeFile, 'utf8'), patches);
  fs.writeFileSync(
    nodeFile,
    source.replace("import crypto from 'node:crypto';", "import crypto from '../counting-crypto.js';"),
  );
  const url = (file: string) => pathToFileURL(path.join(dir, file)).href;
  const composer = (await import(url('mail-composer/index.js'))) as { default: ComposerCopy['MailComposer'] };
  const node = (await import(url('mime-node/index.js'))) as { default: ComposerCopy['MimeNode'] };
  const counter = (await import(url('counting-crypto.js'))) as { draws: { count: number } };
  return { MailComposer: composer.default, MimeNode: node.default, draws: counter.draws };
}

/** Hashes counted: a stand-in for `node:crypto`'s createHash in copies of imapflow's tools module. */
const COUNTING_HASH = `import crypto from 'node:crypto';
export const hashes = { count: 0 };
export const createHash = (...args) => { hashes.count += 1; return crypto.createHash(...args); };
`;

/** What the test uses of imapflow's tools module, loaded from a copy. */
interface ImapflowTools {
  formatMessageResponse(
    untagged: object,
    mailbox: object,
    idHashAlgorithm?: string,
  ): Promise<Record<string, unknown> & { partialOrigins?: unknown }>;
  readonly hashes: { count: number };
}

/**
 * imapflow's tools module as shipped or with the given patches, copied with its imports pointed at the
 * installed files (its own and its packages') and `createHash` counted.
 */
async function imapflowTools(patches: readonly DependencyPatch[]): Promise<ImapflowTools> {
  const file = installedFile('imapflow/dist/esm/tools.js');
  const here = pathToFileURL(path.dirname(file)).href;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-imapflow-'));
  fs.writeFileSync(path.join(dir, 'counting-hash.mjs'), COUNTING_HASH);
  const source = applyPatches(fs.readFileSync(file, 'utf8'), patches)
    .replace(/from '\.\//g, `from '${here}/`)
    .replace("from 'libmime'", `from '${import.meta.resolve('libmime')}'`)
    .replace("from 'iconv-lite'", `from '${import.meta.resolve('iconv-lite')}'`)
    .replace(
      "import { createHash } from 'node:crypto';",
      "import { createHash } from './counting-hash.mjs';",
    );
  fs.writeFileSync(path.join(dir, 'tools.mjs'), source);
  const tools = (await import(pathToFileURL(path.join(dir, 'tools.mjs')).href)) as Pick<
    ImapflowTools,
    'formatMessageResponse'
  >;
  const counter = (await import(pathToFileURL(path.join(dir, 'counting-hash.mjs')).href)) as {
    hashes: { count: number };
  };
  return { formatMessageResponse: tools.formatMessageResponse, hashes: counter.hashes };
}

/** What the test uses of htmlparser2's Tokenizer: built with callbacks, fed chunks, ended. */
interface TokenizerLike {
  write(chunk: string): void;
  end(): void;
}
type TokenizerClass = new (options: object, callbacks: object) => TokenizerLike;

/** htmlparser2's Tokenizer of one build, as shipped or patched (an ES module copy, or CommonJS run here). */
async function htmlTokenizer(build: 'esm' | 'commonjs', patched: boolean): Promise<TokenizerClass> {
  const file = installedFile(`htmlparser2/dist/${build}/Tokenizer.js`);
  const source = applyPatches(fs.readFileSync(file, 'utf8'), patched ? patchesFor(file) : []);
  if (build === 'commonjs') return (loadCommonJs(file, source) as { default: TokenizerClass }).default;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-htmlparser2-'));
  const entities = pathToFileURL(require.resolve('entities/decode', { paths: [path.dirname(file)] })).href;
  fs.writeFileSync(
    path.join(dir, 'Tokenizer.mjs'),
    source.replace('from "entities/decode"', `from "${entities}"`),
  );
  return ((await import(pathToFileURL(path.join(dir, 'Tokenizer.mjs')).href)) as { default: TokenizerClass })
    .default;
}

/** Every callback the tokenizer makes for the chunks, with its arguments, in order. */
function tokenEvents(Tokenizer: TokenizerClass, options: object, chunks: readonly string[]): string[] {
  const events: string[] = [];
  const callbacks = new Proxy(
    {},
    {
      get:
        (_target, name) =>
        (...args: unknown[]) =>
          events.push(`${String(name)}(${args.join(',')})`),
    },
  );
  const tokenizer = new Tokenizer(options, callbacks);
  for (const chunk of chunks) tokenizer.write(chunk);
  tokenizer.end();
  return events;
}

/** Pieces of HTML, well-formed or not, that make texts and attribute values stop, start and run on. */
const HTML_PIECES: readonly string[] = [
  'Hola Ana, ',
  'línea ñ €',
  ' ',
  '\n',
  '&',
  '&amp;',
  '&lt;',
  '&#169;',
  '&#x3c;',
  '&copy',
  '&nosuch;',
  '&am',
  '<',
  '>',
  '<p>',
  '</p>',
  '<b>',
  '</b',
  '<br/>',
  '<p style="color: red; font-family: Arial">',
  '<a href=\'https://e.example/?a=1&amp;b=2&c=3\' title="x & y">',
  '<a title="unclosed',
  "<img alt='",
  '"',
  "'",
  '=',
  '<!-- c -->',
  '<![CDATA[x]]>',
  '<script>if (a < b && c) x();</script>',
  '<style>p { color: red }</style>',
  '<title>A &amp; B</title>',
  '<textarea>1 < 2</textarea>',
  '<!DOCTYPE html>',
  '<?xml x?>',
];

describe('dependency patches', () => {
  test('each patch applies to the installed package exactly once, and the bundler finds it by path', () => {
    for (const patch of DEPENDENCY_PATCHES) {
      const file = installedFile(patch.file);
      const patched = applyPatch(fs.readFileSync(file, 'utf8'), patch);
      assert.ok(patched.includes(patch.replace), patch.name);
      assert.ok(patchesFor(file).includes(patch), patch.name);
      // All of a file's patches apply together, in order.
      const all = applyPatches(fs.readFileSync(file, 'utf8'), patchesFor(file));
      assert.ok(all.includes(patch.replace), patch.name);
    }
    assert.deepEqual(patchesFor(installedFile('@zone-eu/mailsplit/lib/headers.js')), []);
    assert.deepEqual(patchesFor('/x/node_modules/other/commander/lib/command.js'), []);
  });

  test('a passage missing or found twice fails the build, naming the patch', () => {
    const patch = patchNamed('mailsplit');
    assert.throws(() => applyPatch('nothing here', patch), /mailsplit: .*exactly once/);
    assert.throws(() => applyPatch(`${patch.find}\n${patch.find}`, patch), /exactly once/);
  });

  test("mailsplit's line scan and body lines: the patched splitter gives what the package's gives, byte for byte", async () => {
    const file = installedFile('@zone-eu/mailsplit/lib/message-splitter.js');
    const Original = require(file) as SplitterClass;
    // Both patches of the file, as the bundle applies them.
    const patches = patchesFor(file);
    assert.equal(patches.length, 2);
    const Patched = loadCommonJs(file, applyPatches(fs.readFileSync(file, 'utf8'), patches)) as SplitterClass;
    assert.notEqual(Patched, Original);

    const boundary = 'b0undary';
    const edgeCases = [
      Buffer.alloc(0),
      Buffer.from('Subject: no line break at all'),
      Buffer.from('Subject: lf only\n\nline one\nline two\n'),
      Buffer.from('Subject: cr only\r\rline one\rline two'),
      Buffer.from(`Subject: long line\r\n\r\n${'x'.repeat(200_000)}\r\nend`),
      Buffer.from(
        `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\npreamble\r\n--${boundary}\r\n` +
          `Content-Type: text/plain\r\n\r\n.\r\nfirst\n--${boundary}\n\nsecond\r\n--${boundary}--\r\nepilogue`,
      ),
      // Body lines that look like delimiters without being one, delimiters after a lone CR, a part that
      // ends on a bare LF, nested multiparts whose inner one is never closed, an embedded message.
      Buffer.from(
        `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\n` +
          `Content-Type: text/plain\r\n\r\n- dash\r\n-- two dashes\r\n--${boundary}x\r\n\r\r\n\rtext\r\n` +
          `\r--${boundary}\r\nContent-Type: multipart/alternative; boundary="inner"\r\n\r\n--inner\r\n` +
          `Content-Type: text/html\r\n\r\n<p>a</p>\n${'line of a body\r\n'.repeat(3000)}--${boundary}\r\n` +
          `Content-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\nSubject: inner\r\n\r\n` +
          `${'x'.repeat(70)}\r\n`.repeat(500) +
          `--${boundary}--\r\n${'epilogue line\r\n'.repeat(100)}`,
      ),
      Buffer.from(
        `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\n` +
          `Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
          `${'QUJDRA=='.repeat(9)}\r\n`.repeat(4000) +
          `--${boundary}--`,
      ),
    ];
    const mails = [
      ...edgeCases,
      ...Array.from({ length: 40 }, (_, i) => corpusMail(i, { tag: 'patch' }).raw),
    ];
    let objects = 0;
    for (const [index, mail] of mails.entries()) {
      for (const size of [mail.length || 1, 65_536, 1_000, 7]) {
        if (size === 7 && mail.length > 20_000) continue; // byte-sized chunks of a large mail add time only
        const expected = await split(Original, mail, size);
        assert.deepEqual(await split(Patched, mail, size), expected, `mail ${index}, chunks of ${size}`);
        objects += expected.length;
      }
    }
    // The comparison saw the splitter's real output: headers, bodies and delimiters of every part.
    assert.ok(objects > 1000, `${objects} objects compared`);
  });

  test('commander: child_process is not loaded with the module, and an executable subcommand still spawns', async () => {
    const file = installedFile('commander/lib/command.js');
    const patched = applyPatch(fs.readFileSync(file, 'utf8'), patchNamed('commander'));
    const requested: string[] = [];
    const { Command } = loadCommonJs(file, patched, (id) => requested.push(id)) as {
      Command: new () => CommanderLike;
    };
    assert.ok(!requested.includes('node:child_process'), requested.join(' '));

    // A program as drobot writes them: options, a subcommand with an action.
    const seen: unknown[] = [];
    const program = new Command().exitOverride().option('--json');
    program
      .command('fetch <name>')
      .option('--once')
      .action((name: string, flags: unknown) => {
        seen.push(name, flags);
      });
    await program.parseAsync(['node', 'drobot', 'fetch', 'mesa', '--once'], { from: 'node' });
    assert.deepEqual(seen, ['mesa', { once: true }]);
    assert.ok(!requested.includes('node:child_process'));

    // An executable subcommand (which drobot never declares) loads it when it spawns, and runs: the child
    // says so by its exit code (its output would go into the test runner's).
    const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-commander-')), 'tool-hello.js');
    fs.writeFileSync(script, 'process.exitCode = 3;\n');
    const exited = new Promise<number>((resolve) => {
      const tool = new Command().name('tool').exitOverride((error) => resolve(error.exitCode));
      tool.executableDir(path.dirname(script)).command('hello', 'says hello');
      tool.parse(['node', path.join(path.dirname(script), 'tool'), 'hello'], { from: 'node' });
    });
    assert.equal(await exited, 3);
    assert.ok(requested.includes('node:child_process'));
    fs.rmSync(path.dirname(script), { recursive: true, force: true });
  });
  test('sanitize-html: postcss is not loaded with the module; its output is the same, style attributes too', () => {
    const file = installedFile('sanitize-html/index.js');
    const Original = require(file) as SanitizeHtml;
    const requested: string[] = [];
    const Patched = loadCommonJs(
      file,
      applyPatch(fs.readFileSync(file, 'utf8'), patchNamed('sanitize-html')),
      (id) => requested.push(id),
    ) as SanitizeHtml;
    assert.ok(!requested.includes('postcss'), requested.join(' '));
    const htmls = [
      '<p style="color: red; position: fixed">Hola <b>Ana</b><script>x()</script></p>',
      '<a href="https://e.example" onclick="y">l</a><img src="cid:x"><img src="http://t.example/p.gif">',
      ...Array.from({ length: 40 }, (_, i) => corpusMail(i, { tag: 'patch' }).raw.toString('latin1')),
    ];
    // DRobot's own options leave style out; a configuration that allows it has postcss parse the attribute.
    const withStyles = { allowedAttributes: { p: ['style'] }, allowedStyles: { p: { color: [/^red$/] } } };
    for (const html of htmls) {
      assert.equal(Patched(html), Original(html));
      assert.equal(Patched(html, withStyles), Original(html, withStyles));
    }
    assert.ok(requested.includes('postcss'), 'postcss loaded once a style attribute is parsed');
    assert.equal(Patched(htmls[0] ?? '', withStyles), '<p style="color:red">Hola <b>Ana</b></p>');
  });

  test('sanitize-html: with both patches, the same output for texts and attribute values of every kind', () => {
    const file = installedFile('sanitize-html/index.js');
    const Original = require(file) as SanitizeHtml;
    const patches = patchesFor(file);
    assert.equal(patches.length, 2);
    const Patched = loadCommonJs(file, applyPatches(fs.readFileSync(file, 'utf8'), patches)) as SanitizeHtml;
    const escapes = [
      '',
      'plain',
      '&',
      '&amp;',
      '&lt;b&gt;',
      '&#x3c;script&#x3e;',
      '&unknown;',
      '"',
      "'",
      '<',
      '>',
    ];
    const htmls = [
      ...escapes.flatMap((e) => [
        `<p>a ${e} b</p>`,
        `<a href="https://e.example/?q=${e}&x=1" title='say ${e} "hi"'>${e}</a>`,
        `<img src="cid:x" alt="${e}">${e}`,
        `<textarea>${e}</textarea><option>${e}</option>`,
      ]),
      '<p>x &lt;script&gt;alert(1)&lt;/script&gt; y</p>',
      '<p title="a &quot;b&quot; &amp; c">Ana &amp; Luis &copy; 2026 &#169; &#xA9;</p>',
      ...Array.from({ length: 60 }, (_, i) => corpusMail(i, { tag: 'escape' }).raw.toString('latin1')),
    ];
    const options = [
      undefined,
      { allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt'], p: ['title'] } },
      { allowedTags: ['p', 'textarea', 'option'], disallowedTagsMode: 'escape' },
      { parser: { decodeEntities: false } },
    ];
    for (const html of htmls) {
      for (const option of options) assert.equal(Patched(html, option), Original(html, option), html);
    }
    // The fast path returns most texts as they are, and a quote in an attribute value is still escaped.
    assert.equal(
      Patched('<a title=\'say "hi"\'>x</a>', { allowedAttributes: { a: ['title'] } }),
      '<a title="say &quot;hi&quot;">x</a>',
    );
  });

  test('imapflow: every FETCH answer formatted as before; the message id hashed only when read', async () => {
    const patches = patchesFor(installedFile('imapflow/dist/esm/tools.js'));
    assert.equal(patches.length, 2);
    const shipped = await imapflowTools([]);
    const patched = await imapflowTools(patches);
    const atom = (value: string, more: object = {}) => ({ type: 'ATOM', value, ...more });
    const literal = (text: string) => ({ type: 'LITERAL', value: Buffer.from(text) });
    const fetch = (seq: number, items: unknown[]) => ({
      tag: '*',
      command: String(seq),
      attributes: [atom('FETCH'), items],
    });
    const answers = [
      fetch(1, [
        atom('UID'),
        atom('7'),
        atom('RFC822.SIZE'),
        atom('2048'),
        atom('BODY', { section: [], partial: [0] }),
      ]),
      fetch(2, [
        atom('UID'),
        atom('8'),
        atom('BODY', { section: [], partial: [0] }),
        literal('Subject: hola\r\n\r\nbody'),
      ]),
      fetch(3, [
        atom('uid'),
        atom('9'),
        atom('FLAGS'),
        [atom('\\Seen'), atom('$Etiqueta')],
        atom('MODSEQ'),
        [atom('77')],
      ]),
      fetch(4, [
        atom('UID'),
        atom('10'),
        atom('INTERNALDATE'),
        { type: 'STRING', value: '01-Dec-2026 10:00:00 +0000' },
      ]),
      fetch(5, [
        atom('UID'),
        atom('11'),
        atom('EMAILID'),
        [atom('M6d99ac3275bb4e')],
        atom('X-GM-MSGID'),
        atom('123'),
      ]),
      fetch(6, [
        atom('UID'),
        atom('12'),
        atom('BODY', { section: [atom('HEADER.FIELDS'), [atom('SUBJECT'), atom('FROM')]] }),
        literal('Subject: x\r\n\r\n'),
        atom('BINARY', { section: [atom('1')], partial: [4, 10] }),
        literal('abc'),
        atom('BODY', { section: [atom('2')] }),
        literal('part two'),
      ]),
      fetch(7, [atom('UID'), atom('13'), atom('X-WEIRD['), atom('v'), atom('RFC822'), literal('whole mail')]),
      fetch(8, [atom('RFC822.SIZE'), atom('5')]),
    ];
    const mailboxes = [
      { path: 'INBOX', uidValidity: 42n },
      { path: 'Bandeja/Peticiónes', uidValidity: 7n },
      { path: 'Archivo' },
    ];
    for (const mailbox of mailboxes) {
      for (const answer of answers) {
        const before = await shipped.formatMessageResponse(answer, mailbox);
        const after = await patched.formatMessageResponse(answer, mailbox);
        assert.deepEqual(Object.keys(after), Object.keys(before), JSON.stringify(answer));
        assert.deepEqual(after, before, JSON.stringify(answer));
        const json = (value: unknown) =>
          JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
        assert.equal(json(after), json(before));
        assert.deepEqual(after.partialOrigins, before.partialOrigins);
      }
    }
    assert.deepEqual(
      (await patched.formatMessageResponse(answers[0] ?? {}, mailboxes[0] ?? {}, 'sha256')).id,
      (await shipped.formatMessageResponse(answers[0] ?? {}, mailboxes[0] ?? {}, 'sha256')).id,
    );
    // As shipped each message is hashed at once; patched, only a message whose id is read, once.
    shipped.hashes.count = 0;
    patched.hashes.count = 0;
    const fetched = [];
    for (const answer of answers.slice(0, 4)) {
      await shipped.formatMessageResponse(answer, mailboxes[0] ?? {});
      fetched.push(await patched.formatMessageResponse(answer, mailboxes[0] ?? {}));
    }
    assert.equal(shipped.hashes.count, 4);
    assert.equal(patched.hashes.count, 0);
    assert.match(String(fetched[0]?.id), /^[0-9a-f]{32}$/);
    assert.equal(fetched[0]?.id, fetched[0]?.id);
    assert.equal(patched.hashes.count, 1);
    // Set before being read, the id is the value set, and nothing is hashed.
    const set = fetched[1] ?? {};
    set.id = 'mine';
    assert.equal(set.id, 'mine');
    assert.equal(patched.hashes.count, 1);
  });

  test('libmime: loading it builds no GBK codec, and every charset decodes as before, in both builds', async () => {
    const cjsFile = installedFile('libmime/dist/cjs/charset.js');
    const cjsSource = fs.readFileSync(cjsFile, 'utf8');
    const original = require(cjsFile) as CharsetModule;
    const expected = await decodeSamples(original);
    // Every sample decoded to its text (the comparison below is of real output, not of two failures).
    for (const [charset, text] of CHARSET_SAMPLES) {
      assert.ok(expected.includes(`${charset}/1: ${text}`), `${charset} decoded byte by byte`);
    }

    // The codecs iconv-lite has built, once a fresh copy of it has loaded the module from `source`.
    const codecsBuiltBy = (source: string) => {
      forgetCached('/node_modules/iconv-lite/');
      const loaded = loadCommonJs(cjsFile, source) as CharsetModule;
      const iconv = createRequire(cjsFile)('iconv-lite') as { _codecDataCache: object };
      return { loaded, built: Object.keys(iconv._codecDataCache) };
    };
    assert.ok(codecsBuiltBy(cjsSource).built.includes('gbk'), 'the package as shipped builds GBK');
    const cjs = codecsBuiltBy(applyPatch(cjsSource, patchNamed('libmime (cjs)')));
    assert.ok(!cjs.built.includes('gbk'), cjs.built.join(' '));
    assert.deepEqual(await decodeSamples(cjs.loaded), expected);

    // The ES module build, its imports pointed at the installed files.
    const esmFile = installedFile('libmime/dist/esm/charset.js');
    const esmSource = applyPatch(fs.readFileSync(esmFile, 'utf8'), patchNamed('libmime (esm)'))
      .replace(
        "from 'iconv-lite'",
        `from '${pathToFileURL(createRequire(esmFile).resolve('iconv-lite')).href}'`,
      )
      .replace(
        "from 'encoding-japanese'",
        `from '${pathToFileURL(createRequire(esmFile).resolve('encoding-japanese')).href}'`,
      )
      .replace(
        "from './charsets.js'",
        `from '${pathToFileURL(path.join(path.dirname(esmFile), 'charsets.js')).href}'`,
      );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-libmime-'));
    fs.writeFileSync(path.join(dir, 'charset.mjs'), esmSource);
    const esm = (await import(pathToFileURL(path.join(dir, 'charset.mjs')).href)) as CharsetModule;
    assert.deepEqual(await decodeSamples(esm), expected);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  test("nodemailer: a mail's bytes as before, without a random draw per part nor a header name normalized twice", async () => {
    const patches = patchesFor(installedFile('nodemailer/dist/esm/mime-node/index.js'));
    assert.equal(patches.length, 2);
    const shipped = await nodemailerCopy([]);
    const patched = await nodemailerCopy(patches);
    const mail = (i: number) => ({
      from: { name: 'Mesa de servicio', address: 'soporte@helpdesk.test' },
      to: `usuario${i}@example.test`,
      subject: `[Caso #${i}] Impresora sin tóner — ¿la revisan?`,
      text: `Hola Ana,\n\nSu caso ${i} fue recibido. Línea larga ${'ñ'.repeat(120)}\n-- \nMesa`,
      html: `<p>Hola <b>Ana</b>,</p><p>Su caso ${i} fue recibido.</p>`,
      messageId: `<caso-${i}@helpdesk.test>`,
      date: new Date('2026-03-02T10:00:00Z'),
      baseBoundary: `base${i}`,
      headers: {
        'auto-submitted': 'auto-generated',
        'X-DROBOT-LOOP': 'inst',
        'in-reply-to': '<a@b>',
        'mime-version': '1.0',
      },
      attachments: i % 2 ? [{ filename: 'informe.txt', content: Buffer.from(`informe ${i}`) }] : [],
    });
    for (let i = 0; i < 6; i += 1) {
      const before = { shipped: shipped.draws.count, patched: patched.draws.count };
      const expected = await new shipped.MailComposer(mail(i)).compile().build();
      assert.deepEqual(await new patched.MailComposer(mail(i)).compile().build(), expected, `mail ${i}`);
      // The parts (two or three nodes under the root) drew their own bytes; patched, none is drawn.
      assert.ok(shipped.draws.count - before.shipped >= 2, 'the package as shipped draws per part');
      assert.equal(patched.draws.count - before.patched, 0);
      // Real output: the header names normalized (the comparison above is of composed mails).
      assert.ok(expected.includes('X-Drobot-Loop: inst\r\n'), expected.toString());
      assert.ok(expected.includes('Auto-Submitted: auto-generated\r\n'));
    }
    // Header names, odd ones too, normalized as before, the first time and from what was kept.
    const names = [
      'x-smtpapi',
      'mime-version',
      'DKIM-signature',
      'content-features',
      'x-spf',
      'message-id',
      'From: x (',
      ' sub ject ',
      'otp-token',
      '',
      'X-Drobot-Loop',
    ];
    for (const round of [1, 2]) {
      for (const name of [...names, undefined, null, 7]) {
        assert.equal(
          new patched.MimeNode()._normalizeHeaderKey(name),
          new shipped.MimeNode()._normalizeHeaderKey(name),
          `${String(name)}, round ${round}`,
        );
      }
    }
  });
  test('htmlparser2: the tokenizer makes the same callbacks for texts and attribute values, in both builds', async () => {
    const r = rng(0x4e7);
    const int = (n: number) => Math.floor(r() * n);
    const htmls = [
      '',
      'plain text only',
      'a & b',
      'x<y',
      '<p class="a&amp;b" title=\'q"\'>t &lt; u</p>',
      '<a href="x">never closed',
      ...Array.from({ length: 40 }, (_, i) => corpusMail(i, { tag: 'tokens' }).raw.toString('latin1')),
      ...Array.from({ length: 300 }, () =>
        Array.from({ length: 1 + int(60) }, () => HTML_PIECES[int(HTML_PIECES.length)] ?? '').join(''),
      ),
    ];
    const options = [
      { decodeEntities: true },
      { decodeEntities: true, xmlMode: true },
      { decodeEntities: false },
    ];
    for (const build of ['esm', 'commonjs'] as const) {
      assert.equal(patchesFor(installedFile(`htmlparser2/dist/${build}/Tokenizer.js`)).length, 2);
      const shipped = await htmlTokenizer(build, false);
      const patched = await htmlTokenizer(build, true);
      for (const html of htmls) {
        // Whole, and cut at random places (a text or a value running across chunks).
        const cuts: string[] = [];
        for (let at = 0; at < html.length;) {
          const size = 1 + int(r() < 0.5 ? 8 : 400);
          cuts.push(html.slice(at, at + size));
          at += size;
        }
        for (const chunks of [[html], cuts]) {
          for (const option of options) {
            assert.deepEqual(
              tokenEvents(patched, option, chunks),
              tokenEvents(shipped, option, chunks),
              `${build} ${JSON.stringify(option)}: ${JSON.stringify(html.slice(0, 300))}`,
            );
          }
        }
      }
    }
  });
});
