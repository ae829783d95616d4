/** The POP3 client: one connection, passed in by the caller, driven command by command. */
export { Pop3Client } from './pop3.client.js';
export type {
  Pop3ClientOptions,
  Pop3Greeting,
  Pop3LoginMechanism,
  Pop3LoginOptions,
  Pop3RetrieveOptions,
} from './pop3.client.js';
export { authFailureOf, isPop3OversizeError, Pop3OversizeError, pop3Errors } from './pop3.errors.js';
export { POP3_LIMITS, pop3Limits, type Pop3Limits } from './pop3.limits.js';
export { reconcileListing } from './pop3.listing.js';
export type { Pop3AnomalyKind, Pop3Listing, Pop3ListingAnomaly, Pop3Message } from './pop3.listing.js';
export { hasCapability, saslMechanismsOf } from './pop3.replies.js';
export type { Pop3ListEntry, Pop3Stat, Pop3UidlEntry } from './pop3.replies.js';
