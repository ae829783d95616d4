import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { API_TYPES_FILE, apiTypesSource } from '../../scripts/api-types.js';
import { apiDocument } from '../../src/server/openapi.document.js';
import { serverErrors } from '../../src/server/server.errors.js';
import { ADMIN_TOKEN, startApi, type ApiFixture } from './api-fixture.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The first line where two texts part, numbered from 1, with both versions of it. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at])}, generated ${JSON.stringify(b[at])}`;
}

describe("the console's API types", () => {
  let api: ApiFixture;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('are generated from the document the server serves', async () => {
    const response = await fetch(`http://127.0.0.1:${api.port}/api/openapi.json`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), JSON.parse(JSON.stringify(apiDocument())));
  });

  it('name on every operation each refusal the server gives before or around its routes', async () => {
    const response = await fetch(`http://127.0.0.1:${api.port}/api/openapi.json`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const document = (await response.json()) as {
      paths: Record<string, Record<string, { responses?: Record<string, { description?: string }> }>>;
    };
    // The edge's refusals, an unexpected failure (500), and any other status of the server's catalogue.
    const statuses = new Set([
      '500',
      '400',
      '401',
      '403',
      '405',
      '408',
      '413',
      '414',
      '415',
      '417',
      '431',
      '501',
      '503',
    ]);
    for (const def of Object.values(serverErrors)) statuses.add(String(def.status));
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (method === 'parameters') continue;
        for (const status of statuses) {
          assert.ok(operation.responses?.[status]?.description, `${method.toUpperCase()} ${path}: ${status}`);
        }
      }
    }
  });

  it(`are up to date in ${API_TYPES_FILE}`, async () => {
    const committed = fs.readFileSync(path.join(ROOT, API_TYPES_FILE), 'utf8');
    const generated = await apiTypesSource();
    assert.ok(
      committed === generated,
      `${API_TYPES_FILE} differs from the OpenAPI document (${firstDifference(committed, generated)}): run \`npm run gen:api\` and commit it`,
    );
  });

  it('name every shape the console reads, with its fields required', async () => {
    const generated = await apiTypesSource();
    for (const schema of ['Account', 'Case', 'CaseMessage', 'OutboxEntry', 'RunPage', 'Step', 'Session']) {
      assert.match(generated, new RegExp(`readonly ${schema}: \\{`), schema);
    }
    // Not `readonly id?: number`: a field every answer has is required, so the console may rely on it.
    assert.match(generated, /readonly Account: \{\n\s+readonly id: number;/);
  });
});
