/**
 * A worker process for the cross-process refresh test: at an agreed instant it asks for one account's
 * access token many times at once, then prints digests of what it got (never the tokens themselves).
 * Usage: oauth-refresh-worker <accountId> <audience> <calls> <startAtEpochMs>, configured by the
 * environment like `drobot` (DROBOT_DATA_DIR, DROBOT_DATABASE_URL, DROBOT_MASTER_KEY, authorities).
 */
import crypto from 'node:crypto';
import { AccountRepository } from '../../src/accounts/account.repository.js';
import { loadConfig } from '../../src/config/config.js';
import type { Audience } from '../../src/oauth/providers.js';
import { TokenRepository } from '../../src/oauth/token.repository.js';
import { TokenService } from '../../src/oauth/token.service.js';
import { loadKeyring } from '../../src/secrets/keyring.js';
import { SecretStore } from '../../src/secrets/secret.store.js';
import { openDatabase } from '../../src/storage/database.js';

const [accountId = '0', audience = 'outlook', calls = '1', startAt = '0'] = process.argv.slice(2);
const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
const secrets = new SecretStore(loadKeyring({ masterKey: config.masterKey, dataDir: config.dataDir }));
const service = new TokenService({
  database,
  accounts: new AccountRepository(secrets),
  tokens: new TokenRepository(secrets),
  authorities: config.oauthAuthorities,
});
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const results = await Promise.all(
  Array.from({ length: Number(calls) }, () =>
    service.getAccessToken(Number(accountId), audience as Audience),
  ),
);
const digest = (t: string) => crypto.createHash('sha256').update(t).digest('hex').slice(0, 16);
process.stdout.write(
  JSON.stringify({
    digests: [...new Set(results.map((r) => digest(r.accessToken)))],
    refreshed: results.filter((r) => r.refreshed).length,
  }),
);
await database.close();
