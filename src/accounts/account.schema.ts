import { lazySchema } from '../app/lazy-schema.js';
import { isSecureEndpoint } from '../app/loopback.js';
import * as z from '../app/zod.js';
import {
  AFTER_FETCH_ACTIONS,
  AUTH_TYPES,
  CONNECTIONS,
  DIRECTIONS,
  FIRST_RUN_POLICIES,
  PRESETS,
  PROTOCOLS,
  PROXY_TYPES,
  SASL_METHODS,
  SECURITIES,
} from './account.model.js';
import { LANGS } from '../i18n/lang.js';

/** The most mails a minute an outbound account may be given (`--rate-per-minute`). */
export const MAX_RATE_PER_MINUTE = 10_000;

/** The export format: settings without any secret. Import takes the same, plus optional secrets. */
export const EXPORT_FORMAT = 'drobot-accounts';
export const EXPORT_VERSION = 1;

function buildAccountSchemas() {
  const name = z
    .string()
    .trim()
    .min(1)
    .max(100)
    // eslint-disable-next-line no-control-regex -- names must not carry control characters
    .regex(/^[^\u0000-\u001f\u007f]+$/);
  const secret = z.string().min(1).max(4096);
  const text = (max: number) => z.string().trim().max(max);
  const port = z.number().int().min(0).max(65535);

  /** An API base URL: HTTPS, or plain HTTP only on a loopback address (a local stand-in or a test). */
  const apiUrl = z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .refine((value) => {
      const url = new URL(value);
      return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    }, 'https is required (http only on a loopback address)')
    .refine((value) => !new URL(value).username && !new URL(value).password, 'no credentials in the URL');

  const proxySchema = z.strictObject({
    type: z.enum(PROXY_TYPES),
    host: text(253).nullable().optional(),
    port: z.number().int().min(1).max(65535).nullable().optional(),
    username: text(256).nullable().optional(),
    password: secret.nullable().optional(),
  });

  const tlsSchema = z.strictObject({
    caPem: z.string().max(65536).nullable().optional(),
    pinSha256: text(128).nullable().optional(),
    insecureSkipVerify: z.boolean().optional(),
  });

  const oauthSchema = z.strictObject({
    clientId: text(256).nullable().optional(),
    clientSecret: secret.nullable().optional(),
    tenantId: text(256).nullable().optional(),
    useLoopback: z.boolean().optional(),
    useBrowser: z.boolean().optional(),
    // Token requests carry the client secret and the tokens: https, or http only to a stand-in on this machine.
    authority: z
      .url({ protocol: /^https?$/ })
      .refine(isSecureEndpoint, { params: { code: 'insecure_url', text: INSECURE_AUTHORITY } })
      .nullable()
      .optional(),
  });

  const inboundSchema = z.strictObject({
    pollIntervalSeconds: z.number().int().min(5).max(86400).optional(),
    maxMessagesPerRun: z.number().int().min(1).max(100000).optional(),
    maxMessageBytes: z
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024 * 1024)
      .optional(),
    firstRun: z.enum(FIRST_RUN_POLICIES).optional(),
    afterFetch: z.enum(AFTER_FETCH_ACTIONS).optional(),
    moveToFolder: text(256).nullable().optional(),
    acknowledge: z.boolean().optional(),
    lang: z.enum(LANGS).nullable().optional(),
  });

  const outboundSchema = z.strictObject({
    fromAddress: senderAddress().nullable().optional(),
    fromName: text(200).nullable().optional(),
    ratePerMinute: z.number().int().min(1).max(MAX_RATE_PER_MINUTE).optional(),
  });

  const optionalFields = {
    connection: z.enum(CONNECTIONS).optional(),
    host: text(253).optional(),
    port: port.optional(),
    username: text(320).optional(),
    password: secret.nullable().optional(),
    timeoutMs: z.number().int().min(100).max(600000).optional(),
    security: z.enum(SECURITIES).optional(),
    sasl: z.enum(SASL_METHODS).optional(),
    auth: z.enum(AUTH_TYPES).optional(),
    smtpAuth: z.boolean().optional(),
    leaveCopy: z.boolean().optional(),
    folder: text(256).min(1).optional(),
    apiUrl: apiUrl.nullable().optional(),
    enabled: z.boolean().optional(),
    proxy: proxySchema.optional(),
    tls: tlsSchema.optional(),
    oauth: oauthSchema.optional(),
    inbound: inboundSchema.optional(),
    outbound: outboundSchema.optional(),
  };

  const accountCreateSchema = z.strictObject({
    name,
    direction: z.enum(DIRECTIONS),
    protocol: z.enum(PROTOCOLS),
    preset: z.enum(PRESETS),
    ...optionalFields,
  });

  const accountPatchSchema = z.strictObject({
    name: name.optional(),
    direction: z.enum(DIRECTIONS).optional(),
    protocol: z.enum(PROTOCOLS).optional(),
    preset: z.enum(PRESETS).optional(),
    ...optionalFields,
  });

  const importDocumentSchema = z.strictObject({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    exportedAt: z.string().optional(),
    accounts: z.array(accountCreateSchema).max(10000),
  });
  return { create: accountCreateSchema, patch: accountPatchSchema, importDocument: importDocumentSchema };
}

/**
 * Schemas of what an administrator sends to create or edit an account (API JSON, CLI flags, import): an
 * account's creation, a change to one, an import document. Built on first use: fetching and sending never
 * validate an account's settings.
 */
/** Why an OAuth authority was refused. */
const INSECURE_AUTHORITY = {
  es: 'debe ser una dirección https (http solo hacia esta máquina), sin usuario ni contraseña',
  en: 'must be an https address (http only to this machine), with no user or password',
};

export const accountSchemas = lazySchema(buildAccountSchemas);

/** What an outbound account may send from (`outbound.fromAddress`, --from). */
const senderAddress = lazySchema(() => z.email());

/** Whether a text is an address an outbound account may send from, as `outbound.fromAddress` takes it. */
export function isSenderAddress(value: string): boolean {
  return senderAddress().safeParse(value).success;
}

type AccountSchemas = ReturnType<typeof buildAccountSchemas>;
export type AccountCreateInput = z.output<AccountSchemas['create']>;
export type AccountPatchInput = z.output<AccountSchemas['patch']>;
export type ImportDocument = z.output<AccountSchemas['importDocument']>;
