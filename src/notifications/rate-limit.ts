/**
 * Messages per minute an outbound account may send. Counted in fixed one-minute windows stored in the
 * database, so every worker sees the same count.
 */

/**
 * Office 365: Exchange Online's documented message rate limit is 30 messages per minute per mailbox.
 * Gmail documents daily sending limits (2,000/day for Workspace, 500/day for consumer accounts) and
 * throttles bursts without a published per-minute figure; 20 per minute keeps a burst well clear of it.
 * Any other server: 60 per minute unless the administrator sets otherwise.
 */
export const RATE_LIMIT_PRESETS = Object.freeze({ office365: 30, gmail: 20, domain: 60 });

export type RatePreset = keyof typeof RATE_LIMIT_PRESETS;

/** The messages-per-minute limit of an account: its own setting, else its preset's default. */
export function rateLimitFor(preset: string, configured: number | undefined): number {
  if (configured !== undefined && configured > 0) return configured;
  return RATE_LIMIT_PRESETS[preset as RatePreset] ?? RATE_LIMIT_PRESETS.domain;
}

/** Start of the one-minute window `now` falls in, as stored. */
export function windowStartOf(now: Date): string {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
}

/** How many more messages the account may send in the window of `now`. */
export function remainingInWindow(
  stored: { readonly window_start: string; readonly sent_count: number } | undefined,
  now: Date,
  limit: number,
): number {
  if (!stored || stored.window_start !== windowStartOf(now)) return limit;
  return Math.max(0, limit - stored.sent_count);
}
