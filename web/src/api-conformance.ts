import type { AccountDefaults as ServerAccountDefaults } from '../../src/accounts/account-defaults.js';
import type { AccountView as ServerAccount } from '../../src/accounts/account.view.js';
import type { RunPage as ServerRunPage } from '../../src/activity/runs.js';
import type { HourlyCounts as ServerHourly } from '../../src/activity/hourly-buckets.js';
import type { Case as ServerCase, CaseMessage as ServerCaseMessage } from '../../src/cases/case.types.js';
import type { ConnectionTestResult as ServerTestResult } from '../../src/diagnostics/connection-test.types.js';
import type { RenderedError } from '../../src/errors/drobot-error.js';
import type { CaseView as ServerCaseView } from '../../src/helpdesk/case-history.js';
import type { FetchHealth as ServerHealth } from '../../src/inbound/inbound.service.js';
import type { InboundLogPage as ServerLogPage } from '../../src/inbound/log/inbound-log.js';
import type { QuarantineEntry as ServerQuarantine } from '../../src/inbound/quarantine/quarantine.service.js';
import type { OutboxEntry as ServerOutbox } from '../../src/notifications/notification.types.js';
import type { RoundTripReport as ServerRoundTrip } from '../../src/notifications/round-trip/round-trip.js';
import type * as Api from './model.js';

/**
 * The other half of the check: what the server's code returns must fit what its OpenAPI document says
 * (and so what the console reads). A field the server renames without the document fails here, in
 * `tsc -p web/tsconfig.json`. Types only: nothing of this file reaches the bundle.
 */
type Fits<Server, Documented> = [Server] extends [Documented] ? true : false;
/** Compiles only when every entry is `true`; an answer that does not fit is a `false` the error points at. */
type AllFit<Checks extends readonly true[]> = Checks;

export type ServerAnswersFitTheDocument = AllFit<
  [
    Fits<ServerAccount, Api.AccountView>,
    Fits<ServerAccountDefaults, Api.AccountDefaults>,
    Fits<ServerTestResult, Api.ConnectionTestResult>,
    Fits<ServerHealth, Api.FetchHealth>,
    Fits<ServerCase, Api.Case>,
    Fits<ServerCaseMessage, Api.CaseMessage>,
    Fits<ServerCaseView, Api.CaseWithMessages>,
    Fits<ServerHourly, Api.HourlyCounts>,
    Fits<ServerRoundTrip, Api.RoundTripReport>,
    Fits<ServerOutbox, Api.OutboxEntry>,
    Fits<ServerQuarantine, Api.QuarantineEntry>,
    Fits<ServerLogPage, Api.InboundLogPage>,
    Fits<ServerRunPage, Api.RunPage>,
    Fits<RenderedError, Api.ApiErrorBody>,
  ]
>;
