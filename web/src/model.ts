import type { AccountView } from '../../src/accounts/account.view.js';
import type { Step } from '../../src/diagnostics/connection-test.types.js';
import type { FetchHealth } from '../../src/inbound/inbound.service.js';
import type { Case, CaseMessage } from '../../src/cases/case.types.js';
import type { HourlyCounts, HourlySeries } from '../../src/activity/hourly-buckets.js';
import type { RoundTripLeg, RoundTripReport } from '../../src/notifications/round-trip/round-trip.js';

/**
 * The shapes the console reads are the server's own types (type-only imports: nothing of the server is
 * bundled), so a change to an answer breaks the console's type check, not the page.
 */
export type {
  AccountView,
  Step,
  FetchHealth,
  Case,
  CaseMessage,
  HourlyCounts,
  HourlySeries,
  RoundTripLeg,
  RoundTripReport,
};

export interface CaseWithMessages {
  readonly case: Case;
  readonly messages: readonly CaseMessage[];
}
