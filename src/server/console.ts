import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFoundError } from '../errors/common.errors.js';

/** The console's pages and files: public, like any sign-in page; everything they show comes from the API. */
export const CONSOLE_ROUTES: readonly string[] = ['/', '/setup', '/assets/*'];

/** The console's pages, which a person may open from a link elsewhere (its files are loaded by them). */
export const CONSOLE_PAGES: readonly string[] = ['/', '/setup'];

/**
 * The console's policy: its own script and style files only (no inline code, no other origin), calls to
 * this origin only, images from here or data: URLs, frames from this origin only. A mail's HTML is shown in
 * a sandboxed frame loaded from the message's `html` route, which sets a stricter policy of its own.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const here = path.dirname(fileURLToPath(import.meta.url));
/** Built by `vite build web` into dist/console: beside dist/src when compiled, under dist/ from source. */
function consoleDir(): string | undefined {
  return [path.resolve(here, '../../console'), path.resolve(here, '../../dist/console')].find((dir) =>
    fs.existsSync(path.join(dir, 'index.html')),
  );
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built console. The files are read once at start into a fixed table, so a request names a
 * key of that table and never a path on disk.
 */
export function registerConsoleRoutes(app: FastifyInstance): void {
  const dir = consoleDir();
  const index = dir ? fs.readFileSync(path.join(dir, 'index.html')) : undefined;
  const assets = new Map<string, Buffer>();
  const assetDir = dir ? path.join(dir, 'assets') : undefined;
  if (assetDir && fs.existsSync(assetDir)) {
    for (const name of fs.readdirSync(assetDir)) {
      if (TYPES[path.extname(name)]) assets.set(name, fs.readFileSync(path.join(assetDir, name)));
    }
  }
  const page = async (_request: unknown, reply: FastifyReply) => {
    if (!index) {
      return reply
        .status(503)
        .header('content-type', 'text/plain; charset=utf-8')
        .send('The console is not built: run "npm ci" (or "npm run build").\n');
    }
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', CONSOLE_CSP)
      .send(index);
  };
  const open = { config: { access: 'public' as const } };
  for (const url of CONSOLE_PAGES) app.get(url, open, page);
  app.get<{ Params: { '*': string } }>('/assets/*', open, async (request, reply) => {
    const name = request.params['*'];
    const body = assets.get(name);
    if (!body) throw notFoundError('file', name.slice(0, 100));
    // Names carry a content hash: a file never changes under its name.
    return reply
      .header('content-type', TYPES[path.extname(name)] ?? 'application/octet-stream')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(body);
  });
}
