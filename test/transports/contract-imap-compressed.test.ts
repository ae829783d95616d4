/**
 * The inbound contract over IMAP against a Dovecot that offers COMPRESS=DEFLATE, as Gmail does: imapflow
 * compresses the connection, so listings and downloads go through imapflow's own fetch instead of DRobot's
 * direct reads of the answers (src/transports/imap/imap-direct-fetch.ts), under the same contract.
 */
import { dovecotContract } from './contract/dovecot-contract.js';

dovecotContract('imap', { compress: true });
