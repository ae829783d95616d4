/**
 * Sending once warm, read from DRobot's own history: `outbox send` records each round it sends (its start,
 * end and counts) in the history of runs, which `drobot runs list --kind send --json` prints. Given a run that
 * sent twice the bench's count, the rounds after the first `count` mails say how fast a process that has
 * already sent (a `drobot serve` that has been running) sends the next ones: without the command's start-up
 * and without V8's first compilations of the sending path. No I/O here.
 */

/** One outbox round as `drobot runs list --json` prints it. */
export interface SendRound {
  readonly id: number;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly counts: { readonly claimed?: number; readonly sent?: number };
}

/**
 * The rounds after the first `count` mails: how many they sent, and the time from the end of the round before
 * them to the end of the last (so each round's own line in the history, written after it ends, is counted).
 */
export interface LaterRounds {
  readonly rounds: number;
  readonly sent: number;
  readonly seconds: number;
}

/** The send rounds in a page of `drobot runs list --kind send --json` (newest first there). */
export function sendRoundsOf(json: string): SendRound[] {
  const page = JSON.parse(json) as { items?: unknown };
  if (!Array.isArray(page.items)) throw new Error('runs list: no items in its output');
  const rounds = page.items.map((item: unknown) => {
    const r = item as Partial<SendRound> & { kind?: string };
    if (r.kind !== 'send' || typeof r.id !== 'number' || !r.startedAt || !r.endedAt || !r.counts) {
      throw new Error(`runs list: not a send round: ${JSON.stringify(item)}`);
    }
    return { id: r.id, startedAt: r.startedAt, endedAt: r.endedAt, counts: r.counts };
  });
  return rounds.sort((a, b) => a.id - b.id);
}

/**
 * The rounds that began once `count` mails had been claimed before them (in the order they ran), or
 * undefined when no round did (the run sent no more than `count`) or `count` is not above zero.
 */
export function roundsAfter(rounds: readonly SendRound[], count: number): LaterRounds | undefined {
  let claimedBefore = 0;
  let before: SendRound | undefined;
  const later: SendRound[] = [];
  for (const round of rounds) {
    if (claimedBefore >= count) later.push(round);
    else before = round;
    claimedBefore += round.counts.claimed ?? 0;
  }
  const last = later[later.length - 1];
  if (!before || !last) return undefined;
  return {
    rounds: later.length,
    sent: later.reduce((n, r) => n + (r.counts.sent ?? 0), 0),
    seconds: (Date.parse(last.endedAt) - Date.parse(before.endedAt)) / 1000,
  };
}
