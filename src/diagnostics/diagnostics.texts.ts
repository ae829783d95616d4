import type { Text } from '../i18n/lang.js';

/** Step details and warnings of the connection test, in every language. */
export const stepTexts = {
  tokenOk: { es: 'Token de acceso obtenido.', en: 'Access token obtained.' },
  tokenRefreshed: {
    es: 'Token de acceso caducado: renovado con el token de actualización.',
    en: 'Access token expired: renewed with the refresh token.',
  },
  dnsLiteral: {
    es: '{host} es una dirección IP: no hace falta consultar el DNS.',
    en: '{host} is an IP address: no DNS lookup needed.',
  },
  dnsOk: { es: '{host} → {addresses}', en: '{host} → {addresses}' },
  dnsProxy: {
    es: 'Proxy {host} → {addresses} (el proxy resuelve el nombre del servidor de correo).',
    en: 'Proxy {host} → {addresses} (the proxy resolves the mail server’s name).',
  },
  tcpOk: { es: 'Conectado a {address}:{port}.', en: 'Connected to {address}:{port}.' },
  tcpProxy: {
    es: 'Conectado al proxy {address}:{port}.',
    en: 'Connected to the proxy {address}:{port}.',
  },
  proxyOk: {
    es: 'El proxy {type} abrió un túnel hasta {host}:{port}.',
    en: 'The {type} proxy opened a tunnel to {host}:{port}.',
  },
  tlsOk: {
    es: '{version}; certificado de «{subject}» emitido por «{issuer}», válido hasta {validTo}: {verdict}.',
    en: '{version}; certificate of "{subject}" issued by "{issuer}", valid until {validTo}: {verdict}.',
  },
  tlsVerified: { es: 'verificado', en: 'verified' },
  tlsPinned: { es: 'coincide con la huella fijada', en: 'matches the pinned fingerprint' },
  tlsNotVerified: {
    es: 'NO verificado ({reason}), verificación desactivada',
    en: 'NOT verified ({reason}), verification turned off',
  },
  tlsNone: {
    es: 'Sin TLS: la seguridad configurada es «ninguna».',
    en: 'No TLS: the configured security is "none".',
  },
  startTlsNotOffered: {
    es: 'El servidor no ofrece {command}: la conexión sigue sin cifrar.',
    en: 'The server does not offer {command}: the connection stays unencrypted.',
  },
  startTlsOk: { es: 'El servidor aceptó {command}.', en: 'The server accepted {command}.' },
  greetingOk: { es: 'Saludo del servidor: {text}', en: 'Server greeting: {text}' },
  capabilitiesOk: { es: 'Capacidades: {list}', en: 'Capabilities: {list}' },
  authOk: {
    es: 'Sesión iniciada como {user} con {mechanism}.',
    en: 'Logged in as {user} with {mechanism}.',
  },
  authNotRequired: {
    es: 'Sin autenticación: la cuenta no usa SMTP AUTH.',
    en: 'No authentication: the account does not use SMTP AUTH.',
  },
  authNoCredentials: {
    es: 'Sin autenticación: la cuenta no tiene credenciales.',
    en: 'No authentication: the account has no credentials.',
  },
  authPreauth: {
    es: 'El servidor ya autenticó la conexión (PREAUTH).',
    en: 'The server authenticated the connection already (PREAUTH).',
  },
  pop3Mailbox: {
    es: 'Buzón: {count} mensajes, {size} bytes.',
    en: 'Mailbox: {count} messages, {size} bytes.',
  },
  imapMailbox: {
    es: 'Carpeta {folder}: {exists} mensajes, {unseen} sin leer, UIDVALIDITY {uidValidity}.',
    en: 'Folder {folder}: {exists} messages, {unseen} unread, UIDVALIDITY {uidValidity}.',
  },
  sendOk: {
    es: 'Mensaje de prueba enviado a {to}: {reply}',
    en: 'Test message sent to {to}: {reply}',
  },
  sendSkipped: {
    es: 'No se indicó una dirección de prueba: no se envió ningún mensaje.',
    en: 'No test address given: no message was sent.',
  },
  notRun: {
    es: 'No se ejecutó: falló un paso anterior.',
    en: 'Not run: an earlier step failed.',
  },
  failed: { es: 'Falló: {message}', en: 'Failed: {message}' },
  warnInsecure: {
    es: 'La verificación del certificado está desactivada: la conexión va cifrada, pero no se comprobó la identidad del servidor.',
    en: 'Certificate verification is turned off: the connection is encrypted, but the server’s identity was not checked.',
  },
  warnPlainAuth: {
    es: 'Las credenciales se enviaron por una conexión sin cifrar.',
    en: 'The credentials were sent over an unencrypted connection.',
  },
  warnStartTlsOffered: {
    es: 'El servidor ofrece {command}, pero la seguridad configurada es «ninguna»: elija STARTTLS para cifrar la conexión.',
    en: 'The server offers {command}, but the configured security is "none": choose STARTTLS to encrypt the connection.',
  },
  tokenScopes: {
    es: 'Token de acceso ({flow}) con los permisos: {scopes}.',
    en: 'Access token ({flow}) with the scopes: {scopes}.',
  },
  tokenScopesRefreshed: {
    es: 'Token de acceso caducado, renovado ({flow}), con los permisos: {scopes}.',
    en: 'Access token expired, renewed ({flow}), with the scopes: {scopes}.',
  },
  policyOk: {
    es: 'La política de acceso de aplicaciones del inquilino admite el buzón {mailbox}.',
    en: "The tenant's application access policy admits the mailbox {mailbox}.",
  },
  policyDelegated: {
    es: 'Token delegado: la política de acceso de aplicaciones no se aplica.',
    en: 'Delegated token: the application access policy does not apply.',
  },
  graphMailbox: {
    es: 'Carpeta «{folder}» de {mailbox}: {total} mensajes, {unread} sin leer.',
    en: 'Folder "{folder}" of {mailbox}: {total} messages, {unread} unread.',
  },
  gmailMailbox: {
    es: 'Buzón {address}: {total} mensajes, historyId {historyId}.',
    en: 'Mailbox {address}: {total} messages, historyId {historyId}.',
  },
  mailboxSendOnly: {
    es: 'Cuenta de envío: su permiso ({scope}) no deja leer el buzón; indique una dirección de prueba para enviar un mensaje.',
    en: 'Sending account: its scope ({scope}) does not allow reading the mailbox; give a test address to send a message.',
  },
  apiSendOk: {
    es: 'Mensaje de prueba entregado a la API para {to} (Message-ID {messageId}).',
    en: 'Test message handed to the API for {to} (Message-ID {messageId}).',
  },
  testSubject: {
    es: 'Conexión de prueba de DRobot',
    en: 'DRobot test connection',
  },
  testBody: {
    es: 'Este es un mensaje de prueba enviado por DRobot para comprobar la cuenta de envío.\nNo hace falta responder.',
    en: 'This is a test message sent by DRobot to check the sending account.\nNo reply is needed.',
  },
} satisfies Record<string, Text>;
