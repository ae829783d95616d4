/** The mail protocols whose well-known ports the network hints refer to. */
export type MailProtocol = 'pop3' | 'imap' | 'smtp';

/** Well-known ports: the plain/STARTTLS one and the implicit TLS one. */
export const WELL_KNOWN_PORTS: Readonly<Record<MailProtocol, { plain: number; tls: number }>> = {
  pop3: { plain: 110, tls: 995 },
  imap: { plain: 143, tls: 993 },
  smtp: { plain: 587, tls: 465 },
};

const IMPLICIT_TLS_PORTS = new Set([995, 993, 465]);

/** Whether a port is one where TLS starts with the first byte (POP3S, IMAPS, SMTPS). */
export function isImplicitTlsPort(port: number): boolean {
  return IMPLICIT_TLS_PORTS.has(port);
}

/** The implicit TLS port to suggest, for the protocol when known, else all three. */
export function suggestedTlsPort(protocol?: MailProtocol): string {
  return protocol ? String(WELL_KNOWN_PORTS[protocol].tls) : '995/993/465';
}

/** The plain (STARTTLS) port to suggest, for the protocol when known, else all three. */
export function suggestedPlainPort(protocol?: MailProtocol): string {
  return protocol ? String(WELL_KNOWN_PORTS[protocol].plain) : '110/143/587';
}

const PLAIN_PORTS = new Set([110, 143, 587, 25]);

/** Whether a port is a well-known plain (STARTTLS) mail port. */
export function isPlainMailPort(port: number): boolean {
  return PLAIN_PORTS.has(port);
}
