/**
 * Bundles the compiled `drobot` command into dist/bin: one file per entry point (the command, the parse
 * thread's and the checkpoint thread's workers) and shared chunks for the command groups loaded on demand. Node 20 has no compile cache
 * for ES modules, so a command that reads ~600 small module files (Kysely's and zod's, most of them) spends
 * a third of a short run starting; the bundle reads a few dozen.
 *
 * Run after `tsc` (`npm run build`): it bundles the JavaScript in dist/src, not the TypeScript.
 */
import { build, type Plugin } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyPatches, DEPENDENCY_PATCHES, patchesFor } from './dependency-patches.js';

// Built to dist/scripts: the repository's root is two folders up.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outdir = path.join(root, 'dist/bin');

/**
 * Left to Node's own loading: native addons (found beside their package), packages that run files shipped
 * beside their modules (open's xdg-open script), and the HTTP server's framework, whose start-up is once per
 * `drobot serve`.
 */
const EXTERNAL = ['better-sqlite3', 'pg-native', 'open', 'fastify'];

// The CommonJS packages inside the bundle call `require` (Node's built-ins, pg's optional native addon):
// give each chunk a real one. `__dirname`/`__filename` are defined below, only where a module leaves them free.
const BANNER = [
  "import { createRequire as __drobotCreateRequire } from 'node:module';",
  'const require = __drobotCreateRequire(import.meta.url);',
].join('\n');

/** The dependency patches (scripts/dependency-patches.ts), applied as their files are loaded. */
const applied = new Set<string>();
const patching: Plugin = {
  name: 'dependency-patches',
  setup(bundle) {
    bundle.onLoad({ filter: /[\\/]node_modules[\\/].*\.js$/ }, (args) => {
      const patches = patchesFor(args.path);
      if (patches.length === 0) return undefined;
      for (const patch of patches) applied.add(patch.name);
      return { contents: applyPatches(fs.readFileSync(args.path, 'utf8'), patches), loader: 'js' };
    });
  },
};

fs.rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    drobot: path.join(root, 'dist/src/cli/main.js'),
    // parse-thread.ts starts its worker from `./parse-thread.worker.js` beside itself, so beside the chunks.
    'parse-thread.worker': path.join(root, 'dist/src/inbound/parse/parse-thread.worker.js'),
    // Likewise wal-checkpointer.ts and its thread.
    'wal-checkpoint.worker': path.join(root, 'dist/src/storage/wal-checkpoint.worker.js'),
  },
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  banner: { js: BANNER },
  define: { __dirname: 'import.meta.dirname', __filename: 'import.meta.filename' },
  // Stack traces keep the modules' names (the bundle keeps a comment per module and is not minified).
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [patching],
});
// A patch whose file the bundle no longer holds is stale: say so rather than keep it unnoticed.
const unused = DEPENDENCY_PATCHES.filter((p) => !applied.has(p.name));
if (unused.length > 0)
  throw new Error(`dependency patches not applied: ${unused.map((p) => p.name).join('; ')}`);
fs.chmodSync(path.join(outdir, 'drobot.js'), 0o755);
console.log(`dist/bin: ${fs.readdirSync(outdir).length} files`);
