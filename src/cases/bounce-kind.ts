import { BOUNCE_KINDS, type BounceKind } from './case.types.js';

/**
 * A stored delivery report's kind. Rows stored before the kind was kept have none: a permanent status
 * (5.x.x) was a failure then too; any other is a report whose outcome is not known (it may have been a
 * delay warning, or a failure whose text gave no status). Pure.
 */
export function storedBounceKind(stored: string | null, status: string | null): BounceKind {
  const known = BOUNCE_KINDS.find((kind) => kind === stored);
  if (known) return known;
  return status?.startsWith('5') === true ? 'failure' : 'report';
}
