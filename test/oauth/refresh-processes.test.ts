import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../support/databases.js';
import { createOAuthFixture, office365Input, type OAuthFixture } from '../support/oauth-fixture.js';
import { startOAuthServer, type TestOAuthServer } from '../support/oauth-server.js';
import { consentAsUser } from '../support/oauth-user.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fromSource = import.meta.url.endsWith('.ts');
const WORKER = path.resolve(here, `../support/oauth-refresh-worker.${fromSource ? 'ts' : 'js'}`);

interface WorkerResult {
  readonly digests: string[];
  readonly refreshed: number;
}

function runWorker(env: Record<string, string>, args: string[]): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(fromSource ? ['--import', 'tsx'] : []), WORKER, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`worker exited ${code}: ${err}`));
      else resolve(JSON.parse(out) as WorkerResult);
    });
  });
}

let server: TestOAuthServer;
before(async () => {
  server = await startOAuthServer();
});
after(() => server.close());

for (const dialect of DIALECTS) {
  describe(`one refresh across worker processes (${dialect})`, () => {
    const masterKey = crypto.randomBytes(32).toString('base64');
    let fx: OAuthFixture;
    before(async () => {
      fx = await createOAuthFixture(dialect, server, masterKey);
    });
    after(() => fx.close());

    it('three processes asking at the same instant cause a single refresh', async () => {
      server.setAccessTokenTtl(60);
      const account = await fx.accounts.create(office365Input('shared'));
      await fx.authorizer.authorize(account.id, {
        mode: 'loopback',
        lang: 'en',
        opener: (url) => consentAsUser(url, { login: 'shared@contoso.test' }),
      });
      server.setAccessTokenTtl(3600);
      const env = {
        ...fx.store.env,
        DROBOT_MASTER_KEY: masterKey,
        DROBOT_LOG_LEVEL: 'silent',
        DROBOT_OAUTH_MICROSOFT_AUTHORITY: server.microsoftAuthority,
      };
      const before = server.grants.refresh_token ?? 0;
      // Far enough ahead for every process to have started and opened the database.
      const startAt = String(Date.now() + 2500);
      const results = await Promise.all(
        [0, 1, 2].map(() => runWorker(env, [String(account.id), 'outlook', '5', startAt])),
      );
      assert.equal(server.grants.refresh_token, before + 1, 'a single refresh');
      assert.equal(new Set(results.flatMap((r) => r.digests)).size, 1, 'every caller got the same token');
      assert.equal(
        results.reduce((n, r) => n + (r.refreshed > 0 ? 1 : 0), 0),
        1,
        'one process refreshed',
      );
      assert.equal((await fx.accounts.get(account.id)).state, 'ready');
    });
  });
}
