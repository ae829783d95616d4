import type { Text } from '../i18n/lang.js';

/** Texts the command line prints, in every language. */
export const cliText = {
  programDescription: {
    es: 'DRobot: el robot de correo de un centro de soporte informático',
    en: 'DRobot: the mail robot of an IT help desk',
  },
  versionOption: { es: 'muestra la versión', en: 'output the version number' },
  dataDirOption: {
    es: 'directorio de datos (en lugar de DROBOT_DATA_DIR; por omisión ./data del directorio actual)',
    en: 'data directory (instead of DROBOT_DATA_DIR; default ./data in the current directory)',
  },
  dataDirHelp: {
    es: 'Datos: la base de datos SQLite, la clave maestra (keys.json), el token de administrador, el registro\ny el correo original están en el directorio de datos: --data-dir DIRECTORIO, o DROBOT_DATA_DIR,\no ./data del directorio actual. Use siempre el mismo: un directorio nuevo es un DRobot nuevo,\nsin cuentas. DROBOT_DATABASE_URL=postgres://… usa PostgreSQL; DROBOT_LANG=es|en elige el idioma.',
    en: 'Data: the SQLite database, the master key (keys.json), the admin token, the log and the raw mail\nlive in the data directory: --data-dir DIR, or DROBOT_DATA_DIR, or ./data in the current directory.\nAlways use the same one: a new directory is a new DRobot, without accounts.\nDROBOT_DATABASE_URL=postgres://… uses PostgreSQL; DROBOT_LANG=es|en picks the language.',
  },
  notSet: { es: 'no establecida', en: 'not set' },
  created: {
    es: 'Cuenta «{name}» creada (estado: {state}).',
    en: 'Account "{name}" created (state: {state}).',
  },
  edited: {
    es: 'Cuenta «{name}» modificada (estado: {state}).',
    en: 'Account "{name}" edited (state: {state}).',
  },
  enabled: {
    es: 'Cuenta «{name}» activada (estado: {state}).',
    en: 'Account "{name}" enabled (state: {state}).',
  },
  disabled: {
    es: 'Cuenta «{name}» desactivada: se conserva pero no se usa.',
    en: 'Account "{name}" disabled: it is kept but not used.',
  },
  removed: { es: 'Cuenta «{name}» eliminada.', en: 'Account "{name}" removed.' },
  imported: { es: '{count} cuenta(s) importada(s).', en: '{count} account(s) imported.' },
  importUpgraded: {
    es: 'Aviso: la cuenta «{name}» no tiene autenticación SMTP: se importa con {changes}.',
    en: 'Warning: account "{name}" has no SMTP authentication: imported with {changes}.',
  },
  importChange: { es: '«{field}» {to} (era {from})', en: '"{field}" {to} (was {from})' },
  exported: {
    es: '{count} cuenta(s) exportada(s) a {file} (sin secretos).',
    en: '{count} account(s) exported to {file} (without secrets).',
  },
  passwordRequired: {
    es: 'Aviso: la cuenta «{name}» no tiene contraseña y no se usará hasta que se indique una (drobot accounts edit {name} --password-stdin).',
    en: 'Warning: account "{name}" has no password and will not be used until one is set (drobot accounts edit {name} --password-stdin).',
  },
  authorizationRequired: {
    es: 'Siguiente paso: autorice la cuenta «{name}» con drobot oauth authorize {name} (o en la consola, en Cuentas); hasta entonces no se usa.',
    en: 'Next step: authorize account "{name}" with drobot oauth authorize {name} (or in the console, under Accounts); until then it is not used.',
  },
  promptPassword: { es: 'Contraseña de «{name}»: ', en: 'Password for "{name}": ' },
  promptProxyPassword: {
    es: 'Contraseña del proxy de «{name}»: ',
    en: 'Proxy password for "{name}": ',
  },
  promptClientSecret: {
    es: 'Secreto de cliente OAuth de «{name}»: ',
    en: 'OAuth client secret for "{name}": ',
  },
  noAccounts: { es: 'No hay cuentas.', en: 'No accounts.' },
  rotated: {
    es: 'Clave maestra rotada: {count} secreto(s) cifrado(s) de nuevo con la clave {keyId}.',
    en: 'Master key rotated: {count} secret(s) re-encrypted under key {keyId}.',
  },
  serving: {
    es: 'DRobot escuchando en {url} (API en {url}/api, OpenAPI en {url}/api/openapi.json). Token de administrador: {tokenSource}.',
    en: 'DRobot listening on {url} (API at {url}/api, OpenAPI at {url}/api/openapi.json). Admin token: {tokenSource}.',
  },
  setupAddress: {
    es: 'Todavía no hay usuarios. Cree el primer administrador en esta dirección (de un solo uso, caduca en {minutes} minutos): {url}',
    en: 'There are no users yet. Create the first administrator at this address (single use, expires in {minutes} minutes): {url}',
  },
  setupAddressInFile: {
    es: 'Todavía no hay usuarios. La dirección que crea el primer administrador (de un solo uso, caduca en {minutes} minutos) está en {file}, legible solo por su dueño; o créelo con drobot users add NOMBRE --role admin.',
    en: 'There are no users yet. The address that creates the first administrator (single use, expires in {minutes} minutes) is in {file}, readable by its owner only; or create one with drobot users add NAME --role admin.',
  },
  hint: { es: 'Sugerencia', en: 'Hint' },
  more: {
    es: 'Se muestran {count}; hay más: repita la orden con --after {cursor}',
    en: 'Showing {count}; more exist: repeat the command with --after {cursor}',
  },
  errorPrefix: { es: 'Error', en: 'Error' },
  unknownOption: { es: 'Opción desconocida: {detail}', en: 'Unknown option: {detail}' },
  unknownCommand: { es: 'Orden desconocida: {detail}', en: 'Unknown command: {detail}' },
  missingArgument: { es: 'Falta un argumento: {detail}', en: 'Missing argument: {detail}' },
  missingOptionValue: { es: 'Falta el valor de la opción {detail}', en: 'Missing value for option {detail}' },
  invalidArgument: { es: 'Valor no válido: {detail}', en: 'Invalid value: {detail}' },
  usage: { es: 'Uso incorrecto: {detail}', en: 'Incorrect usage: {detail}' },
  badProxy: {
    es: 'El valor de «--proxy» debe ser socks5://[usuario@]host:puerto, http://[usuario@]host:puerto o none.',
    en: 'The value of "--proxy" must be socks5://[user@]host:port, http://[user@]host:port or none.',
  },
  cannotReadFile: {
    es: 'No se puede leer el archivo {file}: {detail}',
    en: 'Cannot read the file {file}: {detail}',
  },
} satisfies Record<string, Text>;
