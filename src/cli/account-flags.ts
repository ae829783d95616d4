import fs from 'node:fs';
import { Option, type Command } from 'commander';
import {
  AFTER_FETCH_ACTIONS,
  AUTH_TYPES,
  CONNECTIONS,
  DIRECTIONS,
  FIRST_RUN_POLICIES,
  PRESETS,
  PROTOCOLS,
  SASL_METHODS,
  SECURITIES,
} from '../accounts/account.model.js';
import { DrobotError } from '../errors/drobot-error.js';
import { fieldIssue, validationError } from '../errors/validation.js';
import { accountErrors } from '../accounts/account.errors.js';
import { cliText } from './cli.messages.js';
import { t } from './help.js';

/** The flags of `accounts add` and `accounts edit`, as commander parses them. */
export interface AccountFlags {
  name?: string;
  direction?: string;
  protocol?: string;
  preset?: string;
  connection?: string;
  host?: string;
  port?: string;
  security?: string;
  sasl?: string;
  auth?: string;
  username?: string;
  passwordStdin?: boolean;
  timeoutMs?: string;
  leaveCopy?: boolean;
  folder?: string;
  apiUrl?: string;
  smtpAuth?: boolean;
  proxy?: string;
  proxyPasswordStdin?: boolean;
  caFile?: string;
  pinSha256?: string;
  insecureSkipVerify?: boolean;
  clientId?: string;
  clientSecretStdin?: boolean;
  tenantId?: string;
  oauthLoopback?: boolean;
  oauthBrowser?: boolean;
  oauthAuthority?: string;
  pollInterval?: string;
  maxMessages?: string;
  maxSize?: string;
  firstRun?: string;
  afterFetch?: string;
  moveTo?: string;
  acknowledge?: boolean;
  language?: string;
  from?: string;
  fromName?: string;
  ratePerMinute?: string;
  verifyTls?: boolean;
  enable?: boolean;
  disable?: boolean;
  json?: boolean;
}

const list = (values: readonly string[]) => values.join('|');

/** Declares every account flag on a command (CLI.md names them; none is renamed). */
export function addAccountOptions(cmd: Command, forAdd: boolean): Command {
  return cmd
    .option(
      '--name <name>',
      forAdd
        ? t({ es: 'nombre único de la cuenta', en: 'unique account name' })
        : t({ es: 'nombre nuevo', en: 'new name' }),
    )
    .option('--direction <direction>', list(DIRECTIONS))
    .option(
      '--protocol <protocol>',
      t({
        es: `${list(PROTOCOLS)} (con --connection graph|gmail-api, por omisión el de --direction)`,
        en: `${list(PROTOCOLS)} (with --connection graph|gmail-api, by default the one --direction implies)`,
      }),
    )
    .option(
      '--preset <preset>',
      t({
        es: `${list(PRESETS)} (con --connection graph: office365; gmail-api: gmail)`,
        en: `${list(PRESETS)} (with --connection graph: office365; gmail-api: gmail)`,
      }),
    )
    .option('--connection <type>', list(CONNECTIONS))
    .option('--host <host>', t({ es: 'nombre del servidor', en: 'server name' }))
    .option(
      '--port <n>',
      t({
        es: 'puerto del servidor; 0 = el habitual del protocolo y la seguridad',
        en: 'server port; 0 = the default for protocol and security',
      }),
    )
    .option(
      '--security <security>',
      `${list(SECURITIES)}: ${t({ es: 'por omisión la del preajuste (implicit para POP3/IMAP, starttls para SMTP); auto: TLS implícito en 993/995/465, si no STARTTLS obligatorio', en: "default the preset's (implicit for POP3/IMAP, starttls for SMTP); auto: implicit TLS on 993/995/465, else STARTTLS required" })}`,
    )
    .option('--sasl <method>', list(SASL_METHODS))
    .option('--auth <type>', list(AUTH_TYPES))
    .option('--username <user>', t({ es: 'nombre de usuario', en: 'login name' }))
    .option(
      '--password-stdin',
      t({
        es: 'lee la contraseña de la entrada estándar (primera línea) o la pide sin eco en un terminal',
        en: 'read the password from standard input (first line)',
      }),
    )
    .option(
      '--timeout-ms <ms>',
      t({
        es: 'tiempo máximo de cada paso de red, en ms (por omisión 5000)',
        en: 'timeout of every network step (default 5000)',
      }),
    )
    .option(
      '--leave-copy',
      t({
        es: 'deja una copia de cada mensaje en el servidor (por omisión no: se borra o se marca tras guardarlo)',
        en: 'leave a copy of each message on the server (default no: deleted or marked once stored)',
      }),
    )
    .option(
      '--no-leave-copy',
      t({
        es: 'borra cada mensaje una vez guardado su caso',
        en: 'delete each message once its case is stored',
      }),
    )
    .option(
      '--folder <folder>',
      t({ es: 'carpeta IMAP que se lee (por omisión INBOX)', en: 'IMAP folder to read (default INBOX)' }),
    )
    .option(
      '--api-url <url>',
      t({
        es: 'URL base de la API de Graph o Gmail (por omisión: la del proveedor)',
        en: "Graph or Gmail API base URL (default: the provider's)",
      }),
    )
    .option(
      '--smtp-auth',
      t({
        es: 'el servidor SMTP exige autenticación (por omisión)',
        en: 'the SMTP server requires authentication (default)',
      }),
    )
    .option(
      '--no-smtp-auth',
      t({
        es: 'el servidor SMTP no exige autenticación',
        en: 'the SMTP server does not require authentication',
      }),
    )
    .option(
      '--proxy <url>',
      t({
        es: 'socks5://[usuario@]host:puerto, http://[usuario@]host:puerto o none',
        en: 'socks5://[user@]host:port, http://[user@]host:port or none',
      }),
    )
    .option(
      '--proxy-password-stdin',
      t({
        es: 'lee la contraseña del proxy de la entrada estándar (línea siguiente) o la pide en un terminal',
        en: 'read the proxy password from standard input (next line)',
      }),
    )
    .option(
      '--ca-file <pem>',
      t({ es: 'confía en este certificado de CA (archivo PEM)', en: 'trust this CA certificate (PEM file)' }),
    )
    .option(
      '--pin-sha256 <fingerprint>',
      t({
        es: 'confía en el certificado del servidor con esta huella SHA-256',
        en: 'trust the server certificate with this SHA-256 fingerprint',
      }),
    )
    .option(
      '--insecure-skip-verify',
      t({
        es: 'no verifica el certificado del servidor (no recomendado)',
        en: 'do not verify the server certificate (not recommended)',
      }),
    )
    .option(
      '--verify-tls',
      t({
        es: 'verifica el certificado del servidor (por omisión)',
        en: 'verify the server certificate (default)',
      }),
    )
    .option(
      '--client-id <id>',
      t({ es: 'id de la aplicación (cliente) OAuth', en: 'OAuth application (client) id' }),
    )
    .option(
      '--client-secret-stdin',
      t({
        es: 'lee el secreto de cliente OAuth de la entrada estándar (línea siguiente) o lo pide en un terminal',
        en: 'read the OAuth client secret from standard input (next line)',
      }),
    )
    .option(
      '--tenant-id <id>',
      t({ es: 'id del directorio (tenant) de Microsoft', en: 'Microsoft directory (tenant) id' }),
    )
    .option(
      '--oauth-loopback',
      t({
        es: 'usa un receptor HTTP local para el consentimiento OAuth',
        en: 'use a loopback HTTP listener for the OAuth consent',
      }),
    )
    .option(
      '--no-oauth-loopback',
      t({ es: 'no usa un receptor local', en: 'do not use a loopback listener' }),
    )
    .option(
      '--oauth-browser',
      t({
        es: 'abre el navegador predeterminado para el consentimiento OAuth',
        en: 'open the default browser for the OAuth consent',
      }),
    )
    .option(
      '--no-oauth-browser',
      t({ es: 'sólo muestra la URL de consentimiento', en: 'only show the consent URL' }),
    )
    .option(
      '--oauth-authority <url>',
      t({
        es: 'sustituye el servidor de autorización del proveedor',
        en: "override the provider's authorization server",
      }),
    )
    .option(
      '--poll-interval <seconds>',
      t({
        es: 'entrada: segundos entre recogidas (por omisión 60)',
        en: 'inbound: seconds between polls (default 60)',
      }),
    )
    .option(
      '--max-messages <n>',
      t({
        es: 'entrada: mensajes por recogida como máximo (por omisión 200)',
        en: 'inbound: messages per run at most (default 200)',
      }),
    )
    .option(
      '--max-size <bytes>',
      t({
        es: 'entrada: tamaño máximo de mensaje aceptado, en bytes (por omisión 26214400 = 25 MiB)',
        en: 'inbound: largest message accepted, in bytes (default 26214400 = 25 MiB)',
      }),
    )
    .addOption(
      new Option(
        '--first-run <policy>',
        `${t({ es: 'entrada: qué toma la primera recogida; por omisión unread (el no leído; en POP3, todo)', en: 'inbound: what a first run takes; default unread (unread mail; on POP3, all)' })} (${list(FIRST_RUN_POLICIES)})`,
      ),
    )
    .addOption(
      new Option(
        '--after-fetch <action>',
        `${t({ es: 'IMAP: qué se hace tras guardar; por omisión seen (marcar leído)', en: 'IMAP: after storing; default seen (mark read)' })} (${list(AFTER_FETCH_ACTIONS)})`,
      ),
    )
    .option(
      '--move-to <folder>',
      t({
        es: 'IMAP: carpeta a la que se mueve el correo guardado',
        en: 'IMAP: folder to move stored mail to',
      }),
    )
    .option(
      '--acknowledge',
      t({
        es: 'entrada: acusa recibo de cada caso nuevo a quien lo pidió (por omisión)',
        en: 'inbound: acknowledge each new case to its requester (default)',
      }),
    )
    .option(
      '--no-acknowledge',
      t({
        es: 'entrada: no acusa recibo de los casos nuevos',
        en: 'inbound: send no acknowledgment of new cases',
      }),
    )
    .option(
      '--language <lang>',
      t({
        es: 'entrada: idioma de los acuses cuando el correo no lo dice (es|en)',
        en: 'inbound: language of acknowledgments when the mail does not tell (es|en)',
      }),
    )
    .option(
      '--from <address>',
      t({
        es: 'salida: dirección del remitente (por omisión, el usuario de una cuenta que inicia sesión; una cuenta sin autenticación SMTP no tiene usuario: indíquela)',
        en: 'outbound: sender address (default: the user name of an account that signs in; an account without SMTP authentication has none: give it)',
      }),
    )
    .option(
      '--from-name <name>',
      t({ es: 'salida: nombre visible del remitente', en: 'outbound: sender display name' }),
    )
    .option(
      '--rate-per-minute <n>',
      t({
        es: 'salida: mensajes por minuto como máximo (por omisión el del preajuste: office365 30, gmail 20, domain 60)',
        en: "outbound: messages per minute at most (default the preset's: office365 30, gmail 20, domain 60)",
      }),
    )
    .option('--enable', t({ es: 'usa la cuenta', en: 'use the account' }))
    .option(
      '--disable',
      t({ es: 'conserva la cuenta pero no la usa', en: 'keep the account but do not use it' }),
    );
}

/** A number when the text is one; otherwise the text, so validation names the field. */
function num(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  return /^-?\d+$/.test(value.trim()) ? Number(value) : value;
}

function parseProxy(value: string): Record<string, unknown> {
  if (value === 'none') return { type: 'none' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw validationError([fieldIssue('proxy', 'invalid_proxy', cliText.badProxy)]);
  }
  const type = url.protocol === 'socks5:' ? 'socks5' : url.protocol === 'http:' ? 'http' : undefined;
  if (!type || !url.hostname || !url.port)
    throw validationError([fieldIssue('proxy', 'invalid_proxy', cliText.badProxy)]);
  return {
    type,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port),
    username: url.username ? decodeURIComponent(url.username) : null,
  };
}

function readCaFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new DrobotError(accountErrors.badImportFile, {
      field: 'tls.caPem',
      params: { detail: `${file}: ${(error as Error).message}` },
    });
  }
}

function compact<T extends Record<string, unknown>>(o: T): Partial<T> | undefined {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as Partial<T>);
}

/**
 * A Graph or Gmail API connection has one protocol per direction (imap inbound, smtp outbound) and one
 * provider: given the connection and the direction, `--protocol` and `--preset` need not be typed. Only
 * what the flags say is read (on an edit the account's own direction is not known here: nothing is implied).
 */
function impliedProtocol(f: AccountFlags): string | undefined {
  if (f.connection !== 'graph' && f.connection !== 'gmail-api') return undefined;
  return f.direction === 'inbound' ? 'imap' : f.direction === 'outbound' ? 'smtp' : undefined;
}

function impliedPreset(f: AccountFlags): string | undefined {
  return f.connection === 'graph' ? 'office365' : f.connection === 'gmail-api' ? 'gmail' : undefined;
}

/** Turns the flags into the account input the service validates; secrets are added by the caller. */
export function accountInputFromFlags(
  f: AccountFlags,
  secrets: { password?: string; proxyPassword?: string; clientSecret?: string },
) {
  const proxy =
    f.proxy !== undefined ? parseProxy(f.proxy) : secrets.proxyPassword !== undefined ? {} : undefined;
  if (proxy && secrets.proxyPassword !== undefined) proxy.password = secrets.proxyPassword;
  const insecure = f.insecureSkipVerify ? true : f.verifyTls ? false : undefined;
  const input = {
    name: f.name,
    direction: f.direction,
    protocol: f.protocol ?? impliedProtocol(f),
    preset: f.preset ?? impliedPreset(f),
    connection: f.connection,
    host: f.host,
    port: num(f.port),
    username: f.username,
    password: secrets.password,
    timeoutMs: num(f.timeoutMs),
    security: f.security,
    sasl: f.sasl,
    auth: f.auth,
    smtpAuth: f.smtpAuth,
    leaveCopy: f.leaveCopy,
    folder: f.folder,
    apiUrl: f.apiUrl,
    enabled: f.enable ? true : f.disable ? false : undefined,
    proxy,
    tls: compact({
      caPem: f.caFile !== undefined ? readCaFile(f.caFile) : undefined,
      pinSha256: f.pinSha256,
      insecureSkipVerify: insecure,
    }),
    oauth: compact({
      clientId: f.clientId,
      clientSecret: secrets.clientSecret,
      tenantId: f.tenantId,
      useLoopback: f.oauthLoopback,
      useBrowser: f.oauthBrowser,
      authority: f.oauthAuthority,
    }),
    inbound: compact({
      pollIntervalSeconds: num(f.pollInterval),
      maxMessagesPerRun: num(f.maxMessages),
      maxMessageBytes: num(f.maxSize),
      firstRun: f.firstRun,
      afterFetch: f.afterFetch,
      moveToFolder: f.moveTo,
      acknowledge: f.acknowledge,
      lang: f.language,
    }),
    outbound: compact({ fromAddress: f.from, fromName: f.fromName, ratePerMinute: num(f.ratePerMinute) }),
  };
  return compact(input) ?? {};
}
