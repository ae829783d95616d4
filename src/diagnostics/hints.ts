import type { Text } from '../i18n/lang.js';

/** A hint chosen from the server's own words, more precise than the error code's. */
export interface ReplyHint {
  readonly id: string;
  readonly pattern: RegExp;
  readonly hint: Text;
}

/**
 * Well-known replies of Office 365 and Gmail, most specific first. Each hint says what to change,
 * in Spanish and English. Bare codes such as 5.7.139 or 5.7.8 are shared by several causes (and by other
 * servers), so only the explanatory words are matched.
 */
export const replyHints: readonly ReplyHint[] = [
  {
    id: 'starttls_required',
    pattern:
      /Must issue a STARTTLS command first|STARTTLS (is )?required|Encryption required for requested authentication|^5(30|38)[ -][^\n]*(STARTTLS|encrypt|TLS)/im,
    hint: {
      es: 'El servidor exige cifrar la conexión antes de iniciar sesión (no es la contraseña): cambie la seguridad de la cuenta a «starttls» (drobot accounts edit NOMBRE --security starttls) o a «implicit» en el puerto 465.',
      en: 'The server requires an encrypted connection before login (it is not the password): set the account security to "starttls" (drobot accounts edit NAME --security starttls) or "implicit" on port 465.',
    },
  },
  {
    id: 'o365_smtp_auth_disabled',
    pattern: /SmtpClientAuthentication is disabled/i,
    hint: {
      es: 'Office 365 tiene desactivado SMTP AUTH para el inquilino o el buzón. Un administrador de Microsoft 365 debe activar «SMTP autenticado» para el buzón (Set-CASMailbox -SmtpClientAuthenticationDisabled $false) o cambie la cuenta a OAuth 2.0 / Microsoft Graph.',
      en: 'Office 365 has SMTP AUTH turned off for the tenant or the mailbox. A Microsoft 365 administrator must turn on "Authenticated SMTP" for the mailbox (Set-CASMailbox -SmtpClientAuthenticationDisabled $false), or switch the account to OAuth 2.0 / Microsoft Graph.',
    },
  },
  {
    id: 'o365_basic_auth_disabled',
    pattern:
      /basic auth(entication)? is disabled|BasicAuthBlocked|basic authentication.*(blocked|not supported)/i,
    hint: {
      es: 'Microsoft ha desactivado la autenticación básica (usuario y contraseña) para este buzón: configure la cuenta con OAuth 2.0 (tipo de autenticación OAuth, ClientID y TenantID).',
      en: 'Microsoft has turned off basic authentication (username and password) for this mailbox: set the account up with OAuth 2.0 (OAuth auth type, ClientID and TenantID).',
    },
  },
  {
    id: 'gmail_app_password_required',
    pattern: /Application-specific password required|534[- ]5\.7\.9|InvalidSecondFactor/i,
    hint: {
      es: 'La cuenta de Google tiene la verificación en dos pasos: cree una contraseña de aplicación en myaccount.google.com/apppasswords y úsela aquí, o configure la cuenta con OAuth 2.0.',
      en: 'The Google account uses 2-step verification: create an app password at myaccount.google.com/apppasswords and use it here, or set the account up with OAuth 2.0.',
    },
  },
  {
    id: 'gmail_bad_credentials',
    pattern: /Username and Password not accepted|support\.google\.com\/mail\/\?p=BadCredentials/i,
    hint: {
      es: 'Google no aceptó el usuario y la contraseña. Compruébelos; Google ya no admite la contraseña normal en la mayoría de cuentas: use una contraseña de aplicación o OAuth 2.0.',
      en: 'Google did not accept the username and password. Check them; Google no longer accepts the normal password for most accounts: use an app password or OAuth 2.0.',
    },
  },
];

/** The hint for a server reply, when it is one of the well-known ones. */
export function hintForReply(serverReply: string | undefined): ReplyHint | undefined {
  if (!serverReply) return undefined;
  return replyHints.find((entry) => entry.pattern.test(serverReply));
}
