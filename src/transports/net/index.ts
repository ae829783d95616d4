/**
 * The network layer every transport shares: name resolution, TCP, SOCKS5 and HTTP CONNECT proxies,
 * TLS with certificate details and trust options, a line reader for text protocols, and the error
 * catalogue (each error carries its step: dns, tcp, proxy or tls).
 */
export { connectEndpoint, connectToProxy, type ConnectTarget } from './connect.js';
export { describeCertificate, normalizeFingerprint, type CertificateInfo } from './certificate.js';
export { LineConnection, type Peer } from './line-connection.js';
export { netErrors, type NetStep } from './net.errors.js';
export { looksLikeTlsRecord, plainOnTlsError, tlsProbeWindowMs } from './plain-on-tls.js';
export { isImplicitTlsPort, isPlainMailPort, WELL_KNOWN_PORTS, type MailProtocol } from './ports.js';
export { openProxyTunnel, type ProxyTarget } from './proxy.js';
export { resolveHost, type LookupAll, type Resolved } from './resolve.js';
export { connectTcp, tcpError, type TcpConnection, type TcpTarget } from './tcp.js';
export { withTimeout } from './timeout.js';
export { classifyHandshakeFailure } from './tls-failure.js';
export { startTls, TlsCertificateError, type TlsOptions, type TlsSession } from './tls.js';
