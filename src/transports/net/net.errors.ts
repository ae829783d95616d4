import { defineErrors } from '../../errors/drobot-error.js';

/** The network step an error happened in. */
export type NetStep = 'dns' | 'tcp' | 'proxy' | 'tls';

/**
 * Errors of the network layer: name resolution, TCP, proxies and TLS. Each is thrown with its `step`;
 * the hints name the host, port and timeout actually used so a person can act on them.
 */
export const netErrors = defineErrors({
  dnsNotFound: {
    code: 'dns_not_found',
    message: {
      es: 'No se encuentra el servidor «{host}» en el DNS.',
      en: 'The server "{host}" cannot be found in DNS.',
    },
    hint: {
      es: 'Compruebe que el nombre del servidor está bien escrito y que este equipo tiene acceso a un servidor DNS que lo conozca.',
      en: 'Check that the server name is spelled correctly and that this machine can reach a DNS server that knows it.',
    },
    status: 502,
  },
  dnsTimeout: {
    code: 'dns_timeout',
    message: {
      es: 'La resolución DNS de «{host}» no terminó en {timeoutMs} ms.',
      en: 'Resolving "{host}" in DNS did not finish within {timeoutMs} ms.',
    },
    hint: {
      es: 'El servidor DNS no responde a tiempo: revise la configuración de red de este equipo o aumente el tiempo de espera.',
      en: 'The DNS server does not answer in time: check this machine’s network settings or raise the timeout.',
    },
    status: 504,
  },
  connectionRefused: {
    code: 'connection_refused',
    message: {
      es: 'El servidor {host} rechazó la conexión en el puerto {port}.',
      en: 'The server {host} refused the connection on port {port}.',
    },
    hint: {
      es: 'No hay ningún servicio escuchando en {host}:{port}: compruebe el puerto (p. ej. POP3 110/995, IMAP 143/993, SMTP 587/465) y que el servicio está activo.',
      en: 'Nothing listens on {host}:{port}: check the port (e.g. POP3 110/995, IMAP 143/993, SMTP 587/465) and that the service is running.',
    },
    status: 502,
  },
  unreachable: {
    code: 'host_unreachable',
    message: {
      es: 'No hay ruta de red hasta {host}:{port}.',
      en: 'There is no network route to {host}:{port}.',
    },
    hint: {
      es: 'Revise la red, el cortafuegos o use el proxy que su organización exija.',
      en: 'Check the network and firewall, or use the proxy your organization requires.',
    },
    status: 502,
  },
  connectTimeout: {
    code: 'connect_timeout',
    message: {
      es: 'No se pudo conectar con {host}:{port} en {timeoutMs} ms.',
      en: 'Could not connect to {host}:{port} within {timeoutMs} ms.',
    },
    hint: {
      es: 'Un cortafuegos puede estar descartando la conexión, o el servidor está caído. Compruebe host y puerto; el tiempo de espera usado fue {timeoutMs} ms.',
      en: 'A firewall may be dropping the connection, or the server is down. Check host and port; the timeout used was {timeoutMs} ms.',
    },
    status: 504,
  },
  connectionClosed: {
    code: 'connection_closed',
    message: {
      es: 'El servidor {host}:{port} cerró la conexión inesperadamente (paso «{step}»).',
      en: 'The server {host}:{port} closed the connection unexpectedly (step "{step}").',
    },
    hint: {
      es: 'El servidor puede estar limitando conexiones o exigir otra seguridad (TLS implícito o STARTTLS) en este puerto.',
      en: 'The server may be limiting connections or require another security (implicit TLS or STARTTLS) on this port.',
    },
    status: 502,
  },
  replyTimeout: {
    code: 'reply_timeout',
    message: {
      es: 'El servidor {host}:{port} no respondió en {timeoutMs} ms (paso «{step}»).',
      en: 'The server {host}:{port} did not answer within {timeoutMs} ms (step "{step}").',
    },
    hint: {
      es: 'La conexión se abrió pero el servidor no contesta. Si el puerto usa TLS implícito (p. ej. 995, 993, 465), elija esa seguridad; si no, aumente el tiempo de espera ({timeoutMs} ms).',
      en: 'The connection opened but the server does not answer. If the port uses implicit TLS (e.g. 995, 993, 465), choose that security; otherwise raise the timeout ({timeoutMs} ms).',
    },
    status: 504,
  },
  replyTooSlow: {
    code: 'reply_too_slow',
    message: {
      es: 'El servidor {host}:{port} envía su respuesta demasiado despacio (paso «{step}»): menos de {minBytesPerSecond} bytes por segundo después de {timeoutMs} ms.',
      en: 'The server {host}:{port} sends its reply too slowly (step "{step}"): less than {minBytesPerSecond} bytes per second after {timeoutMs} ms.',
    },
    hint: {
      es: 'El servidor o la red no mantienen el ritmo mínimo: compruebe la red y el servidor; si el enlace es de verdad tan lento, aumente el tiempo de espera ({timeoutMs} ms).',
      en: 'The server or the network does not keep up the minimum rate: check the network and the server; if the link really is that slow, raise the timeout ({timeoutMs} ms).',
    },
    status: 504,
  },
  lineTooLong: {
    code: 'reply_line_too_long',
    message: {
      es: 'El servidor {host}:{port} envió una línea de más de {maxBytes} bytes (paso «{step}»).',
      en: 'The server {host}:{port} sent a line longer than {maxBytes} bytes (step "{step}").',
    },
    hint: {
      es: 'Ningún servidor de correo envía líneas así: compruebe el puerto y el protocolo elegidos; si son correctos, el servidor no funciona bien.',
      en: 'No mail server sends lines like that: check the chosen port and protocol; if they are right, the server is misbehaving.',
    },
    status: 502,
  },
  replyTooLarge: {
    code: 'reply_too_large',
    message: {
      es: 'La respuesta del servidor {host}:{port} supera {maxBytes} bytes (paso «{step}»).',
      en: 'The reply of the server {host}:{port} exceeds {maxBytes} bytes (step "{step}").',
    },
    hint: {
      es: 'Ningún servidor de correo responde así a esta orden: compruebe el puerto y el protocolo elegidos; si son correctos, el servidor no funciona bien.',
      en: 'No mail server answers this command like that: check the chosen port and protocol; if they are right, the server is misbehaving.',
    },
    status: 502,
  },
  proxyRefused: {
    code: 'proxy_refused',
    message: {
      es: 'El proxy {proxyHost}:{proxyPort} no dio paso a {host}:{port}: {reason}',
      en: 'The proxy {proxyHost}:{proxyPort} did not let the connection to {host}:{port} through: {reason}',
    },
    hint: {
      es: 'Compruebe la dirección y el tipo del proxy (SOCKS5 o HTTP CONNECT) y que el proxy permite conectar con ese servidor y puerto.',
      en: 'Check the proxy address and type (SOCKS5 or HTTP CONNECT) and that the proxy allows connections to that server and port.',
    },
    status: 502,
  },
  proxyAuthFailed: {
    code: 'proxy_auth_failed',
    message: {
      es: 'El proxy {proxyHost}:{proxyPort} rechazó el usuario o la contraseña del proxy.',
      en: 'The proxy {proxyHost}:{proxyPort} rejected the proxy username or password.',
    },
    hint: {
      es: 'Revise el usuario y la contraseña del proxy en la cuenta (no son los del buzón).',
      en: 'Check the proxy username and password in the account (they are not the mailbox ones).',
    },
    status: 502,
  },
  tlsCertUntrusted: {
    code: 'tls_cert_untrusted',
    message: {
      es: 'El certificado del servidor {host} no es de confianza ({reason}).',
      en: 'The certificate of the server {host} is not trusted ({reason}).',
    },
    hint: {
      es: 'Si el servidor usa una autoridad de certificación propia, indique su certificado de CA (--ca-file CA.pem), o compruebe con el administrador del servidor esta huella SHA-256 del certificado y fíjela (--pin-sha256 {fingerprint}).',
      en: 'If the server uses its own certificate authority, give its CA certificate (--ca-file CA.pem), or check this SHA-256 fingerprint of the certificate with the server administrator and pin it (--pin-sha256 {fingerprint}).',
    },
    status: 502,
  },
  tlsCertExpired: {
    code: 'tls_cert_expired',
    message: {
      es: 'El certificado del servidor {host} caducó el {validTo}.',
      en: 'The certificate of the server {host} expired on {validTo}.',
    },
    hint: {
      es: 'El administrador del servidor de correo debe renovar el certificado. Mientras tanto, puede fijar su huella SHA-256 en la cuenta.',
      en: 'The mail server’s administrator must renew the certificate. Meanwhile you can pin its SHA-256 fingerprint in the account.',
    },
    status: 502,
  },
  tlsHostnameMismatch: {
    code: 'tls_hostname_mismatch',
    message: {
      es: 'El certificado del servidor no es para «{host}» sino para: {names}.',
      en: 'The server certificate is not for "{host}" but for: {names}.',
    },
    hint: {
      es: 'Use como nombre del servidor uno de los nombres del certificado ({names}), o fije la huella SHA-256 del certificado.',
      en: 'Use one of the certificate’s names ({names}) as the server name, or pin the certificate’s SHA-256 fingerprint.',
    },
    status: 502,
  },
  tlsPinMismatch: {
    code: 'tls_pin_mismatch',
    message: {
      es: 'La huella SHA-256 del certificado de {host} ({actual}) no es la configurada.',
      en: 'The SHA-256 fingerprint of the certificate of {host} ({actual}) is not the configured one.',
    },
    hint: {
      es: 'El certificado del servidor ha cambiado o no es el servidor esperado. Confirme la nueva huella con su administrador antes de configurarla.',
      en: 'The server certificate changed or this is not the expected server. Confirm the new fingerprint with its administrator before configuring it.',
    },
    status: 502,
  },
  tlsOnPlainPort: {
    code: 'tls_on_plain_port',
    message: {
      es: 'El servidor no habla TLS en el puerto {port}.',
      en: 'The server does not speak TLS on port {port}.',
    },
    hint: {
      es: 'Use la seguridad STARTTLS (explícita) en el puerto {port}, o el puerto de TLS implícito ({tlsPort}).',
      en: 'Use STARTTLS (explicit) security on port {port}, or the implicit TLS port ({tlsPort}).',
    },
    status: 502,
  },
  plainOnTlsPort: {
    code: 'plain_on_tls_port',
    message: {
      es: 'El puerto {port} espera TLS desde el primer byte, pero la conexión se abrió sin cifrar.',
      en: 'Port {port} expects TLS from the first byte, but the connection was opened unencrypted.',
    },
    hint: {
      es: 'Elija la seguridad TLS implícita (SSL) para el puerto {port}, o use el puerto sin cifrar con STARTTLS ({plainPort}).',
      en: 'Choose implicit TLS (SSL) security for port {port}, or use the unencrypted port with STARTTLS ({plainPort}).',
    },
    status: 502,
  },
  tlsHandshakeTimeout: {
    code: 'tls_handshake_timeout',
    message: {
      es: 'La negociación TLS con {host}:{port} no terminó en {timeoutMs} ms.',
      en: 'The TLS handshake with {host}:{port} did not finish within {timeoutMs} ms.',
    },
    hint: {
      es: 'El servidor no responde a TLS en este puerto: compruebe si espera STARTTLS o ninguna seguridad, o aumente el tiempo de espera ({timeoutMs} ms).',
      en: 'The server does not answer TLS on this port: check whether it expects STARTTLS or no security, or raise the timeout ({timeoutMs} ms).',
    },
    status: 504,
  },
  tlsFailed: {
    code: 'tls_failed',
    message: {
      es: 'La negociación TLS con {host}:{port} falló: {reason}',
      en: 'The TLS handshake with {host}:{port} failed: {reason}',
    },
    hint: {
      es: 'El servidor puede exigir una versión de TLS o un cifrado que este equipo no admite; revise la configuración TLS del servidor.',
      en: 'The server may require a TLS version or cipher this machine does not support; check the server’s TLS settings.',
    },
    status: 502,
  },
  networkFailed: {
    code: 'network_error',
    message: {
      es: 'Error de red con {host}:{port}: {reason}',
      en: 'Network error with {host}:{port}: {reason}',
    },
    hint: {
      es: 'Revise la conexión de red de este equipo y vuelva a intentarlo.',
      en: 'Check this machine’s network connection and try again.',
    },
    status: 502,
  },
});
