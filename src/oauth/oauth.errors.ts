import { defineErrors } from '../errors/drobot-error.js';

/** Errors of the OAuth capability: bad settings, consent outcomes and token endpoint replies. */
export const oauthErrors = defineErrors({
  notOAuth: {
    code: 'oauth_not_applicable',
    message: {
      es: 'La cuenta «{name}» no usa OAuth 2.0 (proveedor «{preset}»).',
      en: 'The account "{name}" does not use OAuth 2.0 (preset "{preset}").',
    },
    hint: {
      es: 'OAuth 2.0 solo existe para cuentas de Office 365 y Gmail con tipo de autenticación OAuth.',
      en: 'OAuth 2.0 exists only for Office 365 and Gmail accounts whose auth type is OAuth.',
    },
    status: 409,
  },
  noLogin: {
    code: 'oauth_no_login',
    message: {
      es: 'La cuenta «{name}» no inicia sesión: es una cuenta SMTP sin autenticación («smtpAuth» = false, --no-smtp-auth) y no necesita ninguna autorización OAuth. No se ha cambiado nada.',
      en: 'The account "{name}" does not sign in: it is an SMTP account without authentication ("smtpAuth" = false, --no-smtp-auth) and needs no OAuth authorization. Nothing was changed.',
    },
    hint: {
      es: 'Envía sin usuario ni contraseña, desde su dirección de remitente (--from). Si el servidor exige autenticación, actívela (drobot accounts edit {name} --smtp-auth, con su usuario y su registro de aplicación) y autorice la cuenta después.',
      en: 'It sends without a login, from its sender address (--from). If the server requires authentication, turn it on (drobot accounts edit {name} --smtp-auth, with its user name and app registration) and authorize the account then.',
    },
    status: 409,
  },
  missingClientId: {
    code: 'oauth_client_id_missing',
    message: {
      es: 'Falta el ClientID de la aplicación OAuth de la cuenta «{name}».',
      en: 'The OAuth app ClientID of the account "{name}" is missing.',
    },
    hint: {
      es: 'Copie el ID de aplicación (cliente) del registro de la aplicación y guárdelo en la cuenta.',
      en: 'Copy the application (client) ID from the app registration and save it in the account.',
    },
    status: 400,
  },
  missingTenant: {
    code: 'oauth_tenant_missing',
    message: {
      es: 'Falta el TenantID de la cuenta de Office 365 «{name}».',
      en: 'The TenantID of the Office 365 account "{name}" is missing.',
    },
    hint: {
      es: 'Indique el ID de directorio (inquilino) del registro de la aplicación, su dominio (contoso.onmicrosoft.com) u «organizations».',
      en: 'Enter the directory (tenant) ID of the app registration, its domain (contoso.onmicrosoft.com) or "organizations".',
    },
    status: 400,
  },
  missingClientSecret: {
    code: 'oauth_client_secret_missing',
    message: {
      es: 'Las credenciales de cliente (sin usuario) requieren el SecretID de la cuenta «{name}».',
      en: 'Client credentials (app-only) need the SecretID of the account "{name}".',
    },
    hint: {
      es: 'Cree un secreto de cliente en «Certificados y secretos» del registro de la aplicación y guárdelo en la cuenta.',
      en: 'Create a client secret under "Certificates & secrets" of the app registration and save it in the account.',
    },
    status: 400,
  },
  noAppFlow: {
    code: 'oauth_app_flow_unsupported',
    message: {
      es: 'El proveedor {provider} no ofrece credenciales de cliente para el correo.',
      en: 'The provider {provider} offers no client credentials for mail.',
    },
    hint: {
      es: 'Autorice la cuenta en el navegador o con código de dispositivo.',
      en: 'Authorize the account in the browser or with a device code.',
    },
    status: 400,
  },
  noDeviceFlow: {
    code: 'oauth_device_flow_unsupported',
    message: {
      es: 'El proveedor {provider} no permite el código de dispositivo para estos permisos.',
      en: 'The provider {provider} does not allow the device code for these scopes.',
    },
    hint: {
      es: 'Autorice la cuenta en el navegador (escucha HTTP local o consola web).',
      en: 'Authorize the account in the browser (local HTTP listener or the web console).',
    },
    status: 400,
  },
  stateMismatch: {
    code: 'oauth_state_mismatch',
    message: {
      es: 'La respuesta de autorización no corresponde a ninguna solicitud en curso (parámetro state desconocido o caducado).',
      en: 'The authorization response matches no pending request (unknown or expired state parameter).',
    },
    hint: {
      es: 'Vuelva a iniciar la autorización desde DRobot y complétela en los próximos minutos, en la misma ventana.',
      en: 'Start the authorization again from DRobot and complete it within a few minutes, in the same window.',
    },
    status: 400,
  },
  accessDenied: {
    code: 'oauth_access_denied',
    message: {
      es: 'El usuario o un administrador rechazó el consentimiento: {detail}',
      en: 'The user or an administrator declined consent: {detail}',
    },
    hint: {
      es: 'Vuelva a autorizar y acepte los permisos; si la organización exige consentimiento de administrador, pídalo.',
      en: 'Authorize again and accept the permissions; if the organization requires admin consent, ask for it.',
    },
    status: 400,
  },
  consentTimeout: {
    code: 'oauth_consent_timeout',
    message: {
      es: 'No se recibió la respuesta del navegador en {seconds} s.',
      en: 'No answer came back from the browser within {seconds} s.',
    },
    hint: {
      es: 'Abra la dirección mostrada en un navegador de este mismo equipo y complete el inicio de sesión.',
      en: 'Open the address shown in a browser on this same machine and complete the sign-in.',
    },
    status: 408,
  },
  providerError: {
    code: 'oauth_provider_error',
    message: {
      es: 'El proveedor respondió con el error «{error}»: {detail}',
      en: 'The provider answered with the error "{error}": {detail}',
    },
    hint: {
      es: 'Revise el registro de la aplicación (ClientID, URI de redirección, permisos) y vuelva a autorizar.',
      en: 'Check the app registration (ClientID, redirect URI, permissions) and authorize again.',
    },
    status: 400,
  },
  invalidClient: {
    code: 'oauth_invalid_client',
    message: {
      es: 'El proveedor no reconoce la aplicación o su secreto: {detail}',
      en: 'The provider does not accept the app or its secret: {detail}',
    },
    hint: {
      es: 'Compruebe el ClientID y el SecretID de la cuenta frente al registro de la aplicación.',
      en: "Check the account's ClientID and SecretID against the app registration.",
    },
    status: 400,
  },
  invalidScope: {
    code: 'oauth_invalid_scope',
    message: {
      es: 'El proveedor rechazó los permisos solicitados: {detail}',
      en: 'The provider rejected the requested scopes: {detail}',
    },
    hint: {
      es: 'Añada los permisos de correo al registro de la aplicación (API permissions).',
      en: 'Add the mail permissions to the app registration (API permissions).',
    },
    status: 400,
  },
  authorizationRequired: {
    code: 'oauth_authorization_required',
    message: {
      es: 'La cuenta «{name}» necesita autorizarse de nuevo: {detail}',
      en: 'The account "{name}" must be authorized again: {detail}',
    },
    hint: {
      es: 'El consentimiento se revocó, caducó o cambió la contraseña. Ejecute «drobot oauth authorize {name}» o autorice desde la consola.',
      en: 'Consent was revoked or expired, or the password changed. Run "drobot oauth authorize {name}" or authorize from the console.',
    },
    status: 409,
  },
  /** Never authorized: unlike `authorizationRequired`, nothing was revoked or expired. */
  notAuthorizedYet: {
    code: 'oauth_not_authorized',
    message: {
      es: 'La cuenta «{name}» aún no se ha autorizado.',
      en: 'The account "{name}" has not been authorized yet.',
    },
    hint: {
      es: 'Autorícela una vez: ejecute «drobot oauth authorize {name}» o autorice desde la consola.',
      en: 'Authorize it once: run "drobot oauth authorize {name}" or authorize from the console.',
    },
    status: 409,
  },
  tokenMissing: {
    code: 'oauth_token_missing',
    message: {
      es: 'La cuenta «{name}» aún no tiene token OAuth ({audience}).',
      en: 'The account "{name}" has no OAuth token yet ({audience}).',
    },
    hint: {
      es: 'Autorice la cuenta: «drobot oauth authorize {name}» o desde la consola.',
      en: 'Authorize the account: "drobot oauth authorize {name}" or from the console.',
    },
    status: 409,
  },
  endpointDown: {
    code: 'oauth_endpoint_unreachable',
    message: {
      es: 'No se pudo contactar con el servidor de tokens {url}: {detail}',
      en: 'The token server {url} could not be reached: {detail}',
    },
    hint: {
      es: 'Compruebe la conexión a Internet, el proxy y el cortafuegos; DRobot lo reintentará.',
      en: 'Check the Internet connection, proxy and firewall; DRobot will retry.',
    },
    status: 502,
  },
  endpointFailed: {
    code: 'oauth_endpoint_failed',
    message: {
      es: 'El servidor de tokens {url} respondió {status}: {detail}',
      en: 'The token server {url} answered {status}: {detail}',
    },
    hint: {
      es: 'Es un fallo del proveedor; DRobot lo reintentará más tarde.',
      en: 'This is a provider failure; DRobot will retry later.',
    },
    status: 502,
  },
  badResponse: {
    code: 'oauth_bad_response',
    message: {
      es: 'Respuesta no válida del servidor de tokens {url}: {detail}',
      en: 'Invalid answer from the token server {url}: {detail}',
    },
    hint: {
      es: 'Compruebe que la autoridad configurada apunta al proveedor correcto.',
      en: 'Check that the configured authority points at the right provider.',
    },
    status: 502,
  },
  deviceExpired: {
    code: 'oauth_device_code_expired',
    message: {
      es: 'El código de dispositivo caducó antes de completar el inicio de sesión.',
      en: 'The device code expired before the sign-in was completed.',
    },
    hint: {
      es: 'Vuelva a ejecutar «drobot oauth authorize NOMBRE --device» e introduzca el código a tiempo.',
      en: 'Run "drobot oauth authorize NAME --device" again and enter the code in time.',
    },
    status: 408,
  },
  insufficientScopes: {
    code: 'oauth_scopes_insufficient',
    message: {
      es: 'El token de «{name}» no incluye los permisos {missing}.',
      en: 'The token of "{name}" lacks the scopes {missing}.',
    },
    hint: {
      es: 'Añada esos permisos al registro de la aplicación y vuelva a autorizar la cuenta.',
      en: 'Add those permissions to the app registration and authorize the account again.',
    },
    status: 409,
  },
});
