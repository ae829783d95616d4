/** The kind of the case's history event that keeps a status change. */
export const STATUS_CHANGED = 'status-changed';

/**
 * What made a status change, kept as its event's reason: an agent (`cases status`, `PATCH /api/cases/{id}`,
 * the console), or an agent's answer that set it.
 */
export const STATUS_CHANGE_CAUSES = ['agent', 'answer'] as const;
export type StatusChangeCause = (typeof STATUS_CHANGE_CAUSES)[number];
