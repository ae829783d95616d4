import type { FlowContext } from './connection.steps.js';

/**
 * How much longer a step may take when it also goes through the adapter fetching or the outbox uses: a
 * second login and a listing or a sent mail. The adapter bounds each of its commands by itself; this only
 * ends a step that would otherwise never end.
 */
export function adapterBoundMs(timeoutMs: number): number {
  return timeoutMs * 20;
}

/**
 * Opens the inbound source fetching would open, lists one mail as a first run would, and leaves without
 * settling anything: a POP3 session ends with QUIT and no DELE, an IMAP one changes no flag. Rejects with
 * the adapter's error. Does nothing when the test was given no adapter.
 */
export async function listThroughAdapter(ctx: FlowContext): Promise<void> {
  const check = ctx.inboundSource;
  if (!check) return;
  const source = await check.open(ctx.credentials);
  try {
    await source.list({ cursor: undefined, firstRun: check.firstRun, includeSetAside: false, limit: 1 });
  } catch (error) {
    source.abort();
    throw error;
  }
  await source.close();
}
