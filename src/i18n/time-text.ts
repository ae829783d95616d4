/**
 * A point in time as the command line shows it to a person: `2026-12-05 16:46:03 +01:00`, in the reader's
 * time zone (`TZ`) with that zone's offset, the same in every language. The database, `--json` and the API
 * keep ISO 8601 UTC (`2026-12-05T15:46:03.123Z`), which scripts read.
 */

/**
 * One formatter per time zone: building one takes some 20 times as long as formatting a time with it. The
 * process's own zone is taken once, by the first formatter built without one (a command's TZ does not change).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let formatter = formatters.get(key);
  if (!formatter) {
    // en-US for its plain digits; the parts are put in order below, so its order of them does not matter.
    formatter = new Intl.DateTimeFormat('en-US', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
      ...(timeZone ? { timeZone } : {}),
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** `GMT+01:00` as `+01:00`; UTC, which ICU may name `GMT` alone, as `+00:00`. */
function offsetOf(zoneName: string): string {
  const offset = zoneName.replace(/^GMT/, '');
  return offset === '' ? '+00:00' : offset.replace('\u2212', '-');
}

/**
 * A stored time (ISO 8601) as the reader reads it: `YYYY-MM-DD HH:MM:SS ±HH:MM` in the process's time zone
 * (from `TZ`), or in `timeZone` when given; `-` when there is none; a text that is no time, as it is.
 */
export function timeText(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '-';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatterOf(timeZone).formatToParts(at)) parts[part.type] = part.value;
  const { year, month, day, hour, minute, second, timeZoneName } = parts;
  return `${year}-${month}-${day} ${hour}:${minute}:${second} ${offsetOf(timeZoneName ?? 'GMT')}`;
}
