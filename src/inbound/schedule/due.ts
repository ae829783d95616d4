/** Whether an account's next scheduled fetch is due. Pure. */
export function isDue(
  now: Date,
  pollIntervalSeconds: number,
  health: { readonly lastRunAt: string | null; readonly nextAttemptAt: string | null },
): boolean {
  if (health.nextAttemptAt && Date.parse(health.nextAttemptAt) > now.getTime()) return false;
  if (!health.lastRunAt) return true;
  return Date.parse(health.lastRunAt) + pollIntervalSeconds * 1000 <= now.getTime();
}
