import tls, { type SecureContext } from 'node:tls';

/**
 * The TLS trust of an account with an extra CA certificate (`tls.caPem`): the CAs this process trusts
 * (Node's bundled store, or the system's under `--use-openssl-ca`) plus that certificate, the same for every
 * transport (POP3, IMAP, SMTP, the connection test), built once per certificate and shared.
 *
 * Node's public way, `ca: [...tls.rootCertificates, pem]`, parses the ~140 bundled roots again from text for
 * every connection (30–50 ms of CPU each, on every poll of such an account) and leaves out a system store
 * the process was told to use. Instead, a context starts from the process's root store, parsed once, and
 * the certificate is added to it: Node gives that context its own copy of the store before adding, so the
 * certificate is trusted by this context only, never by other accounts' connections or the defaults
 * (test/transports/extra-ca.test.ts checks both).
 */

/** Above this many distinct certificates the oldest context is let go (one is rebuilt when used again). */
const MAX_CONTEXTS = 64;

const contexts = new Map<string, SecureContext>();

/** The internal handle Node's own option handling adds CA certificates with (not part of the typed API). */
interface NativeContext {
  addCACert?: (pem: string) => void;
}

export function extraCaContext(caPem: string): SecureContext {
  const known = contexts.get(caPem);
  if (known) return known;
  const context = buildContext(caPem);
  if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value as string);
  contexts.set(caPem, context);
  return context;
}

function buildContext(caPem: string): SecureContext {
  const context = tls.createSecureContext({ minVersion: 'TLSv1.2' });
  const native = (context as SecureContext & { context?: NativeContext }).context;
  if (typeof native?.addCACert === 'function') {
    native.addCACert(caPem);
    return context;
  }
  // Another Node without that handle: the documented (slower) way, bundled roots plus the certificate.
  return tls.createSecureContext({ minVersion: 'TLSv1.2', ca: [...tls.rootCertificates, caPem] });
}
