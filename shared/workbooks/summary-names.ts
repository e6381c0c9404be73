/** Worksheet names and local times for the workbooks we write. */

const INVALID = /[\[\]:*?/\\]/g;

/**
 * A valid, unique worksheet name from free text (a group name): no `[]:*?/\`, no apostrophe (exceljs
 * does not escape it in print-title names), at most 31 characters, unique without regard to case.
 * Adds the name to `taken`.
 */
export const sheetName = (wanted: string, taken: Set<string>, fallback = 'Trang'): string => {
  const clean = wanted
    .normalize('NFC')
    .replace(INVALID, ' ')
    .replace(/['\u0000-\u001f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const base = clean === '' || clean.toLowerCase() === 'history' ? fallback : clean;
  const cut = (s: string, n: number) => {
    const chars = [...s];
    let out = '';
    for (const ch of chars) {
      if (out.length + ch.length > n) break;
      out += ch;
    }
    return out.trim();
  };
  let name = cut(base, 31);
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    name = cut(base, 31 - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
};

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A formatter for the zone; UTC when the zone is unknown to this runtime (a summary never fails on it). */
const formatter = (timeZone: string): Intl.DateTimeFormat => {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  };
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' });
  }
};

const wallClock = (d: Date, timeZone: string): WallClock => {
  const parts = formatter(timeZone).formatToParts(d);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
};

const pad = (n: number) => String(n).padStart(2, '0');

/** `20/11/2025 08:30` in the bloc's time zone (seconds on request). */
export const localTime = (d: Date, timeZone: string, seconds = false): string => {
  const w = wallClock(d, timeZone);
  return `${pad(w.day)}/${pad(w.month)}/${w.year} ${pad(w.hour)}:${pad(w.minute)}${seconds ? `:${pad(w.second)}` : ''}`;
};

/**
 * A Date whose UTC fields are the wall-clock time in `timeZone`: exceljs writes a Date cell from its
 * UTC fields, so the cell shows the local time and still sorts and filters as a date.
 */
export const localDateCell = (d: Date, timeZone: string): Date => {
  const w = wallClock(d, timeZone);
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
};

/** `GMT+7` for Asia/Ho_Chi_Minh at that instant. */
export const offsetLabel = (d: Date, timeZone: string): string => {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' })
      .formatToParts(d)
      .find((p) => p.type === 'timeZoneName');
    return part?.value ?? timeZone;
  } catch {
    return timeZone;
  }
};
