/**
 * One account of each kind, as `drobot accounts add` flags and as the API's body (name left out): for tests
 * that need accounts of every kind without repeating their settings.
 */
/** A kind of account as the CLI flags and the API body give it (name left out). */
export interface AccountKindInput {
  readonly flags: readonly string[];
  readonly body: Readonly<Record<string, unknown>>;
}

export const KINDS = {
  smtp: {
    flags: [
      '--direction',
      'outbound',
      '--protocol',
      'smtp',
      '--preset',
      'domain',
      '--host',
      'smtp.example.test',
      '--no-smtp-auth',
    ],
    body: {
      direction: 'outbound',
      protocol: 'smtp',
      preset: 'domain',
      host: 'smtp.example.test',
      smtpAuth: false,
    },
  },
  imap: {
    flags: [
      '--direction',
      'inbound',
      '--protocol',
      'imap',
      '--preset',
      'domain',
      '--host',
      'imap.example.test',
      '--username',
      'mesa@example.test',
    ],
    body: {
      direction: 'inbound',
      protocol: 'imap',
      preset: 'domain',
      host: 'imap.example.test',
      username: 'mesa@example.test',
    },
  },
  pop3: {
    flags: [
      '--direction',
      'inbound',
      '--protocol',
      'pop3',
      '--preset',
      'domain',
      '--host',
      'pop.example.test',
      '--username',
      'mesa@example.test',
    ],
    body: {
      direction: 'inbound',
      protocol: 'pop3',
      preset: 'domain',
      host: 'pop.example.test',
      username: 'mesa@example.test',
    },
  },
  graph: {
    flags: [
      '--direction',
      'inbound',
      '--protocol',
      'imap',
      '--preset',
      'office365',
      '--connection',
      'graph',
      '--username',
      'soporte@contoso.test',
      '--client-id',
      'app',
      '--tenant-id',
      'contoso',
    ],
    body: {
      direction: 'inbound',
      protocol: 'imap',
      preset: 'office365',
      connection: 'graph',
      username: 'soporte@contoso.test',
      oauth: { clientId: 'app', tenantId: 'contoso' },
    },
  },
  graphOut: {
    flags: [
      '--direction',
      'outbound',
      '--protocol',
      'smtp',
      '--preset',
      'office365',
      '--connection',
      'graph',
      '--username',
      'avisos@contoso.test',
      '--client-id',
      'app',
      '--tenant-id',
      'contoso',
    ],
    body: {
      direction: 'outbound',
      protocol: 'smtp',
      preset: 'office365',
      connection: 'graph',
      username: 'avisos@contoso.test',
      oauth: { clientId: 'app', tenantId: 'contoso' },
    },
  },
  gmail: {
    flags: [
      '--direction',
      'inbound',
      '--protocol',
      'imap',
      '--preset',
      'gmail',
      '--connection',
      'gmail-api',
      '--username',
      'soporte@gmail.test',
      '--client-id',
      'app',
    ],
    body: {
      direction: 'inbound',
      protocol: 'imap',
      preset: 'gmail',
      connection: 'gmail-api',
      username: 'soporte@gmail.test',
      oauth: { clientId: 'app' },
    },
  },
} as const satisfies Record<string, AccountKindInput>;
