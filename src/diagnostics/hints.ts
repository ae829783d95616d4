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
    id: 'graph_access_policy',
    pattern: /AppOnly AccessPolicy|\[RAOP\]/i,
    hint: {
      es: 'La política de acceso de aplicaciones del inquilino no admite este buzón. Un administrador de Exchange Online debe incluirlo en el grupo de la política (New-ApplicationAccessPolicy -AccessRight RestrictAccess -AppId <ClientID> -PolicyScopeGroupId <grupo>) o en el ámbito de RBAC para aplicaciones; los cambios tardan hasta una hora en aplicarse.',
      en: "The tenant's application access policy does not admit this mailbox. An Exchange Online administrator must add it to the policy's group (New-ApplicationAccessPolicy -AccessRight RestrictAccess -AppId <ClientID> -PolicyScopeGroupId <group>) or to the RBAC for Applications scope; changes take up to an hour.",
    },
  },
  {
    id: 'graph_rest_disabled',
    pattern: /MailboxNotEnabledForRESTAPI/i,
    hint: {
      es: 'El buzón no está en Exchange Online (está en un servidor local, inactivo, eliminado o sin licencia de Exchange Online): Graph no puede leerlo. Asigne una licencia con Exchange Online o use IMAP/POP3 contra el servidor local.',
      en: 'The mailbox is not in Exchange Online (it is on-premises, inactive, deleted or has no Exchange Online license): Graph cannot read it. Assign a license with Exchange Online, or use IMAP/POP3 against the on-premises server.',
    },
  },
  {
    id: 'graph_send_as_denied',
    pattern: /ErrorSendAsDenied/i,
    hint: {
      es: 'El buzón no tiene permiso para enviar como la dirección del remitente. Use como remitente la dirección del propio buzón (outbound.fromAddress) o que un administrador conceda «Enviar como» (Add-RecipientPermission <remitente> -Trustee <buzón> -AccessRights SendAs).',
      en: "The mailbox may not send as the sender's address. Use the mailbox's own address as sender (outbound.fromAddress), or have an administrator grant Send As (Add-RecipientPermission <sender> -Trustee <mailbox> -AccessRights SendAs).",
    },
  },
  {
    id: 'graph_invalid_audience',
    pattern: /Invalid audience|InvalidAuthenticationToken.*audience/i,
    hint: {
      es: 'El token se emitió para otro recurso (p. ej. outlook.office.com en vez de graph.microsoft.com). Autorice de nuevo la cuenta (drobot oauth authorize) y compruebe que el registro de la aplicación tiene permisos de Microsoft Graph.',
      en: 'The token was issued for another resource (e.g. outlook.office.com instead of graph.microsoft.com). Authorize the account again (drobot oauth authorize) and check that the app registration has Microsoft Graph permissions.',
    },
  },
  {
    id: 'graph_access_denied',
    pattern: /ErrorAccessDenied|Access is denied\. Check credentials/i,
    hint: {
      es: 'Graph denegó el acceso al buzón. En Azure (Registros de aplicaciones → Permisos de API) conceda Mail.ReadWrite para recibir y Mail.Send para enviar —de aplicación, con consentimiento de administrador, si la cuenta usa solo aplicación— y autorice de nuevo; con token delegado, el usuario debe ser el dueño del buzón.',
      en: 'Graph denied access to the mailbox. In Azure (App registrations → API permissions) grant Mail.ReadWrite to receive and Mail.Send to send — application permissions with admin consent if the account is app-only — and authorize again; with a delegated token the user must own the mailbox.',
    },
  },
  {
    id: 'google_insufficient_permissions',
    pattern: /insufficientPermissions|insufficient authentication scopes/i,
    hint: {
      es: 'El token no tiene el permiso de Gmail que hace falta (gmail.modify para recibir, gmail.send para enviar). Añada el permiso en la pantalla de consentimiento de OAuth de Google Cloud, active la API de Gmail en el proyecto y autorice de nuevo (drobot oauth authorize).',
      en: 'The token lacks the Gmail scope needed (gmail.modify to receive, gmail.send to send). Add the scope to the OAuth consent screen in Google Cloud, enable the Gmail API in the project and authorize again (drobot oauth authorize).',
    },
  },
  {
    id: 'google_delegation_denied',
    pattern: /Delegation denied/i,
    hint: {
      es: 'Google solo deja usar el buzón de quien autorizó: el usuario de la cuenta debe ser la misma dirección de Google con la que se dio el consentimiento. Autorice de nuevo con esa cuenta.',
      en: 'Google only allows the mailbox of whoever authorized: the account username must be the Google address that gave consent. Authorize again with that account.',
    },
  },
  {
    id: 'google_invalid_credentials',
    pattern: /Request had invalid authentication credentials|Invalid Credentials/i,
    hint: {
      es: 'Google no acepta el token: caducó, se revocó o es de otro proveedor o cliente. Autorice de nuevo la cuenta (drobot oauth authorize).',
      en: 'Google does not accept the token: it expired, was revoked, or belongs to another provider or client. Authorize the account again (drobot oauth authorize).',
    },
  },
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
