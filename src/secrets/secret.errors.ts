import { defineErrors, DrobotError, isDrobotError } from '../errors/drobot-error.js';

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
      es: 'Otros usuarios pueden leer o cambiar el archivo de claves {file} (permisos {mode}); debe ser 0600.',
      en: 'Other users can read or change the key file {file} (mode {mode}); it must be 0600.',
    },
    status: 500,
  },
  currentKeyUnavailable: {
    code: 'master_key_current_unavailable',
    message: {
      es: 'La clave maestra actual, {keyId} (la decide la base de datos), no está en {source}: no se ha guardado ningún secreto.',
      en: 'The current master key, {keyId} (the database decides it), is not in {source}: no secret was saved.',
    },
    hint: {
      es: 'Otro proceso rotó la clave. Copie el archivo de claves de ese equipo o añada la clave nueva a DROBOT_MASTER_KEY (la nueva primero, separadas por comas) y reinicie.',
      en: 'Another process rotated the key. Copy the key file from that host, or add the new key to DROBOT_MASTER_KEY (new first, comma-separated) and restart.',
    },
    status: 500,
  },
  noPreparedKey: {
    code: 'master_key_not_prepared',
    message: {
      es: 'No se puede rotar la clave maestra: DROBOT_MASTER_KEY no trae ninguna clave nueva; la base de datos ya conoce todas las de la lista ({ids}) y la actual es {keyId}.',
      en: 'The master key cannot be rotated: DROBOT_MASTER_KEY holds no new key; the database already knows every key listed ({ids}) and the current one is {keyId}.',
    },
    hint: {
      es: 'Cree una clave («openssl rand -base64 32»), póngala la primera en DROBOT_MASTER_KEY en todos los procesos (NUEVA,ANTERIOR), reinícielos y vuelva a ejecutar «drobot keys rotate». DRobot no crea esa clave: solo existiría en la salida de esta orden. No se ha modificado nada.',
      en: 'Create a key ("openssl rand -base64 32"), list it first in DROBOT_MASTER_KEY on every process (NEW,OLD), restart them and run "drobot keys rotate" again. DRobot does not make that key itself: it would exist only in this command\'s output. Nothing was changed.',
    },
    status: 409,
  },
  keyChanging: {
    code: 'master_key_changing',
    message: {
      es: 'No se pudo guardar el secreto: la clave maestra cambió varias veces mientras se escribía.',
      en: 'The secret could not be saved: the master key changed several times while it was being written.',
    },
    hint: {
      es: 'Vuelva a intentarlo cuando termine la rotación de claves. No se ha modificado nada.',
      en: 'Try again once the key rotation is over. Nothing was changed.',
    },
    status: 503,
  },
  accountSecretUnknownKey: {
    code: 'account_secret_unreadable',
    message: {
      es: 'La cuenta «{account}» no puede usar su secreto «{name}»: fue cifrado con la clave {keyId}, que este proceso no tiene.',
      en: 'The account "{account}" cannot use its secret "{name}": it was encrypted with key {keyId}, which this process does not hold.',
    },
    hint: {
      es: 'Otro proceso rotó la clave maestra: copie su archivo de claves (keys.json) o añada la clave a DROBOT_MASTER_KEY y reinicie; «drobot keys status» muestra qué claves hacen falta.',
      en: 'Another process rotated the master key: copy its key file (keys.json) or add the key to DROBOT_MASTER_KEY and restart; "drobot keys status" shows which keys are needed.',
    },
    status: 500,
  },
  accountSecretTampered: {
    code: 'account_secret_tampered',
    message: {
      es: 'La cuenta «{account}» no puede usar su secreto «{name}»: está dañado o fue modificado.',
      en: 'The account "{account}" cannot use its secret "{name}": it is damaged or was altered.',
    },
    hint: {
      es: 'Vuelva a introducir el secreto de la cuenta («drobot accounts edit {account}»).',
      en: 'Enter the account\'s secret again ("drobot accounts edit {account}").',
    },
    status: 500,
  },
});

/** A secret that cannot be decrypted, said with its account's name (not only the secret's). */
export function namingAccount(error: unknown, account: string, name: string): unknown {
  if (!isDrobotError(error)) return error;
  if (error.code === secretErrors.unknownKey.code) {
    const keyId = String(error.params.keyId ?? '?');
    return new DrobotError(secretErrors.accountSecretUnknownKey, {
      params: { account, name, keyId },
      cause: error,
    });
  }
  if (error.code === secretErrors.tampered.code) {
    return new DrobotError(secretErrors.accountSecretTampered, { params: { account, name }, cause: error });
  }
  return error;
}
