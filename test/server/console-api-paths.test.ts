import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, startApi, type ApiFixture } from './api-fixture.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const WEB = path.resolve(here, '../../..', 'web/src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    // The generated types spell out the document's own paths: they are what is checked against, not calls.
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.gen.ts') ? [full] : [];
  });
}

/**
 * `/api/accounts/${encodeURIComponent(x)}/test/events?y` → `/api/accounts/{}/test/events`; a path as the
 * document spells it (`/api/oauth/results/{id}`, a key of the generated `paths`) → `/api/oauth/results/{}`.
 */
function shapeOf(literal: string): string {
  return literal
    .replace(/\$\{[^}]*\}/g, '{}')
    .replace(/\{[^}]+\}/g, '{}')
    .replace(/[?#].*$/, '')
    .replace(/\{\}\{\}/g, '{}');
}

/** The console is the API's first client: every path it calls must be one the OpenAPI document describes. */
describe('the console calls only documented API paths', () => {
  let api: ApiFixture;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('finds each path of web/src in /api/openapi.json', async () => {
    const response = await fetch(`http://127.0.0.1:${api.port}/api/openapi.json`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const documented = new Set(
      Object.keys(((await response.json()) as { paths: Record<string, unknown> }).paths).map((p) =>
        p.replace(/\{[^}]+\}/g, '{}'),
      ),
    );
    const used = new Set<string>();
    for (const file of sources(WEB)) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/[`'"](\/api\/[^`'"]*)[`'"]/g)) {
        used.add(shapeOf(match[1] ?? ''));
      }
    }
    assert.ok(used.size >= 12, `found ${used.size} paths: ${[...used].join(', ')}`);
    const undocumented = [...used].filter((p) => !documented.has(p));
    assert.deepEqual(undocumented, []);
  });
});
