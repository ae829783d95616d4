/** The POP3 client: one connection, passed in by the caller, driven command by command. */
export { Pop3Client } from './pop3.client.js';
export type { Pop3ClientOptions, Pop3Greeting, Pop3LoginMechanism, Pop3LoginOptions } from './pop3.client.js';
export { authFailureOf, pop3Errors } from './pop3.errors.js';
export { hasCapability, saslMechanismsOf } from './pop3.replies.js';
export type { Pop3ListEntry, Pop3Stat, Pop3UidlEntry } from './pop3.replies.js';
