import type { Database } from '../../src/storage/database.js';
import type { KINDS } from './account-kinds.js';

/** Why a setting is refused: the words of each message, in Spanish and English. */
export const REASONS = {
  inbound: [/sólo se aplica a cuentas de entrada/, /applies only to inbound accounts/],
  outbound: [/sólo se aplica a cuentas de salida/, /applies only to outbound accounts/],
  api: [/no se aplica a una conexión (graph|gmail-api)/, /does not apply to a (graph|gmail-api) connection/],
  protocol: [
    /sólo se aplica a las conexiones graph y gmail-api/,
    /applies only to graph and gmail-api connections/,
  ],
  pop3: [/no se aplica a una cuenta POP3/, /does not apply to a POP3 account/],
  apiProtocol: [/«protocol» sólo indica la dirección/, /"protocol" only says the direction/],
  passwordAuth: [
    /no se aplica a una cuenta con autenticación OAuth 2\.0/,
    /does not apply to an account with OAuth 2\.0 authentication/,
  ],
  oauthAuth: [
    /sólo se aplica a cuentas con autenticación OAuth 2\.0/,
    /applies only to accounts with OAuth 2\.0 authentication/,
  ],
  login: [
    /no se aplica a una cuenta de salida sin autenticación SMTP/,
    /does not apply to an outbound account without SMTP authentication/,
  ],
  loginSender: [
    /no se aplica a una cuenta de salida sin autenticación SMTP.* La dirección del remitente es «outbound\.fromAddress» \(--from\)/,
    /does not apply to an outbound account without SMTP authentication.* The sender address is "outbound\.fromAddress" \(--from\)/,
  ],
} as const satisfies Record<string, readonly [RegExp, RegExp]>;

export const SECRET = 'Secreto-que-no-se-guarda-7f3a';

/** A setting given to an account of a kind it does not apply to. */
export interface InapplicableCase {
  readonly kind: keyof typeof KINDS;
  readonly field: string;
  readonly flags: readonly string[];
  readonly body: Readonly<Record<string, unknown>>;
  /** Standard input of the command (a secret read with --password-stdin). */
  readonly input?: string;
  readonly reason: keyof typeof REASONS;
}

export const INAPPLICABLE: readonly InapplicableCase[] = [
  {
    kind: 'smtp',
    field: 'inbound.pollIntervalSeconds',
    flags: ['--poll-interval', '30'],
    body: { inbound: { pollIntervalSeconds: 30 } },
    reason: 'inbound',
  },
  {
    kind: 'smtp',
    field: 'inbound.afterFetch',
    flags: ['--after-fetch', 'delete'],
    body: { inbound: { afterFetch: 'delete' } },
    reason: 'inbound',
  },
  {
    kind: 'smtp',
    field: 'folder',
    flags: ['--folder', 'Archivo'],
    body: { folder: 'Archivo' },
    reason: 'inbound',
  },
  { kind: 'smtp', field: 'leaveCopy', flags: ['--leave-copy'], body: { leaveCopy: true }, reason: 'inbound' },
  {
    kind: 'smtp',
    field: 'inbound.acknowledge',
    flags: ['--no-acknowledge'],
    body: { inbound: { acknowledge: false } },
    reason: 'inbound',
  },
  {
    kind: 'imap',
    field: 'outbound.ratePerMinute',
    flags: ['--rate-per-minute', '5'],
    body: { outbound: { ratePerMinute: 5 } },
    reason: 'outbound',
  },
  {
    kind: 'imap',
    field: 'smtpAuth',
    flags: ['--no-smtp-auth'],
    body: { smtpAuth: false },
    reason: 'outbound',
  },
  {
    kind: 'imap',
    field: 'outbound.fromAddress',
    flags: ['--from', 'mesa@example.test'],
    body: { outbound: { fromAddress: 'mesa@example.test' } },
    reason: 'outbound',
  },
  {
    kind: 'imap',
    field: 'outbound.fromName',
    flags: ['--from-name', 'Mesa'],
    body: { outbound: { fromName: 'Mesa' } },
    reason: 'outbound',
  },
  {
    kind: 'imap',
    field: 'apiUrl',
    flags: ['--api-url', 'https://graph.microsoft.com/v1.0'],
    body: { apiUrl: 'https://graph.microsoft.com/v1.0' },
    reason: 'protocol',
  },
  {
    kind: 'pop3',
    field: 'folder',
    flags: ['--folder', 'Soporte'],
    body: { folder: 'Soporte' },
    reason: 'pop3',
  },
  {
    kind: 'pop3',
    field: 'inbound.afterFetch',
    flags: ['--after-fetch', 'delete'],
    body: { inbound: { afterFetch: 'delete' } },
    reason: 'pop3',
  },
  {
    kind: 'pop3',
    field: 'inbound.moveToFolder',
    flags: ['--move-to', 'Hecho'],
    body: { inbound: { moveToFolder: 'Hecho' } },
    reason: 'pop3',
  },
  {
    kind: 'graph',
    field: 'host',
    flags: ['--host', 'imap.x.org'],
    body: { host: 'imap.x.org' },
    reason: 'api',
  },
  { kind: 'graph', field: 'port', flags: ['--port', '993'], body: { port: 993 }, reason: 'api' },
  {
    kind: 'graph',
    field: 'security',
    flags: ['--security', 'starttls'],
    body: { security: 'starttls' },
    reason: 'api',
  },
  { kind: 'graph', field: 'sasl', flags: ['--sasl', 'xoauth2'], body: { sasl: 'xoauth2' }, reason: 'api' },
  {
    kind: 'graph',
    field: 'password',
    flags: ['--password-stdin'],
    body: { password: SECRET },
    input: `${SECRET}\n`,
    reason: 'api',
  },
  {
    kind: 'graph',
    field: 'protocol',
    flags: ['--protocol', 'pop3'],
    body: { protocol: 'pop3' },
    reason: 'apiProtocol',
  },
  {
    kind: 'graphOut',
    field: 'smtpAuth',
    flags: ['--no-smtp-auth'],
    body: { smtpAuth: false },
    reason: 'api',
  },
  {
    kind: 'graphOut',
    field: 'host',
    flags: ['--host', 'smtp.x.org'],
    body: { host: 'smtp.x.org' },
    reason: 'api',
  },
  {
    kind: 'gmail',
    field: 'password',
    flags: ['--password-stdin'],
    body: { password: SECRET },
    input: `${SECRET}\n`,
    reason: 'api',
  },
  { kind: 'gmail', field: 'port', flags: ['--port', '993'], body: { port: 993 }, reason: 'api' },
  {
    kind: 'imapOauth',
    field: 'password',
    flags: ['--password-stdin'],
    body: { password: SECRET },
    input: `${SECRET}\n`,
    reason: 'passwordAuth',
  },
  {
    kind: 'smtp',
    field: 'password',
    flags: ['--password-stdin'],
    body: { password: SECRET },
    input: `${SECRET}\n`,
    reason: 'login',
  },
  {
    kind: 'smtp',
    field: 'username',
    flags: ['--username', 'soporte@helpdesk.test'],
    body: { username: 'soporte@helpdesk.test' },
    reason: 'loginSender',
  },
  // No login, no authentication type to log in with: any but the preset's, which DRobot fills in.
  { kind: 'smtp', field: 'auth', flags: ['--auth', 'oauth2'], body: { auth: 'oauth2' }, reason: 'login' },
  {
    kind: 'smtpOffice365',
    field: 'auth',
    flags: ['--auth', 'password'],
    body: { auth: 'password' },
    reason: 'login',
  },
  // No login, no SASL method to log in with: refused whichever the account's authentication type.
  { kind: 'smtp', field: 'sasl', flags: ['--sasl', 'plain'], body: { sasl: 'plain' }, reason: 'login' },
  {
    kind: 'smtpOffice365',
    field: 'sasl',
    flags: ['--sasl', 'xoauth2'],
    body: { sasl: 'xoauth2' },
    reason: 'login',
  },
  {
    kind: 'smtpOffice365',
    field: 'oauth.clientId',
    flags: ['--client-id', 'app'],
    body: { oauth: { clientId: 'app' } },
    reason: 'login',
  },
  {
    kind: 'smtpOffice365',
    field: 'oauth.clientSecret',
    flags: ['--client-secret-stdin'],
    body: { oauth: { clientSecret: SECRET } },
    input: `${SECRET}\n`,
    reason: 'login',
  },
  {
    kind: 'smtpOffice365',
    field: 'password',
    flags: ['--password-stdin'],
    body: { password: SECRET },
    input: `${SECRET}\n`,
    reason: 'login',
  },
  {
    kind: 'imap',
    field: 'oauth.clientId',
    flags: ['--client-id', 'app'],
    body: { oauth: { clientId: 'app' } },
    reason: 'oauthAuth',
  },
  {
    kind: 'imap',
    field: 'oauth.clientSecret',
    flags: ['--client-secret-stdin'],
    body: { oauth: { clientSecret: SECRET } },
    input: `${SECRET}\n`,
    reason: 'oauthAuth',
  },
  {
    kind: 'pop3',
    field: 'oauth.tenantId',
    flags: ['--tenant-id', 'contoso'],
    body: { oauth: { tenantId: 'contoso' } },
    reason: 'oauthAuth',
  },
  {
    kind: 'pop3',
    field: 'oauth.useBrowser',
    flags: ['--no-oauth-browser'],
    body: { oauth: { useBrowser: false } },
    reason: 'oauthAuth',
  },
  {
    kind: 'imap',
    field: 'oauth.authority',
    flags: ['--oauth-authority', 'https://login.example.test'],
    body: { oauth: { authority: 'https://login.example.test' } },
    reason: 'oauthAuth',
  },
];

/**
 * The cases an import refuses as add, edit and the API do: all but a relay's SASL method and authentication
 * type, which an earlier version exported and an import takes as the current rules give them (see
 * test/accounts/import-upgrade.test.ts).
 */
export const REFUSED_ON_IMPORT: readonly InapplicableCase[] = INAPPLICABLE.filter(
  (c) => !(c.reason === 'login' && (c.field === 'sasl' || c.field === 'auth')),
);

/** The same kinds given only what DRobot fills in itself: accepted (an export lists every default). */
export const DEFAULTS_GIVEN: ReadonlyArray<{
  readonly kind: keyof typeof KINDS;
  readonly flags: readonly string[];
  readonly body: Readonly<Record<string, unknown>>;
}> = [
  {
    kind: 'smtp',
    flags: [
      '--folder',
      'INBOX',
      '--poll-interval',
      '60',
      '--no-leave-copy',
      '--sasl',
      'auto',
      '--auth',
      'password',
    ],
    body: {
      username: '',
      password: null,
      sasl: 'auto',
      auth: 'password',
      folder: 'INBOX',
      leaveCopy: false,
      inbound: { pollIntervalSeconds: 60, afterFetch: 'seen', moveToFolder: null },
    },
  },
  // The preset's authentication type, as an export from an earlier version lists it.
  { kind: 'smtpOffice365', flags: ['--auth', 'oauth2'], body: { auth: 'oauth2', sasl: 'auto' } },
  {
    kind: 'imap',
    flags: ['--smtp-auth', '--rate-per-minute', '60', '--oauth-loopback', '--oauth-browser'],
    body: {
      smtpAuth: true,
      apiUrl: null,
      outbound: { fromAddress: null, ratePerMinute: 60 },
      oauth: { clientId: null, tenantId: null, useLoopback: true, useBrowser: true, authority: null },
    },
  },
  {
    kind: 'graph',
    flags: ['--port', '0', '--security', 'implicit'],
    body: { host: '', port: 0, sasl: 'auto', password: null },
  },
];

/** How many accounts and secrets the store holds: a refusal writes neither. */
export async function storedCounts(
  open: () => Promise<Database>,
): Promise<{ accounts: number; secrets: number }> {
  const database = await open();
  try {
    const count = async (table: 'accounts' | 'secrets') =>
      Number(
        (
          await database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { accounts: await count('accounts'), secrets: await count('secrets') };
  } finally {
    await database.close();
  }
}

/** Takes an account's sender out of the store, as an earlier version let one be saved without it. */
export async function clearStoredSender(open: () => Promise<Database>, name: string): Promise<void> {
  const database = await open();
  try {
    const row = await database.db
      .selectFrom('accounts')
      .select('settings_json')
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    const settings = JSON.parse(row.settings_json) as { outbound: { fromAddress: string | null } };
    settings.outbound.fromAddress = null;
    await database.db
      .updateTable('accounts')
      .set({ settings_json: JSON.stringify(settings) })
      .where('name', '=', name)
      .execute();
  } finally {
    await database.close();
  }
}
