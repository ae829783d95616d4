/**
 * Where a DRobot run spends its time: a V8 CPU profile (`node --cpu-prof`) folded into self time per area
 * (a package, or a DRobot module) and per function, and `strace -f -c` system call counts. Pure parsing.
 */

export interface ProfileSummary {
  readonly run: string;
  readonly totalMs: number;
  readonly idleMs: number;
  readonly gcMs: number;
  /** Self time by area, largest first (idle excluded). */
  readonly areas: ReadonlyArray<{ name: string; ms: number; percent: number }>;
  readonly functions: ReadonlyArray<{ name: string; ms: number; percent: number }>;
  readonly syscalls: ReadonlyArray<{ name: string; calls: number; errors: number }>;
}

interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The area a function belongs to: its npm package, DRobot's source module, or V8/Node itself. */
export function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1] ?? url;
  const own = /\/dist\/(src\/.+?)\.js$/.exec(url);
  if (own) return own[1] ?? url;
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\//, '');
}

export function summarizeCpuProfile(
  profile: CpuProfile,
  run: string,
  top = 15,
): Omit<ProfileSummary, 'syscalls'> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let gc = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    total += us;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    if (functionName === '(garbage collector)') gc += us;
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const fn =
      `${functionName || '(anonymous)'} ${url ? `${areaOf(url, functionName)}:${lineNumber + 1}` : ''}`.trim();
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const busy = Math.max(1, total - idle);
  const ranked = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, percent: (100 * us) / busy }));
  return {
    run,
    totalMs: total / 1000,
    idleMs: idle / 1000,
    gcMs: gc / 1000,
    areas: ranked(areas),
    functions: ranked(functions),
  };
}

/** The rows of `strace -c` output, most frequent first. */
export function parseStraceCounts(text: string, top = 12): ProfileSummary['syscalls'] {
  const rows: Array<{ name: string; calls: number; errors: number }> = [];
  for (const line of text.split('\n')) {
    const m = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(\d+\s+)?(\w+)\s*$/.exec(line);
    if (m && m[3] !== 'total')
      rows.push({ name: m[3] ?? '', calls: Number(m[1]), errors: Number(m[2] ?? 0) });
  }
  return rows.sort((a, b) => b.calls - a.calls).slice(0, top);
}
