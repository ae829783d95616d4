import { mailAddressSchema } from '../app/mail-address.schema.js';
import type * as Diagnostics from '../diagnostics/index.js';
import type { ConnectionTestResult, InboundSourceCheck, OutboundSinkCheck } from '../diagnostics/index.js';
import type { Step } from '../diagnostics/connection-test.types.js';
import { DrobotError } from '../errors/drobot-error.js';
import { parseOrThrow, validationError } from '../errors/validation.js';
import type { Lang } from '../i18n/lang.js';
import { protocolSourceOf } from '../inbound/fetch/account-source.js';
import type { Logger } from '../logging/logger.js';
import { smtpSenderSettingsOf } from '../notifications/outbound-accounts.js';
import { audienceOf, checkAccountToken } from '../oauth/token.check.js';
import type { TokenService } from '../oauth/token.service.js';
import type { AccessTokenProvider } from '../transports/ports.js';
import type { Endpoint, SaslMethod } from '../transports/types.js';
import { createSink, openSource } from '../transports/registry.js';
import { applyPatch, draftFromCreate, type AccountDraft } from './account.draft.js';
import { accountErrors } from './account.errors.js';
import { settingApplies } from './account.kind.js';
import { SECRET_NAMES, type Account } from './account.model.js';
import { accountIssues, withoutInapplicable } from './account.applies.js';
import { accountSchemas, type AccountPatchInput } from './account.schema.js';
import type { AccountRef, AccountService } from './account.service.js';
import { storedSecretIssues } from './account-test.secrets.js';
import { apiTestSpecOf, connectionTestSpecOf, type TestSecrets } from './account-test.spec.js';
import { connectionPlanOf, isProtocolPlan } from './connection-plan.js';
import { accessTokenProviderOf } from './connection-secrets.js';

let diagnostics: Promise<typeof Diagnostics> | undefined;

/** The connection test's steps and texts load when an account is tested, not with every command's context. */
function loadDiagnostics(): Promise<typeof Diagnostics> {
  diagnostics ??= import('../diagnostics/index.js');
  return diagnostics;
}

export interface AccountTestReport extends ConnectionTestResult {
  /** The saved account tested, or null for settings not saved yet. */
  readonly account: string | null;
}

export interface AccountTestDeps {
  readonly accounts: AccountService;
  /** The token service, loaded when an OAuth account is tested (a password account's test never needs it). */
  readonly tokens: () => Promise<TokenService>;
  readonly logger: Logger;
  readonly clock?: () => Date;
}

const sendTo = mailAddressSchema().optional();

/**
 * "Conexión de prueba" for accounts: a saved one (optionally with unsaved changes) or a draft. The CLI,
 * the API and the console call this. A test changes nothing but the saved account's last result.
 */
export class AccountTestService {
  constructor(private readonly deps: AccountTestDeps) {}

  /**
   * Tests a saved account; `changes` (an edit not saved yet) are applied for the test only. A change
   * that would send a stored secret elsewhere, or less safely, must carry that secret (see
   * {@link storedSecretIssues}). Only a test of the saved settings is kept as the account's last result.
   */
  async testSaved(
    ref: AccountRef,
    options: { lang: Lang; sendTestTo?: string; changes?: unknown; onStep?: (step: Step) => void },
  ): Promise<AccountTestReport> {
    const account = await this.deps.accounts.get(ref);
    const patch = options.changes === undefined ? {} : parseOrThrow(accountSchemas().patch, options.changes);
    const draft = withoutInapplicable(applyPatch(account, patch));
    assertRules(patch, draft);
    const refused = storedSecretIssues(account, account.secrets, patch, draft);
    if (refused.length > 0) throw validationError(refused);
    const stored = (name: string) => this.deps.accounts.secret(account.id, name);
    const secrets: TestSecrets = {
      password:
        patch.password !== undefined ? (patch.password ?? undefined) : await stored(SECRET_NAMES.password),
      proxyPassword:
        patch.proxy?.password !== undefined
          ? (patch.proxy.password ?? undefined)
          : await stored(SECRET_NAMES.proxyPassword),
    };
    const result = await this.run(draft, secrets, options, account);
    if (Object.keys(patch).length === 0) {
      const failed = result.steps.find((s) => s.status === 'failed');
      await this.deps.accounts.recordTest(account.id, {
        at: result.startedAt,
        ok: result.ok,
        failedStep: result.failedStep ?? null,
        message: failed?.error?.message ?? null,
      });
    }
    return { ...result, account: account.name };
  }

  /** Tests settings that are not saved: the same input as creating an account, secrets included. */
  async testDraft(
    input: unknown,
    options: { lang: Lang; sendTestTo?: string; onStep?: (step: Step) => void },
  ): Promise<AccountTestReport> {
    const parsed = parseOrThrow(accountSchemas().create, input);
    const draft = withoutInapplicable(draftFromCreate(parsed));
    assertRules(parsed, draft);
    // A draft that signs in with OAuth 2.0 (its app registration applies) holds no token yet: authorize the
    // saved account first. An SMTP relay, whatever its preset's type, signs in to nothing.
    if (settingApplies(draft, 'oauth.clientId')) {
      throw new DrobotError(accountErrors.draftNeedsSave, { field: 'auth' });
    }
    const secrets = {
      password: parsed.password ?? undefined,
      proxyPassword: parsed.proxy?.password ?? undefined,
    };
    return { ...(await this.run(draft, secrets, options, undefined)), account: null };
  }

  private async run(
    draft: AccountDraft,
    secrets: TestSecrets,
    options: { lang: Lang; sendTestTo?: string; onStep?: (step: Step) => void },
    saved: Account | undefined,
  ): Promise<ConnectionTestResult> {
    parseOrThrow(sendTo, options.sendTestTo);
    if (draft.connection !== 'protocol') return this.runApi(draft, secrets, options, saved);
    const spec = connectionTestSpecOf(draft, secrets, options);
    const getAccessToken =
      saved && draft.auth === 'oauth2'
        ? async () => {
            const tokens = await this.deps.tokens();
            const check = await checkAccountToken(tokens, saved);
            if (!check.ok) throw check.error;
            const audience = audienceOf(saved);
            if (!audience)
              throw new DrobotError(accountErrors.connectionNotTestable, {
                params: { connection: draft.connection },
              });
            const token = await tokens.getAccessToken(saved.id, audience);
            // The check above refreshed an expired token: say so in the step.
            return {
              accessToken: token.accessToken,
              refreshed: check.refreshed || token.refreshed,
              expiresAt: token.expiresAt,
            };
          }
        : undefined;
    const inboundSource = inboundSourceOf(
      draft,
      spec.endpoint,
      spec.sasl,
      this.tokenProviderOf(draft, saved),
    );
    const outboundSink = outboundSinkOf(draft, spec.endpoint, spec.sasl);
    const { runConnectionTest } = await loadDiagnostics();
    const result = await runConnectionTest(spec, {
      logger: this.deps.logger,
      ...(this.deps.clock ? { clock: this.deps.clock } : {}),
      ...(getAccessToken ? { getAccessToken } : {}),
      ...(options.onStep ? { onStep: options.onStep } : {}),
      ...(inboundSource ? { inboundSource } : {}),
      ...(outboundSink ? { outboundSink } : {}),
    });
    this.deps.logger.info('connection test', {
      account: saved?.name ?? '(draft)',
      ok: result.ok,
      failedStep: result.failedStep,
      durationMs: result.durationMs,
    });
    return result;
  }

  /** A saved OAuth account's token provider, as fetching builds it; undefined for a draft or a password. */
  private tokenProviderOf(draft: AccountDraft, saved: Account | undefined): AccessTokenProvider | undefined {
    if (!saved) return undefined;
    return accessTokenProviderOf(
      { id: saved.id, preset: draft.preset, auth: draft.auth },
      {
        secret: (id, name) => this.deps.accounts.secret(id, name),
        accessToken: async (id, audience, options) =>
          (await this.deps.tokens()).getAccessToken(id, audience, options),
      },
    );
  }

  /** A Graph or Gmail API account: token, (access policy,) mailbox, (test message) over HTTPS. */
  private async runApi(
    draft: AccountDraft,
    secrets: TestSecrets,
    options: { lang: Lang; sendTestTo?: string },
    saved: Account | undefined,
  ): Promise<ConnectionTestResult> {
    if (!saved) throw new DrobotError(accountErrors.draftNeedsSave, { field: 'auth' });
    const audience = audienceOf(saved);
    let last: string | undefined;
    const getAccessToken = async (renew: boolean) => {
      const outcome = await fetchToken(renew);
      last = outcome.accessToken;
      return outcome;
    };
    const fetchToken = async (renew: boolean) => {
      if (!audience) {
        throw new DrobotError(accountErrors.connectionNotTestable, {
          params: { connection: draft.connection },
        });
      }
      const tokens = await this.deps.tokens();
      if (renew) {
        const token = await tokens.getAccessToken(saved.id, audience, { refused: last });
        return {
          accessToken: token.accessToken,
          refreshed: token.refreshed,
          scopes: token.scopes,
          flow: token.flow,
        };
      }
      const check = await checkAccountToken(tokens, saved);
      if (!check.ok) throw check.error;
      const token = await tokens.getAccessToken(saved.id, audience);
      return {
        accessToken: token.accessToken,
        refreshed: check.refreshed || token.refreshed,
        expiresAt: token.expiresAt,
        scopes: token.scopes,
        flow: token.flow,
      };
    };
    const { runApiConnectionTest } = await loadDiagnostics();
    const result = await runApiConnectionTest(apiTestSpecOf(draft, secrets, options), {
      getAccessToken,
      logger: this.deps.logger,
      ...(this.deps.clock ? { clock: this.deps.clock } : {}),
    });
    this.deps.logger.info('connection test', {
      account: saved.name,
      ok: result.ok,
      failedStep: result.failedStep,
      durationMs: result.durationMs,
    });
    return result;
  }
}

/**
 * An inbound POP3 or IMAP account's mailbox as fetching opens it: the same plan, trust, proxy, SASL
 * choice and token provider, with the endpoint and secrets the test was given. Undefined for sending.
 */
function inboundSourceOf(
  draft: AccountDraft,
  endpoint: Endpoint,
  sasl: SaslMethod,
  accessToken: AccessTokenProvider | undefined,
): InboundSourceCheck | undefined {
  if (draft.direction !== 'inbound' || draft.protocol === 'smtp') return undefined;
  const plan = connectionPlanOf({ ...draft, connection: 'protocol' });
  if (!isProtocolPlan(plan)) return undefined;
  const tokens = plan.auth.kind === 'oauth2' ? accessToken : undefined;
  return {
    firstRun: draft.inbound.firstRun,
    open: (credentials) =>
      openSource(protocolSourceOf(draft, { plan, endpoint, credentials, sasl, accessToken: tokens })),
  };
}

/**
 * An outbound SMTP account's sink as the outbox makes it: the same settings (plan, trust, proxy, SASL
 * choice) with the endpoint and secrets the test was given; one connection, no pool. Undefined for receiving.
 */
function outboundSinkOf(
  draft: AccountDraft,
  endpoint: Endpoint,
  sasl: SaslMethod,
): OutboundSinkCheck | undefined {
  if (draft.direction !== 'outbound' || draft.protocol !== 'smtp') return undefined;
  return {
    open: (credentials) => createSink('smtp', smtpSenderSettingsOf({ endpoint, credentials, sasl }, false)),
  };
}

function assertRules(given: AccountPatchInput, draft: AccountDraft): void {
  const issues = accountIssues(given, draft);
  if (issues.length > 0) throw validationError(issues);
}
