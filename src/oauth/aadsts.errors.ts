import { defineErrors, type ErrorDef } from '../errors/drobot-error.js';

/**
 * Microsoft identity platform errors (`AADSTS…` codes in `error_description`), each with what to change in
 * the app registration or the tenant. `{detail}` is the provider's own message.
 */
export const aadstsErrors = defineErrors({
  '7000215': {
    code: 'oauth_aadsts_7000215',
    message: {
      es: 'El SecretID de la aplicación no es válido (AADSTS7000215): {detail}',
      en: 'The app SecretID is not valid (AADSTS7000215): {detail}',
    },
    hint: {
      es: 'Copie el VALOR del secreto (no su ID) de «Certificados y secretos»; si caducó, cree uno nuevo.',
      en: 'Copy the secret VALUE (not its ID) from "Certificates & secrets"; if it expired, create a new one.',
    },
  },
  '700016': {
    code: 'oauth_aadsts_700016',
    message: {
      es: 'La aplicación no existe en el inquilino indicado (AADSTS700016): {detail}',
      en: 'The app was not found in the given tenant (AADSTS700016): {detail}',
    },
    hint: {
      es: 'Compruebe el ClientID y el TenantID; si la aplicación es de otro inquilino, regístrela como multiinquilino o use su inquilino.',
      en: 'Check the ClientID and TenantID; if the app lives in another tenant, make it multi-tenant or use its tenant.',
    },
  },
  '65001': {
    code: 'oauth_aadsts_65001',
    message: {
      es: 'Falta el consentimiento para los permisos solicitados (AADSTS65001): {detail}',
      en: 'Consent for the requested permissions is missing (AADSTS65001): {detail}',
    },
    hint: {
      es: 'En «Permisos de API» del registro, añada los permisos de correo y pulse «Conceder consentimiento de administrador».',
      en: 'Under "API permissions" of the registration, add the mail permissions and click "Grant admin consent".',
    },
  },
  '50076': {
    code: 'oauth_aadsts_50076',
    message: {
      es: 'El inquilino exige autenticación multifactor (AADSTS50076): {detail}',
      en: 'The tenant requires multi-factor authentication (AADSTS50076): {detail}',
    },
    hint: {
      es: 'Autorice de forma interactiva (navegador o código de dispositivo) para completar la MFA.',
      en: 'Authorize interactively (browser or device code) to complete MFA.',
    },
  },
  '70011': {
    code: 'oauth_aadsts_70011',
    message: {
      es: 'Los permisos solicitados no son válidos (AADSTS70011): {detail}',
      en: 'The requested scopes are not valid (AADSTS70011): {detail}',
    },
    hint: {
      es: 'No mezcle permisos de Outlook y de Graph; añada al registro los permisos delegados IMAP/POP/SMTP o Mail.* que use la cuenta.',
      en: 'Do not mix Outlook and Graph scopes; add the delegated IMAP/POP/SMTP or Mail.* permissions the account uses to the registration.',
    },
  },
  '90002': {
    code: 'oauth_aadsts_90002',
    message: {
      es: 'El inquilino no existe (AADSTS90002): {detail}',
      en: 'The tenant does not exist (AADSTS90002): {detail}',
    },
    hint: {
      es: 'Corrija el TenantID: el ID de directorio del registro de la aplicación o el dominio del inquilino.',
      en: 'Fix the TenantID: the directory ID of the app registration or the tenant domain.',
    },
  },
  '50020': {
    code: 'oauth_aadsts_50020',
    message: {
      es: 'El usuario no pertenece al inquilino (AADSTS50020): {detail}',
      en: 'The user does not belong to the tenant (AADSTS50020): {detail}',
    },
    hint: {
      es: 'Inicie sesión con un usuario del inquilino, invítelo como invitado o use «organizations» como TenantID con una aplicación multiinquilino.',
      en: 'Sign in with a user of the tenant, invite them as a guest, or use "organizations" as TenantID with a multi-tenant app.',
    },
  },
  '7000218': {
    code: 'oauth_aadsts_7000218',
    message: {
      es: 'La aplicación exige un secreto de cliente (AADSTS7000218): {detail}',
      en: 'The app requires a client secret (AADSTS7000218): {detail}',
    },
    hint: {
      es: 'En «Autenticación» del registro active «Permitir flujos de cliente público», o guarde el SecretID en la cuenta.',
      en: 'Under "Authentication" of the registration enable "Allow public client flows", or save the SecretID in the account.',
    },
  },
});

/** The entry for AADSTS codes without a specific hint. */
export const aadstsGeneric: ErrorDef = {
  code: 'oauth_aadsts',
  message: {
    es: 'Error del inquilino de Microsoft (AADSTS{aadsts}): {detail}',
    en: 'Microsoft tenant error (AADSTS{aadsts}): {detail}',
  },
  hint: {
    es: 'Busque el código AADSTS{aadsts} en https://login.microsoftonline.com/error y corrija el registro de la aplicación.',
    en: 'Look up AADSTS{aadsts} at https://login.microsoftonline.com/error and fix the app registration.',
  },
};

/** The AADSTS code in a provider message, if any. */
export function aadstsCodeOf(text: string | undefined): string | undefined {
  return text ? /AADSTS(\d+)/.exec(text)?.[1] : undefined;
}

/** The catalogue entry for an AADSTS code (a generic one for codes without a specific hint). */
export function aadstsError(code: string): ErrorDef {
  return (aadstsErrors as Record<string, ErrorDef>)[code] ?? aadstsGeneric;
}
