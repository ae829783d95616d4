/** The Gmail API connection type: inbound source, outbound sink and the connection test's probe. */
export { createGmailSource, GmailSource } from './gmail.source.js';
export { createGmailSink, GmailSink } from './gmail.sink.js';
export { gmailErrors } from './gmail.errors.js';
export { probeGmailProfile, type GmailProfileFacts } from './gmail.probe.js';
