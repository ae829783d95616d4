import type { TokenSource } from '../accounts/connection-secrets.js';
import type { AppContext } from '../app/context.js';
import { BlobStore } from '../cases/blob.store.js';
import { tokenServiceOf } from '../oauth/token-service.lazy.js';
import { createNotifications, type Notifications } from './notifications.factory.js';
import type { RoundTripAccountsDeps } from './round-trip/round-trip.accounts.js';

const built = new WeakMap<AppContext, Promise<Notifications>>();

function accessToken(ctx: AppContext): TokenSource {
  return async (accountId, audience, options) =>
    (await tokenServiceOf(ctx)).getAccessToken(accountId, audience, options);
}

/** The outbound side of an application context, built once per context (templates checked then). */
export function notificationsOf(ctx: AppContext): Promise<Notifications> {
  let notifications = built.get(ctx);
  if (!notifications) {
    let blobs: BlobStore | undefined;
    notifications = createNotifications({
      database: ctx.database,
      secrets: ctx.secrets,
      accounts: {
        list: () => ctx.accounts.list(),
        get: (id) => ctx.accounts.get(id),
        secret: (id, name) => ctx.accounts.secret(id, name),
      },
      accessToken: accessToken(ctx),
      settings: { ...ctx.config.notify, lang: ctx.config.lang, caseTagLabel: ctx.config.caseTagLabel },
      logger: ctx.logger,
      readBlob: (hash) => (blobs ??= new BlobStore(ctx.config.dataDir, ctx.database)).read(hash),
    });
    built.set(ctx, notifications);
  }
  return notifications;
}

/** What the round trip needs from an application context. */
export function roundTripDepsOf(ctx: AppContext): RoundTripAccountsDeps {
  return {
    getAccount: (ref) => ctx.accounts.get(ref),
    secret: (id, name) => ctx.accounts.secret(id, name),
    accessToken: accessToken(ctx),
  };
}

/** Starts the outbox worker of `drobot serve`; the returned function stops it. */
export async function startNotifications(ctx: AppContext, intervalMs = 5_000): Promise<() => Promise<void>> {
  const notifications = await notificationsOf(ctx);
  notifications.worker.start(intervalMs);
  return () => notifications.close();
}
