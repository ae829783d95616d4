import type { StepName } from '../diagnostics/connection-test.types.js';
import { langNames, type Text } from '../i18n/lang.js';
import type { ProxyType, SaslMethod, Security } from '../transports/types.js';
import type {
  AccountState,
  AfterFetchAction,
  AuthType,
  ConnectionType,
  Direction,
  FirstRunPolicy,
  Preset,
  Protocol,
} from './account.model.js';

/**
 * The account form's labels and help, in every language, with the seed's Spanish words. The console's
 * form and the CLI's listings read them here, so a field is named the same everywhere.
 */
export const accountFieldLabels = {
  name: { es: 'Nombre de cuenta', en: 'Account name' },
  direction: { es: 'Tipo de servidor', en: 'Server type' },
  protocol: { es: 'Protocolo', en: 'Protocol' },
  preset: { es: 'Proveedor', en: 'Provider' },
  connection: { es: 'Tipo de conexión', en: 'Connection type' },
  host: { es: 'Nombre del servidor', en: 'Server name' },
  port: { es: 'Puerto del servidor', en: 'Server port' },
  username: { es: 'Usuario', en: 'User name' },
  password: { es: 'Contraseña', en: 'Password' },
  timeoutMs: { es: 'Tiempo de espera (ms)', en: 'Timeout (ms)' },
  security: { es: 'Seguridad', en: 'Security' },
  sasl: { es: 'Método', en: 'Method' },
  auth: { es: 'Tipo de autenticación', en: 'Authentication type' },
  smtpAuth: { es: 'El servidor requiere autenticación', en: 'Server requires user authentication' },
  leaveCopy: {
    es: 'Dejar una copia de los mensajes en el servidor',
    en: 'Leave a copy of messages on the server',
  },
  folder: { es: 'Carpeta', en: 'Folder' },
  apiUrl: { es: 'URL de la API', en: 'API URL' },
  'proxy.type': { es: 'Tipo de proxy', en: 'Proxy type' },
  'proxy.host': { es: 'Servidor proxy', en: 'Proxy server' },
  'proxy.port': { es: 'Puerto del proxy', en: 'Proxy port' },
  'proxy.username': { es: 'Usuario del proxy', en: 'Proxy user name' },
  'proxy.password': { es: 'Contraseña del proxy', en: 'Proxy password' },
  'oauth.clientId': { es: 'ClientID', en: 'Client ID' },
  'oauth.clientSecret': { es: 'SecretID', en: 'Client secret' },
  'oauth.tenantId': { es: 'TenantID', en: 'Tenant ID' },
  'oauth.authority': { es: 'Autoridad OAuth', en: 'OAuth authority' },
  'oauth.useLoopback': { es: 'Usar escucha HTTP local + OAuth', en: 'Use HTTP listener + OAuth' },
  'oauth.useBrowser': {
    es: 'Usar el navegador predeterminado para OAuth',
    en: 'Use default browser for OAuth',
  },
  'outbound.fromAddress': { es: 'Dirección del remitente', en: 'Sender address' },
  'outbound.fromName': { es: 'Nombre del remitente', en: 'Sender name' },
  'inbound.pollIntervalSeconds': { es: 'Intervalo de consulta (s)', en: 'Poll interval (s)' },
} satisfies Record<string, Text>;

export type AccountField = keyof typeof accountFieldLabels;

/**
 * The names of the account's other settings and facts, which the form does not edit but a detailed view
 * (`drobot accounts show`) shows beside the form's fields.
 */
export const accountDetailLabels = {
  id: { es: 'Id', en: 'Id' },
  state: { es: 'Estado', en: 'State' },
  lastTest: { es: 'Última prueba', en: 'Last test' },
  createdAt: { es: 'Creada', en: 'Created' },
  updatedAt: { es: 'Modificada', en: 'Updated' },
  'oauth.tokens': { es: 'Tokens', en: 'Tokens' },
  'tls.caPem': { es: 'CA adicional', en: 'Extra CA' },
  'tls.pinSha256': { es: 'Huella fijada (SHA-256)', en: 'Pinned fingerprint (SHA-256)' },
  'tls.insecureSkipVerify': { es: 'Sin verificar el certificado', en: 'Certificate not verified' },
  proxy: { es: 'Proxy', en: 'Proxy' },
  'inbound.maxMessagesPerRun': { es: 'Correos por consulta', en: 'Mails per run' },
  'inbound.maxMessageBytes': { es: 'Tamaño máximo de un correo (bytes)', en: 'Largest mail (bytes)' },
  'inbound.firstRun': { es: 'Primera consulta', en: 'First run' },
  'inbound.afterFetch': { es: 'Tras recoger un correo', en: 'After fetching a mail' },
  'inbound.moveToFolder': { es: 'Mover a la carpeta', en: 'Move to folder' },
  'inbound.acknowledge': { es: 'Acuse de recibo de los casos nuevos', en: 'Acknowledge new cases' },
  'inbound.lang': { es: 'Idioma de los acuses', en: 'Acknowledgment language' },
  'outbound.ratePerMinute': { es: 'Correos por minuto', en: 'Mails per minute' },
} satisfies Record<string, Text>;

/**
 * A setting the account leaves empty, shown with the value it takes from elsewhere (the provider's
 * address): the same words in `drobot accounts show` and in the console.
 */
export const defaultValueText = { es: '{value} (por omisión)', en: '{value} (default)' } satisfies Text;

/** Help under a field, where its meaning is not plain from the label. */
export const accountFieldHelp: Partial<Record<AccountField, Text>> = {
  port: {
    es: '0 usa el puerto habitual del protocolo con la seguridad elegida.',
    en: "0 uses the protocol's usual port for the chosen security.",
  },
  password: {
    es: 'Se guarda cifrada y no se vuelve a mostrar: escriba una nueva sólo para cambiarla.',
    en: 'Stored encrypted and never shown again: type a new one only to change it.',
  },
  timeoutMs: {
    es: 'Tiempo máximo de cada paso de red, en milisegundos (5000 por defecto).',
    en: 'Longest wait for each network step, in milliseconds (default 5000).',
  },
  security: {
    es: 'Implícita: TLS desde el primer byte. Explícita: STARTTLS. Auto: la pregunta al servidor.',
    en: 'Implicit: TLS from the first byte. Explicit: STARTTLS. Auto: asks the server.',
  },
  leaveCopy: {
    es: 'Si no se marca, el correo se borra del servidor una vez guardado su caso.',
    en: 'Unless ticked, mail is deleted from the server once its case is stored.',
  },
  'proxy.type': {
    es: 'Nunca recomendado salvo que la red lo exija.',
    en: 'Not recommended unless the network requires it.',
  },
};

/** An account's state as a person is shown it: its stored state, or `error` (see {@link shownAccountState}). */
export type ShownAccountState = AccountState | 'error';

/** The values of the choice fields and an account's state, as shown (the API and `--json` keep the keys). */
export const accountChoiceLabels = {
  direction: {
    inbound: { es: 'Entrada (POP3 / IMAP)', en: 'Inbound (POP3 / IMAP)' },
    outbound: { es: 'Salida (SMTP)', en: 'Outbound (SMTP)' },
  } satisfies Record<Direction, Text>,
  protocol: {
    pop3: { es: 'POP3', en: 'POP3' },
    imap: { es: 'IMAP', en: 'IMAP' },
    smtp: { es: 'SMTP', en: 'SMTP' },
  } satisfies Record<Protocol, Text>,
  preset: {
    domain: { es: 'Dominio (cualquier servidor estándar)', en: 'Domain (any standards server)' },
    office365: { es: 'Office 365', en: 'Office 365' },
    gmail: { es: 'Gmail', en: 'Gmail' },
  } satisfies Record<Preset, Text>,
  connection: {
    protocol: { es: 'Protocolo de correo', en: 'Mail protocol' },
    graph: { es: 'OAuth de Microsoft + API de Graph', en: 'Microsoft OAuth + Graph API' },
    'gmail-api': { es: 'API REST de Gmail + OAuth', en: 'Gmail REST API + OAuth' },
  } satisfies Record<ConnectionType, Text>,
  security: {
    none: { es: 'Ninguna', en: 'None' },
    implicit: { es: 'Implícita (SSL/TLS)', en: 'Implicit (SSL/TLS)' },
    starttls: { es: 'Explícita (STARTTLS)', en: 'Explicit (STARTTLS)' },
    auto: { es: 'Auto', en: 'Auto' },
  } satisfies Record<Security, Text>,
  sasl: {
    auto: { es: 'Auto', en: 'Auto' },
    plain: { es: 'PLAIN', en: 'PLAIN' },
    login: { es: 'LOGIN', en: 'LOGIN' },
    xoauth2: { es: 'XOAUTH2', en: 'XOAUTH2' },
  } satisfies Record<SaslMethod, Text>,
  // `none`: an SMTP account without authentication, as shown (its stored type is not used).
  auth: {
    password: { es: 'Usuario y contraseña', en: 'User name and password' },
    oauth2: { es: 'OAuth 2.0', en: 'OAuth 2.0' },
    none: { es: 'Sin autenticación', en: 'None' },
  } satisfies Record<AuthType | 'none', Text>,
  proxy: {
    none: { es: 'Ninguno', en: 'None' },
    socks5: { es: 'SOCKS5', en: 'SOCKS5' },
    http: { es: 'HTTP (CONNECT)', en: 'HTTP (CONNECT)' },
  } satisfies Record<ProxyType, Text>,
  firstRun: {
    all: { es: 'Todo el correo del servidor', en: 'All mail on the server' },
    unread: { es: 'El correo no leído', en: 'Unread mail' },
    new: { es: 'Sólo el que llegue desde ahora', en: 'Only mail that arrives from now on' },
  } satisfies Record<FirstRunPolicy, Text>,
  afterFetch: {
    seen: { es: 'Marcarlo como leído', en: 'Mark it read' },
    move: { es: 'Moverlo a otra carpeta', en: 'Move it to another folder' },
    delete: { es: 'Borrarlo del servidor', en: 'Delete it from the server' },
  } satisfies Record<AfterFetchAction, Text>,
  lang: langNames,
  state: {
    ready: { es: 'Correcta', en: 'OK' },
    error: { es: 'Con errores', en: 'Error' },
    password_required: { es: 'Falta la contraseña', en: 'Password required' },
    authorization_required: { es: 'Falta autorizar', en: 'Authorization required' },
    disabled: { es: 'Desactivada', en: 'Disabled' },
    secret_unreadable: { es: 'Secreto ilegible', en: 'Secret unreadable' },
  } satisfies Record<ShownAccountState, Text>,
} satisfies Record<string, Record<string, Text>>;

/** An account state's words, for a message that names it; a state this build does not know, as it is. */
export function accountStateWords(state: string): Text | string {
  const labels: Readonly<Record<string, Text>> = accountChoiceLabels.state;
  return Object.hasOwn(labels, state) ? labels[state]! : state;
}

/**
 * The state the console and the CLI show for an account: a disabled account says so first; a ready account
 * whose last connection test failed, or whose fetching keeps failing, shows as an error.
 */
export function shownAccountState(
  account: {
    readonly enabled: boolean;
    // A view's state is a string: a newer server may know a state this code does not (shown as it is).
    readonly state: string;
    readonly lastTest: { readonly ok: boolean } | null;
  },
  fetchFailing = false,
): string {
  if (!account.enabled) return 'disabled';
  if (account.state === 'ready' && (account.lastTest?.ok === false || fetchFailing)) return 'error';
  return account.state;
}

/** The steps of the connection test, as named to a person (the console and the CLI). */
export const testStepLabels = {
  token: { es: 'Token de acceso', en: 'Access token' },
  policy: { es: 'Política de acceso', en: 'Access policy' },
  dns: { es: 'DNS', en: 'DNS' },
  tcp: { es: 'Conexión TCP', en: 'TCP connection' },
  proxy: { es: 'Proxy', en: 'Proxy' },
  tls: { es: 'TLS y certificado', en: 'TLS and certificate' },
  greeting: { es: 'Saludo del servidor', en: 'Server greeting' },
  capabilities: { es: 'Capacidades', en: 'Capabilities' },
  starttls: { es: 'STARTTLS', en: 'STARTTLS' },
  auth: { es: 'Autenticación', en: 'Authentication' },
  mailbox: { es: 'Buzón', en: 'Mailbox' },
  send: { es: 'Envío de prueba', en: 'Test message' },
} satisfies Record<StepName, Text>;
