import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createContext, type AppContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/config.js';
import { notificationsOf } from '../../src/notifications/notifications.context.js';
import { buildServer } from '../../src/server/app.js';
import type { ServerLimits } from '../../src/server/limits.js';
import { createTestStore, type TestDialect, type TestStore } from '../support/databases.js';

export const ADMIN_TOKEN = `api-admin-${crypto.randomBytes(12).toString('hex')}`;

/** The API built as `drobot serve` builds it, listening on a loopback port, with its context at hand. */
export interface ApiFixture {
  readonly store: TestStore;
  readonly ctx: AppContext;
  readonly app: FastifyInstance;
  readonly port: number;
  close(): Promise<void>;
}

export async function startApi(
  options: { dialect?: TestDialect; env?: Record<string, string>; limits?: Partial<ServerLimits> } = {},
): Promise<ApiFixture> {
  const store = await createTestStore(options.dialect ?? 'sqlite');
  const config = loadConfig({
    ...store.env,
    DROBOT_MASTER_KEY: crypto.randomBytes(32).toString('base64'),
    DROBOT_LOG_LEVEL: 'silent',
    ...options.env,
  });
  const ctx = await createContext(config);
  const app = await buildServer(ctx, {
    adminToken: ADMIN_TOKEN,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  return {
    store,
    ctx,
    app,
    port,
    async close() {
      await app.close();
      await (await notificationsOf(ctx)).close();
      await ctx.close();
      await store.drop();
    },
  };
}
