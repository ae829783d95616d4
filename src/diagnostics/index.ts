/** The connection test ("Conexión de prueba"): one function, its types, and its catalogues. */
export { runConnectionTest, testedSecurity } from './connection-test.js';
export { runApiConnectionTest, type ApiTestDeps, type ApiTestSpec } from './api-connection-test.js';
export type {
  AccessTokenOutcome,
  ConnectionTestDeps,
  ConnectionTestResult,
  ConnectionTestSpec,
  InboundSourceCheck,
  OutboundSinkCheck,
  Step,
  StepError,
  StepName,
  StepStatus,
  TestProtocol,
} from './connection-test.types.js';
export type { CertificateInfo } from '../transports/net/certificate.js';
export { diagnosticsErrors } from './diagnostics.errors.js';
export { replyHints, hintForReply } from './hints.js';
export { stepTexts } from './diagnostics.texts.js';
