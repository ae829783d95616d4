import type { AppContext } from '../app/context.js';
import { inboundOf } from '../inbound/inbound.factory.js';
import { notificationsOf } from '../notifications/notifications.context.js';
import type { CaseView } from './case-history.js';
import { historyEventsOf } from './case-history.repository.js';
import { ConversationService } from './conversation.service.js';

const built = new WeakMap<AppContext, Promise<ConversationService>>();

/** The agent's side of the cases (answers, notes, status changes), built once per context. */
export function conversationOf(ctx: AppContext): Promise<ConversationService> {
  let service = built.get(ctx);
  if (!service) {
    service = (async () => {
      const [inbound, notifications] = await Promise.all([inboundOf(ctx), notificationsOf(ctx)]);
      return new ConversationService({
        database: ctx.database,
        outbox: notifications.outbox,
        blobs: inbound.blobs,
        defaultLang: ctx.config.lang,
        notifyStatuses: ctx.config.helpdesk.notifyStatuses,
        logger: ctx.logger.child({ module: 'helpdesk' }),
      });
    })();
    built.set(ctx, service);
  }
  return service;
}

/** A case with its messages and its history's events: what `cases show` and the API show. */
export async function caseView(ctx: AppContext, caseId: number): Promise<CaseView> {
  const { cases } = await inboundOf(ctx);
  const shown = await cases.get(caseId);
  return { ...shown, events: await historyEventsOf(ctx.database.db, shown.case.id) };
}
