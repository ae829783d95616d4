import { defineErrors } from '../errors/drobot-error.js';

export const secretErrors = defineErrors({
  badMasterKey: {
    code: 'master_key_invalid',
    message: {
      es: 'La clave maestra no es válida: debe ser de 32 bytes en base64 ({source}).',
      en: 'The master key is not valid: it must be 32 bytes in base64 ({source}).',
    },
    status: 500,
  },
  unknownKey: {
    code: 'master_key_mismatch',
    message: {
      es: 'El secreto «{name}» fue cifrado con la clave {keyId}, que no está disponible; la clave maestra configurada es {currentKeyId}.',
      en: 'The secret "{name}" was encrypted with key {keyId}, which is not available; the configured master key is {currentKeyId}.',
    },
    hint: {
      es: 'Configure la clave maestra con la que se cifraron los secretos (DROBOT_MASTER_KEY o el archivo de claves del directorio de datos). No se ha modificado nada.',
      en: 'Configure the master key the secrets were encrypted with (DROBOT_MASTER_KEY or the key file in the data directory). Nothing was changed.',
    },
    status: 500,
  },
  tampered: {
    code: 'secret_tampered',
    message: {
      es: 'El secreto «{name}» está dañado o fue modificado: no se puede descifrar.',
      en: 'The secret "{name}" is damaged or was altered: it cannot be decrypted.',
    },
    hint: {
      es: 'Vuelva a introducir el secreto; si ocurre con varios, restaure la base de datos desde una copia de seguridad.',
      en: 'Enter the secret again; if several are affected, restore the database from a backup.',
    },
    status: 500,
  },
  missingKey: {
    code: 'master_key_missing',
    message: {
      es: 'Falta la clave maestra: la base de datos guarda {count} secreto(s) cifrados con la clave {keyId}, pero no existe {file} ni DROBOT_MASTER_KEY.',
      en: 'The master key is missing: the database holds {count} secret(s) encrypted with key {keyId}, but neither {file} nor DROBOT_MASTER_KEY exists.',
    },
    hint: {
      es: 'Restaure el archivo de claves desde la copia de seguridad o configure DROBOT_MASTER_KEY. No se ha creado una clave nueva ni se ha modificado nada.',
      en: 'Restore the key file from the backup or set DROBOT_MASTER_KEY. No new key was made and nothing was changed.',
    },
    status: 500,
  },
  keyFileUnsafe: {
    code: 'key_file_unsafe',
    message: {
      es: 'El archivo de claves {file} es legible por otros usuarios (permisos {mode}); debe ser 0600.',
      en: 'The key file {file} is readable by other users (mode {mode}); it must be 0600.',
    },
    status: 500,
  },
});
