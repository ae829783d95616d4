import type { Lang } from '../i18n/lang.js';
import type { Logger } from '../logging/logger.js';
import type { FirstRunPolicy, InboundSource, OutboundSink } from '../transports/ports.js';
import type { Credentials, Endpoint, SaslMethod } from '../transports/types.js';

/** The mail protocols and APIs the connection test speaks. */
export type TestProtocol = MailTestProtocol | 'graph' | 'gmail';
export type MailTestProtocol = 'pop3' | 'imap' | 'smtp';

/** What to test: an account's settings, saved or not. */
export interface ConnectionTestSpec {
  readonly protocol: MailTestProtocol;
  /** `security` may be `auto`: chosen from the port and the server's capabilities. */
  readonly endpoint: Endpoint;
  readonly sasl: SaslMethod;
  readonly credentials: Credentials;
  /** SMTP only: whether the server requires AUTH ("Server requires user authentication"). */
  readonly smtpAuth: boolean;
  /** IMAP folder to open; INBOX by default. */
  readonly folder?: string | undefined;
  /** SMTP only: send a real test message to this address. */
  readonly sendTestTo?: string | undefined;
  /** SMTP only: the test message's sender; the login name by default. */
  readonly from?: string | undefined;
  /** Language of the details, errors and hints; Spanish by default. */
  readonly lang?: Lang | undefined;
}

export interface ConnectionTestDeps {
  readonly clock?: () => Date;
  readonly logger?: Logger;
  /**
   * For OAuth accounts: a fresh access token (the `token` step), alone or with whether it was just
   * refreshed; else the credentials' token is used.
   */
  readonly getAccessToken?: () => Promise<string | AccessTokenOutcome>;
  /** Name the SMTP client gives in EHLO; an address literal of the local end by default. */
  readonly clientName?: string;
  /** Told of each step as soon as it is recorded (the console shows the test live). */
  readonly onStep?: (step: Step) => void;
  /** Inbound POP3 and IMAP accounts: the adapter fetching uses, which the `mailbox` step opens and lists too. */
  readonly inboundSource?: InboundSourceCheck;
  /** Outbound SMTP accounts: the sink the outbox uses, which sends the `send` step's test message. */
  readonly outboundSink?: OutboundSinkCheck;
}

/**
 * Fetching's own adapter for an inbound account. The probe names the step that fails; listing through the
 * adapter as well means a test that passes is a mailbox fetching can open.
 */
export interface InboundSourceCheck {
  /** Opens the source with the settings fetching resolves, logged in as the test did (its token, if any). */
  open(credentials: Credentials): Promise<InboundSource>;
  /** The account's first-run policy: what the listing reads when no fetch has run yet. */
  readonly firstRun: FirstRunPolicy;
}

/**
 * The outbox's own sink for an outbound SMTP account. The probe names the step that fails; sending the
 * test message through the sink as well means a test that passes is an account the outbox can send with.
 */
export interface OutboundSinkCheck {
  /** Makes the sink with the settings the outbox resolves, logged in as the test did (its token, if any). */
  open(credentials: Credentials): OutboundSink;
}

/** A token from `getAccessToken`, with the facts the `token` step reports (never the token itself). */
export interface AccessTokenOutcome {
  readonly accessToken: string;
  /** True when the stored token had expired and was refreshed for this test. */
  readonly refreshed: boolean;
  /** ISO-8601 UTC. */
  readonly expiresAt?: string | undefined;
  /** The scopes the token carries (shown in the `token` step). */
  readonly scopes?: readonly string[] | undefined;
  /** Delegated (a person consented) or app-only (client credentials). */
  readonly flow?: 'delegated' | 'app' | undefined;
}

export type StepName =
  | 'token'
  | 'dns'
  | 'tcp'
  | 'proxy'
  | 'tls'
  | 'greeting'
  | 'capabilities'
  | 'starttls'
  | 'auth'
  | 'policy'
  | 'mailbox'
  | 'send';

export type StepStatus = 'ok' | 'failed' | 'skipped';

/** A failure as shown to a person: rendered in the test's language, secrets never included. */
export interface StepError {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly serverReply?: string;
}

export interface Step {
  readonly name: StepName;
  readonly status: StepStatus;
  readonly durationMs: number;
  /** What happened, rendered in the test's language. */
  readonly detail: string;
  /** Machine-readable facts: certificate, capabilities, counts. */
  readonly data?: Readonly<Record<string, unknown>>;
  readonly error?: StepError;
}

export interface ConnectionTestResult {
  readonly ok: boolean;
  readonly protocol: TestProtocol;
  /** ISO-8601 UTC. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly steps: readonly Step[];
  readonly failedStep?: StepName;
  /** Rendered in the test's language: verification turned off, credentials sent unencrypted… */
  readonly warnings: readonly string[];
}
