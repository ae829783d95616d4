import { dovecotContract } from './contract/dovecot-contract.js';

dovecotContract('pop3');
