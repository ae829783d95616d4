import { defineErrors } from '../errors/drobot-error.js';

export const accountErrors = defineErrors({
  duplicateName: {
    code: 'account_name_taken',
    message: {
      es: 'Ya existe una cuenta llamada «{name}» (campo «name»).',
      en: 'An account named "{name}" already exists (field "name").',
    },
    hint: {
      es: 'Elija otro nombre o edite la cuenta existente.',
      en: 'Choose another name or edit the existing account.',
    },
    status: 400,
  },
  reservedName: {
    code: 'account_name_reserved',
    message: {
      es: 'El nombre «{name}» no puede ser el de una cuenta (campo «name»): GET /api/accounts/{name} es la exportación de las cuentas, no la cuenta.',
      en: '"{name}" cannot be an account\'s name (field "name"): GET /api/accounts/{name} is the accounts\' export, not the account.',
    },
    hint: { es: 'Elija otro nombre.', en: 'Choose another name.' },
    status: 400,
  },
  notFound: {
    code: 'account_not_found',
    message: { es: 'No existe la cuenta «{name}».', en: 'There is no account "{name}".' },
    status: 404,
  },
  draftNeedsSave: {
    code: 'oauth_draft_not_testable',
    message: {
      es: 'Una cuenta OAuth 2.0 sólo se puede probar una vez guardada y autorizada (drobot oauth authorize).',
      en: 'An OAuth 2.0 account can only be tested once saved and authorized (drobot oauth authorize).',
    },
    status: 400,
  },
  connectionNotTestable: {
    code: 'connection_not_testable',
    message: {
      es: 'La prueba de conexión aún no está disponible para el tipo de conexión «{connection}».',
      en: 'The connection test is not available yet for connection type "{connection}".',
    },
    status: 400,
  },
  badImportFile: {
    code: 'import_file_invalid',
    message: {
      es: 'El archivo de importación no es válido: {detail}',
      en: 'The import file is not valid: {detail}',
    },
    hint: {
      es: 'Use el formato que produce «drobot accounts export».',
      en: 'Use the format that "drobot accounts export" produces.',
    },
    status: 400,
  },
});
