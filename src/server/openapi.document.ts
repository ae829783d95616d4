import { buildOpenApi } from './openapi.js';
import { accountsOpenApi } from './routes/accounts.routes.js';
import { activityOpenApi } from './routes/activity.routes.js';
import { casesOpenApi } from './routes/cases.routes.js';
import { inboundLogOpenApi } from './routes/inbound-log.routes.js';
import { notificationsOpenApi } from './routes/notifications.routes.js';
import { oauthOpenApi } from './routes/oauth.routes.js';
import { outboxOpenApi } from './routes/outbox.routes.js';
import { quarantineOpenApi } from './routes/quarantine.routes.js';
import { usersOpenApi } from './routes/users.routes.js';

/**
 * The document `/api/openapi.json` serves: every route module's fragment. The same for every caller and
 * every start (no configuration goes in), so the console's types can be generated from it offline.
 */
export function apiDocument() {
  return buildOpenApi([
    accountsOpenApi,
    oauthOpenApi,
    casesOpenApi,
    quarantineOpenApi,
    inboundLogOpenApi,
    notificationsOpenApi,
    outboxOpenApi,
    activityOpenApi,
    usersOpenApi,
  ]);
}
