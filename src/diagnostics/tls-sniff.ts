import { connectEndpoint } from '../transports/net/connect.js';
import { tlsProbeWindowMs } from '../transports/net/plain-on-tls.js';
import { withTimeout } from '../transports/net/timeout.js';
import { startTls } from '../transports/net/tls.js';
import type { Endpoint } from '../transports/types.js';

/**
 * Whether the port answers a TLS handshake, tried on a throw-away connection within `budgetMs` (by
 * default the short window a timeout leaves for such checks; the certificate is not checked, only the
 * protocol matters). `undefined` when it cannot tell (the server is unreachable or silent): the recorded
 * steps then report the real problem.
 */
export async function sniffImplicitTls(
  endpoint: Endpoint,
  budgetMs = tlsProbeWindowMs(endpoint.timeoutMs),
): Promise<boolean | undefined> {
  const windowMs = budgetMs;
  let opened: { destroy(): void } | undefined;
  const attempt = (async () => {
    const socket = await connectEndpoint({ ...endpoint, timeoutMs: windowMs });
    opened = socket;
    const trust = { insecureSkipVerify: true };
    const session = await startTls(socket, {
      host: endpoint.host,
      port: endpoint.port,
      trust,
      timeoutMs: windowMs,
    });
    opened = session.socket;
    return true;
  })();
  try {
    return await withTimeout(attempt, windowMs, () => new Error('no answer'));
  } catch (error) {
    const code = (error as { code?: string }).code;
    return code === 'tls_on_plain_port' ? false : undefined;
  } finally {
    opened?.destroy();
    attempt.catch(() => undefined);
  }
}
