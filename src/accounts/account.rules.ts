import crypto from 'node:crypto';
import type { FieldIssue } from '../errors/drobot-error.js';
import { fieldIssue } from '../errors/validation.js';
import type { Text } from '../i18n/lang.js';
import { senderAddressOf, settingApplies, signsIn } from './account.kind.js';
import type { ConnectionType, Direction, Preset, Protocol, AuthType } from './account.model.js';

const t = {
  directionProtocol: {
    es: 'El protocolo «{protocol}» no sirve para una cuenta de {direction}: use {allowed}.',
    en: 'Protocol "{protocol}" does not fit an {direction} account: use {allowed}.',
  },
  hostRequired: {
    es: 'El campo «host» es obligatorio para cuentas de dominio.',
    en: 'The field "host" is required for domain accounts.',
  },
  usernameEmail: {
    es: 'El campo «username» debe ser una dirección de correo (p. ej. cuenta@dominio.com) para cuentas {preset} u OAuth.',
    en: 'The field "username" must be an e-mail address (e.g. account@domain.com) for {preset} or OAuth accounts.',
  },
  usernameRequired: {
    es: 'El campo «username» es obligatorio.',
    en: 'The field "username" is required.',
  },
  tenantRequired: {
    es: 'Las cuentas Office 365 con OAuth 2.0 requieren «oauth.tenantId» (Id. de directorio (inquilino) del registro de la aplicación).',
    en: 'Office 365 OAuth 2.0 accounts need "oauth.tenantId" (the Directory (tenant) ID of the app registration).',
  },
  clientIdRequired: {
    es: 'Las cuentas OAuth 2.0 requieren «oauth.clientId» (Id. de aplicación (cliente)).',
    en: 'OAuth 2.0 accounts need "oauth.clientId" (the Application (client) ID).',
  },
  connectionPreset: {
    es: 'El tipo de conexión «{connection}» sólo existe para cuentas {preset} con OAuth 2.0.',
    en: 'Connection type "{connection}" exists only for {preset} accounts with OAuth 2.0.',
  },
  xoauthNeedsOauth: {
    es: 'El método XOAUTH2 requiere «auth» = oauth2.',
    en: 'The XOAUTH2 method needs "auth" = oauth2.',
  },
  oauthSasl: {
    es: 'Con OAuth 2.0 el método debe ser auto o xoauth2.',
    en: 'With OAuth 2.0 the method must be auto or xoauth2.',
  },
  proxyHost: {
    es: 'Con proxy «{type}» los campos «proxy.host» y «proxy.port» son obligatorios.',
    en: 'With a "{type}" proxy the fields "proxy.host" and "proxy.port" are required.',
  },
  proxyPort: {
    es: 'El campo «proxy.port» debe estar entre 1 y 65535.',
    en: 'The field "proxy.port" must be between 1 and 65535.',
  },
  badPem: {
    es: 'El campo «tls.caPem» no contiene un certificado PEM válido.',
    en: 'The field "tls.caPem" does not hold a valid PEM certificate.',
  },
  badPin: {
    es: 'El campo «tls.pinSha256» debe ser una huella SHA-256 (64 dígitos hexadecimales).',
    en: 'The field "tls.pinSha256" must be a SHA-256 fingerprint (64 hex digits).',
  },
  senderRequired: {
    es: 'Una cuenta de salida sin autenticación SMTP no tiene usuario del que enviar: indique la dirección del remitente («outbound.fromAddress», --from).',
    en: 'An outbound account without SMTP authentication has no user name to send from: give the sender address ("outbound.fromAddress", --from).',
  },
  moveFolder: {
    es: 'Con «inbound.afterFetch» = move hay que indicar «inbound.moveToFolder».',
    en: 'With "inbound.afterFetch" = move, "inbound.moveToFolder" is required.',
  },
} satisfies Record<string, Text>;

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export function isEmailAddress(value: string): boolean {
  return EMAIL.test(value);
}

/** The account as the cross-field rules see it: every default already applied. */
export interface RuleInput {
  readonly direction: Direction;
  readonly protocol: Protocol;
  readonly preset: Preset;
  readonly connection: ConnectionType;
  readonly host: string;
  readonly username: string;
  readonly auth: AuthType;
  readonly sasl: string;
  readonly smtpAuth: boolean;
  readonly proxy: { readonly type: string; readonly host: string | null; readonly port: number | null };
  readonly tls: { readonly caPem: string | null; readonly pinSha256: string | null };
  readonly oauth: { readonly clientId: string | null; readonly tenantId: string | null };
  readonly inbound: { readonly afterFetch: string; readonly moveToFolder: string | null };
  readonly outbound: { readonly fromAddress: string | null };
}

/** Normalizes a certificate fingerprint to lowercase hex without separators, or undefined if malformed. */
export function normalizePin(pin: string): string | undefined {
  const hex = pin.replace(/[:\s]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

function validPem(pem: string): boolean {
  try {
    new crypto.X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

/** Rules that tie fields together; each problem names its field. Pure. */
export function checkAccountRules(a: RuleInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const inboundProtocols: Protocol[] = ['pop3', 'imap'];
  const allowed = a.direction === 'inbound' ? inboundProtocols : ['smtp'];
  if (!allowed.includes(a.protocol)) {
    issues.push(
      fieldIssue('protocol', 'protocol_direction', t.directionProtocol, {
        protocol: a.protocol,
        direction: a.direction,
        allowed: allowed.join(', '),
      }),
    );
  }
  if (a.connection === 'protocol' && a.host.trim() === '')
    issues.push(fieldIssue('host', 'required', t.hostRequired));
  if (signsIn(a) && a.username.trim() === '')
    issues.push(fieldIssue('username', 'required', t.usernameRequired));
  // An outbound account sends from its From, else its user name: one that does not log in has only its From.
  if (a.direction === 'outbound' && !signsIn(a) && senderAddressOf(a).trim() === '')
    issues.push(fieldIssue('outbound.fromAddress', 'required', t.senderRequired));
  const mustBeEmail = a.preset !== 'domain' || a.auth === 'oauth2';
  if (a.username !== '' && mustBeEmail && !isEmailAddress(a.username)) {
    issues.push(fieldIssue('username', 'invalid_email', t.usernameEmail, { preset: a.preset }));
  }
  if (a.auth === 'oauth2') {
    // The app registration, only where it is used: not by an SMTP account without authentication.
    const registration = settingApplies(a, 'oauth.clientId');
    if (registration && !a.oauth.clientId)
      issues.push(fieldIssue('oauth.clientId', 'required', t.clientIdRequired));
    if (registration && a.preset === 'office365' && !a.oauth.tenantId) {
      issues.push(fieldIssue('oauth.tenantId', 'required', t.tenantRequired));
    }
    if (a.sasl !== 'auto' && a.sasl !== 'xoauth2') issues.push(fieldIssue('sasl', 'oauth_sasl', t.oauthSasl));
  } else if (a.sasl === 'xoauth2') {
    issues.push(fieldIssue('sasl', 'xoauth2_needs_oauth', t.xoauthNeedsOauth));
  }
  const connectionPreset: Partial<Record<ConnectionType, Preset>> = {
    graph: 'office365',
    'gmail-api': 'gmail',
  };
  const neededPreset = connectionPreset[a.connection];
  if (neededPreset && (a.preset !== neededPreset || a.auth !== 'oauth2')) {
    issues.push(
      fieldIssue('connection', 'connection_preset', t.connectionPreset, {
        connection: a.connection,
        preset: neededPreset,
      }),
    );
  }
  if (a.proxy.type !== 'none') {
    if (!a.proxy.host || a.proxy.port === null) {
      issues.push(fieldIssue('proxy.host', 'required', t.proxyHost, { type: a.proxy.type }));
    } else if (a.proxy.port < 1 || a.proxy.port > 65535) {
      issues.push(fieldIssue('proxy.port', 'out_of_range', t.proxyPort));
    }
  }
  if (a.tls.caPem && !validPem(a.tls.caPem)) issues.push(fieldIssue('tls.caPem', 'invalid_pem', t.badPem));
  if (a.tls.pinSha256 && !normalizePin(a.tls.pinSha256)) {
    issues.push(fieldIssue('tls.pinSha256', 'invalid_fingerprint', t.badPin));
  }
  if (a.inbound.afterFetch === 'move' && !a.inbound.moveToFolder) {
    issues.push(fieldIssue('inbound.moveToFolder', 'required', t.moveFolder));
  }
  return issues;
}
