import type { ResolvedSecurity } from '../transports/types.js';
import type { ConnectionTestSpec, StepName } from './connection-test.types.js';

/** The steps a test will go through, in order, for its settings. */
export function planSteps(
  spec: ConnectionTestSpec,
  security: ResolvedSecurity,
  withToken: boolean,
): StepName[] {
  const steps: StepName[] = withToken ? ['token', 'dns', 'tcp'] : ['dns', 'tcp'];
  if (spec.endpoint.proxy) steps.push('proxy');
  if (security === 'implicit') steps.push('tls', 'greeting', 'capabilities');
  else if (security === 'none') steps.push('tls', 'greeting', 'capabilities');
  else steps.push('greeting', 'capabilities', 'starttls', 'tls');
  steps.push('auth', spec.protocol === 'smtp' ? 'send' : 'mailbox');
  return steps;
}
