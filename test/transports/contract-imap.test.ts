import { dovecotContract } from './contract/dovecot-contract.js';

dovecotContract('imap');
