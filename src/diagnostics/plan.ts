import { isImplicitTlsPort, isPlainMailPort } from '../transports/net/ports.js';
import type { Security } from '../transports/types.js';
import type { ConnectionTestSpec, StepName } from './connection-test.types.js';

/** Whether `auto` needs to try TLS on the port first: it is neither a well-known TLS nor plain mail port. */
export function needsTlsSniff(security: Security, port: number): boolean {
  return security === 'auto' && !isImplicitTlsPort(port) && !isPlainMailPort(port);
}

/**
 * The security to start with: `auto` on a well-known implicit TLS port (995, 993, 465) is implicit TLS;
 * elsewhere it stays `auto` and the server's STARTTLS/STLS offer decides after the greeting.
 */
export function initialSecurity(security: Security, port: number): Security {
  if (security === 'auto' && isImplicitTlsPort(port)) return 'implicit';
  return security;
}

/** The steps a test will go through, in order, for its settings. */
export function planSteps(spec: ConnectionTestSpec, security: Security, withToken: boolean): StepName[] {
  const steps: StepName[] = withToken ? ['token', 'dns', 'tcp'] : ['dns', 'tcp'];
  if (spec.endpoint.proxy) steps.push('proxy');
  if (security === 'implicit') steps.push('tls', 'greeting', 'capabilities');
  else if (security === 'none') steps.push('tls', 'greeting', 'capabilities');
  else steps.push('greeting', 'capabilities', 'starttls', 'tls');
  steps.push('auth', spec.protocol === 'smtp' ? 'send' : 'mailbox');
  return steps;
}
