import type { components, paths } from './api.gen.js';

/**
 * The shapes the console reads, taken from the types generated from the API's OpenAPI document
 * (`npm run gen:api`): a field renamed or removed in the document breaks the console's type check, not
 * the page. api-conformance.ts checks that the server's answers have these shapes.
 */
type Schemas = components['schemas'];
type JsonOf<R> = R extends { readonly content: { readonly 'application/json': infer T } } ? T : never;

export type AccountView = Schemas['Account'];
export type AccountDefaults = Schemas['AccountDefaults'];
export type Step = Schemas['Step'];
export type ConnectionTestResult = Schemas['ConnectionTestResult'];
export type FetchHealth = Schemas['FetchHealth'];
export type Case = Schemas['Case'];
export type CaseMessage = Schemas['CaseMessage'];
export type CaseWithMessages = Schemas['CaseWithMessages'];
export type HourlyCounts = Schemas['HourlyActivity'];
/** The counts of an hour, by name: what the dashboard draws a chart of. */
export type HourlySeries = Exclude<keyof HourlyCounts, 'hour'>;
export type RoundTripReport = Schemas['RoundTripReport'];
export type RoundTripLeg = Schemas['RoundTripLeg'];
export type OutboxEntry = Schemas['OutboxEntry'];
export type QuarantineEntry = Schemas['QuarantineEntry'];
export type InboundLogPage = Schemas['InboundLogPage'];
export type InboundLogEntry = InboundLogPage['items'][number];
export type RunPage = Schemas['RunPage'];
export type RunEntry = RunPage['items'][number];
export type SessionAnswer = Schemas['Session'];
/** An error as the API renders it, in the language the console asked for. */
export type ApiErrorBody = Schemas['ErrorDetail'];
export type OAuthStarted = JsonOf<paths['/api/accounts/{ref}/oauth/start']['post']['responses'][200]>;
export type OAuthResult = JsonOf<paths['/api/oauth/results/{id}']['get']['responses'][200]>;
export type RoutingStatus = JsonOf<paths['/api/notifications/routing']['get']['responses'][200]>;
export type OutboxSummary = JsonOf<paths['/api/outbox/summary']['get']['responses'][200]>;
