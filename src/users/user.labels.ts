import type { Text } from '../i18n/lang.js';
import type { Role } from './user.model.js';

/** A console user's role as a person reads it, for the console and the CLI (the API and `--json` keep the key). */
export const roleLabels: Record<Role, Text> = {
  admin: { es: 'administrador', en: 'administrator' },
  agent: { es: 'agente', en: 'agent' },
};
