import type { Text } from '../i18n/lang.js';

/** Texts the command line prints, in every language. */
export const cliText = {
  notSet: { es: 'no establecida', en: 'not set' },
  created: {
    es: 'Cuenta «{name}» creada (estado: {state}).',
    en: 'Account "{name}" created (state: {state}).',
  },
  edited: {
    es: 'Cuenta «{name}» modificada (estado: {state}).',
    en: 'Account "{name}" edited (state: {state}).',
  },
  removed: { es: 'Cuenta «{name}» eliminada.', en: 'Account "{name}" removed.' },
  imported: { es: '{count} cuenta(s) importada(s).', en: '{count} account(s) imported.' },
  exported: {
    es: '{count} cuenta(s) exportada(s) a {file} (sin secretos).',
    en: '{count} account(s) exported to {file} (without secrets).',
  },
  passwordRequired: {
    es: 'Aviso: la cuenta «{name}» no tiene contraseña y no se usará hasta que se indique una (drobot accounts edit {name} --password-stdin).',
    en: 'Warning: account "{name}" has no password and will not be used until one is set (drobot accounts edit {name} --password-stdin).',
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
  newEnvKey: {
    es: 'La clave maestra viene de DROBOT_MASTER_KEY: configure este nuevo valor antes del próximo arranque (se muestra una sola vez):',
    en: 'The master key comes from DROBOT_MASTER_KEY: set this new value before the next start (shown only once):',
  },
  serving: {
    es: 'DRobot escuchando en {url} (API en {url}/api, OpenAPI en {url}/api/openapi.json). Token de administrador: {tokenSource}.',
    en: 'DRobot listening on {url} (API at {url}/api, OpenAPI at {url}/api/openapi.json). Admin token: {tokenSource}.',
  },
  hint: { es: 'Sugerencia', en: 'Hint' },
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
