import type { Text } from '../i18n/lang.js';
import type { CaseStatus } from './case.types.js';

/** Case statuses as a person reads them, for the console and the CLI. */
export const caseStatusLabels: Record<CaseStatus, Text> = {
  new: { es: 'Nuevo', en: 'New' },
  open: { es: 'Abierto', en: 'Open' },
  pending: { es: 'Pendiente', en: 'Pending' },
  resolved: { es: 'Resuelto', en: 'Resolved' },
  closed: { es: 'Cerrado', en: 'Closed' },
};
