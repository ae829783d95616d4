/**
 * Changes made to dependencies' code as `drobot` is bundled (scripts/bundle.ts), each one the same behaviour
 * done faster, measured, and tested against the unchanged module (test/build/dependency-patches.test.ts).
 * Each replaces one exact passage of one file (a file may have several, applied in this list's order): when
 * a new version of the package no longer has that passage the build fails, naming the patch, so a patch is
 * never silently lost nor applied to code it was not written for.
 */

export interface DependencyPatch {
  /** What the patch does and why, for the build's error and the reader. */
  readonly name: string;
  /** The file, relative to node_modules. */
  readonly file: string;
  /** The passage replaced, exactly as the package ships it (found exactly once). */
  readonly find: string;
  readonly replace: string;
}

/** The last branch of htmlparser2's text and quoted-value states (an entity starts), where both patches add one. */
const TOKENIZER_ENTITY_BRANCH = [
  '        else if (this.decodeEntities && c === CharCodes.Amp) {',
  '            this.startEntity();',
  '        }',
];

export const DEPENDENCY_PATCHES: readonly DependencyPatch[] = [
  {
    // The splitter looks for the end of each line one byte at a time in JavaScript: a tenth of the parse
    // thread's time on the bench corpus (base64 attachments are thousands of lines). `indexOf` finds the
    // same next line feed with memchr; the loop then goes on exactly as before, from that byte.
    name: 'mailsplit: find the next line feed with Buffer.indexOf',
    file: '@zone-eu/mailsplit/lib/message-splitter.js',
    find: [
      '                if (chunk[i] !== 0x0a) {',
      '                    i++;',
      '                    continue;',
      '                }',
    ].join('\n'),
    replace: [
      '                if (chunk[i] !== 0x0a) {',
      '                    const lineFeed = chunk.indexOf(0x0a, i);',
      '                    i = lineFeed === -1 ? chunk.length : lineFeed;',
      '                    continue;',
      '                }',
    ].join('\n'),
  },
  {
    // Every line of a body (a base64 attachment is hundreds of lines) is sliced into a Buffer of its own,
    // wrapped in an object, looked at as a possible delimiter and handed to the line handler, which only moves
    // the end of the body chunk it is growing. A line that cannot be a delimiter (it starts with neither
    // `-` nor a CR), read in a body whose chunk is already growing, with no partial line pending, gets that
    // one move here: what the splitter emits, and when it yields to the event loop, are unchanged.
    name: 'mailsplit: a body line that cannot be a delimiter extends its chunk without being processed',
    file: '@zone-eu/mailsplit/lib/message-splitter.js',
    find: [
      '                // line end',
      '                let start = Math.max(pos, 0);',
      '                pos = ++i;',
    ].join('\n'),
    replace: [
      '                // line end',
      '                let start = Math.max(pos, 0);',
      '                pos = ++i;',
      '',
      '                if (',
      '                    this.state === BODY &&',
      '                    !this.lineLength &&',
      '                    !this.pendingLineTruncated &&',
      '                    chunk[start] !== 0x2d &&',
      '                    chunk[start] !== 0x0d &&',
      "                    group.type === (this.node.multipart ? 'data' : 'body')",
      '                ) {',
      '                    groupend = i;',
      '                    if (i - yieldPos < YIELD_BYTES) {',
      '                        continue;',
      '                    }',
      '                    setImmediate(iterateData);',
      '                    return;',
      '                }',
    ].join('\n'),
  },
  {
    // sanitize-html loads postcss (a CSS parser and all its parts) when it is required, for the style
    // attributes it parses when a configuration allows them; DRobot's never does (`style` is not an allowed
    // attribute, so it is dropped before it would be parsed). Loaded on first use instead: 15–30 ms of every
    // parse thread's start. `parse` is the only member sanitize-html uses.
    name: 'sanitize-html: postcss loaded on first use',
    file: 'sanitize-html/index.js',
    find: "const { parse: postcssParse } = require('postcss');",
    replace: "const postcssParse = (...args) => require('postcss').parse(...args);",
  },
  {
    // sanitize-html escapes every text node and attribute value twice: with decoded entities (its default,
    // and DRobot's) it replaces `&`, `<`, `>` (and `"`), then runs a second set of replacements that can
    // change nothing left by the first (every `&` then starts `&amp;`, `&lt;`, `&gt;` or `&quot;`, which the
    // second set leaves alone, and no `<` or `>` is left). The first set alone, and nothing at all for a text
    // without those characters (most of them): a tenth of sanitizing a mail's HTML.
    name: 'sanitize-html: a text escaped in one pass, not at all when it has nothing to escape',
    file: 'sanitize-html/index.js',
    find: [
      '    if (options.parser.decodeEntities) {',
      "      s = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');",
      '      if (quote) {',
      "        s = s.replace(/\"/g, '&quot;');",
      '      }',
      '    }',
    ].join('\n'),
    replace: [
      '    if (options.parser.decodeEntities) {',
      '      if (!/[&<>"]/.test(s)) {',
      '        return s;',
      '      }',
      "      s = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');",
      '      if (quote) {',
      "        s = s.replace(/\"/g, '&quot;');",
      '      }',
      '      return s;',
      '    }',
    ].join('\n'),
  },
  {
    // imapflow names each item of a FETCH answer by compiling it back to IMAP text (a walk over the token,
    // its checks, Buffers joined), twice per mail (UID, the body): 58 ms of the main thread per 1,000 mails
    // over IMAPS. A plain item name (an atom of letters, digits, dots and dashes, no section, no partial)
    // compiles to itself, so it is taken as it is; anything else is compiled as before.
    name: 'imapflow: a plain FETCH item name is its own key',
    file: 'imapflow/dist/esm/tools.js',
    find: [
      '            key = compiler({',
      '                attributes: [attribute]',
      '            })',
      '                .toString()',
    ].join('\n'),
    replace: [
      "            key = (attribute && attribute.type === 'ATOM' && !attribute.section && !attribute.partial &&",
      "                typeof attribute.value === 'string' && /^[A-Za-z0-9.-]{1,64}$/.test(attribute.value)",
      '                ? attribute.value',
      '                : compiler({',
      '                    attributes: [attribute]',
      '                }).toString())',
    ].join('\n'),
  },
  {
    // imapflow gives every fetched message an `id`, an MD5 of its mailbox, UIDVALIDITY and UID, which DRobot
    // never reads (it keeps UIDVALIDITY and UID themselves): a hash object per message, 27 ms of the main
    // thread per 1,000 mails over IMAPS. The same value, computed when it is first read.
    name: "imapflow: a message's id hashed when first read",
    file: 'imapflow/dist/esm/tools.js',
    find: [
      '        map.id =',
      '            map.emailId ||',
      "                createHash(idHashAlgorithm || 'md5')",
      "                    .update([path, mailbox.uidValidity?.toString() || '', map.uid.toString()].join(':'))",
      "                    .digest('hex');",
    ].join('\n'),
    replace: [
      '        if (map.emailId) {',
      '            map.id = map.emailId;',
      '        }',
      '        else {',
      "            const idSource = [path, mailbox.uidValidity?.toString() || '', map.uid.toString()].join(':');",
      "            const settle = (value) => Object.defineProperty(map, 'id', { value, writable: true, enumerable: true, configurable: true });",
      "            Object.defineProperty(map, 'id', {",
      '                enumerable: true,',
      '                configurable: true,',
      "                get: () => settle(createHash(idHashAlgorithm || 'md5').update(idSource).digest('hex')).id,",
      '                set: settle,',
      '            });',
      '        }',
    ].join('\n'),
  },
  {
    // commander loads Node's child_process (and with it net, dgram and the streams) when it is required,
    // for executable subcommands, which drobot never has: 10–15 ms of every command's start on a slow
    // machine. Loaded on the first spawn instead; `spawn` is the only member commander uses.
    name: 'commander: child_process loaded on first spawn',
    file: 'commander/lib/command.js',
    find: "const childProcess = require('node:child_process');",
    replace: "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
  },
  // libmime builds iconv-lite's GBK codec when it is loaded, only to learn which decoder class the double
  // byte codecs share: 10–30 ms (the GBK tables read and indexed) at the start of every IMAP command and of
  // the parse thread, whether or not a mail ever needs one. The class is read from iconv-lite's codec
  // constructor instead; the same object, nothing built. In both of its builds (imapflow loads the ES
  // module one, mailparser the CommonJS one).
  ...(['esm', 'cjs'] as const).map((build) => ({
    name: `libmime (${build}): the double byte decoder found without building the GBK codec`,
    file: `libmime/dist/${build}/charset.js`,
    find:
      build === 'esm'
        ? "const DBCS_DECODER = iconv.getCodec('gbk').decoder;"
        : "const DBCS_DECODER = iconv_lite_1.default.getCodec('gbk').decoder;",
    replace:
      build === 'esm'
        ? "iconv.getCodec('utf-16');\nconst DBCS_DECODER = iconv.encodings._dbcs.prototype.decoder;"
        : "iconv_lite_1.default.getCodec('utf-16');\nconst DBCS_DECODER = iconv_lite_1.default.encodings._dbcs.prototype.decoder;",
  })),
  {
    // Each part of a mail (the text, the HTML) draws 8 random bytes from the system for a boundary base it
    // never uses: boundaries are made from the root's base (`_generateBoundary`). A system call per part, a
    // tenth of composing a notification. A child takes its root's base instead, as it would be read anyway.
    name: "nodemailer: a mail's parts take its root's boundary base instead of drawing their own",
    file: 'nodemailer/dist/esm/mime-node/index.js',
    find: '        const node = new MimeNode(contentType, options);',
    replace:
      '        const node = new MimeNode(contentType, { baseBoundary: this.rootNode.baseBoundary, ...options });',
  },
  {
    // Every header set or read normalizes its name with three regular expressions, a tenth of composing a
    // notification; the names are the same few dozen in every mail. Each name's result is kept (the
    // function is pure), up to a bound.
    name: "nodemailer: a header name's normal form computed once",
    file: 'nodemailer/dist/esm/mime-node/index.js',
    find: "    _normalizeHeaderKey(key) {\n        key = (key || '')\n            .toString()\n",
    replace: [
      '    static _normalizedHeaderKeys = new Map();',
      '    _normalizeHeaderKey(key) {',
      '        const known = MimeNode._normalizedHeaderKeys.get(key);',
      '        if (known !== undefined) return known;',
      '        const normalized = this._normalizeHeaderKeyOnce(key);',
      "        if (typeof key === 'string' && MimeNode._normalizedHeaderKeys.size < 1000) MimeNode._normalizedHeaderKeys.set(key, normalized);",
      '        return normalized;',
      '    }',
      '    _normalizeHeaderKeyOnce(key) {',
      "        key = (key || '')",
      '            .toString()',
      '',
    ].join('\n'),
  },
  ...['esm', 'commonjs'].flatMap((build): DependencyPatch[] => [
    {
      // With entities decoded (sanitize-html's default, and DRobot's sanitizer), the tokenizer reads a text
      // one character a turn of its main loop (a switch on its state, a call, two comparisons), though only
      // `<` and `&` change anything there: 9 ns a character, most of sanitizing a mail's HTML. A text's other
      // characters are now passed over in one tight loop, stopping just before the next `<` or `&` (or at the
      // end of the chunk), which the main loop then reads as before.
      name: `htmlparser2 (${build}): a text's characters up to the next < or & passed over at once`,
      file: `htmlparser2/dist/${build}/Tokenizer.js`,
      find: [...TOKENIZER_ENTITY_BRANCH, '    }', '    stateSpecialStartSequence(c) {'].join('\n'),
      replace: [
        ...TOKENIZER_ENTITY_BRANCH,
        '        else if (this.decodeEntities) {',
        '            this.passOverUntil(CharCodes.Lt);',
        '        }',
        '    }',
        '    /** Moves to just before the next `stop` or `&` of the chunk (its last character if none). */',
        '    passOverUntil(stop) {',
        '        const buffer = this.buffer;',
        '        let i = this.index - this.offset + 1;',
        '        while (i < buffer.length) {',
        '            const c = buffer.charCodeAt(i);',
        '            if (c === stop || c === CharCodes.Amp) {',
        '                break;',
        '            }',
        '            i++;',
        '        }',
        '        this.index = i + this.offset - 1;',
        '    }',
        '    stateSpecialStartSequence(c) {',
      ].join('\n'),
    },
    {
      // The same for a quoted attribute value (mail HTML has long `style` values): up to its quote or `&`.
      name: `htmlparser2 (${build}): a quoted attribute value's characters up to its quote or & passed over at once`,
      file: `htmlparser2/dist/${build}/Tokenizer.js`,
      find: [...TOKENIZER_ENTITY_BRANCH, '    }', '    stateInAttributeValueDoubleQuotes(c) {'].join('\n'),
      replace: [
        ...TOKENIZER_ENTITY_BRANCH,
        '        else if (this.decodeEntities) {',
        '            this.passOverUntil(quote);',
        '        }',
        '    }',
        '    stateInAttributeValueDoubleQuotes(c) {',
      ].join('\n'),
    },
  ]),
];

/** The source with the patch applied; throws when the passage is not there exactly once. */
export function applyPatch(source: string, patch: DependencyPatch): string {
  const at = source.indexOf(patch.find);
  if (at === -1 || source.indexOf(patch.find, at + 1) !== -1) {
    throw new Error(
      `dependency patch "${patch.name}": ${patch.file} does not contain its passage exactly once ` +
        '(a new version of the package?): check the patch against the new code, then update or remove it',
    );
  }
  return source.slice(0, at) + patch.replace + source.slice(at + patch.find.length);
}

/** The patches for a module path (as the bundler resolves it), in the order they apply; none for most. */
export function patchesFor(modulePath: string): DependencyPatch[] {
  const normalized = modulePath.split('\\').join('/');
  return DEPENDENCY_PATCHES.filter((p) => normalized.endsWith(`/node_modules/${p.file}`));
}

/** A module's source with every patch for it applied. */
export function applyPatches(source: string, patches: readonly DependencyPatch[]): string {
  return patches.reduce((text, patch) => applyPatch(text, patch), source);
}
