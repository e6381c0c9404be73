/** Instants as a bloc's time zone shows them, with Intl only (no time zone database of our own). */

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const OPTIONS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};

/** A formatter for the zone; UTC when the zone is unknown to this runtime (a workbook never fails on it). */
const formatter = (timeZone: string): Intl.DateTimeFormat => {
  try {
    return new Intl.DateTimeFormat('en-US', { ...OPTIONS, timeZone });
  } catch {
    return new Intl.DateTimeFormat('en-US', { ...OPTIONS, timeZone: 'UTC' });
  }
};

export const wallClock = (d: Date, timeZone: string): WallClock => {
  const parts = formatter(timeZone).formatToParts(d);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
};

/** Offset of a time zone from UTC at an instant, in milliseconds (Asia/Ho_Chi_Minh: +7 h). */
const offsetAt = (instant: number, timeZone: string): number => {
  const w = wallClock(new Date(instant), timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
};

/** Year, month, day, hour, minute, second as a clock on the wall shows them. */
export type WallClockParts = [number, number, number, number, number, number];

/** The instant at which the time zone's clocks show the given wall-clock time. */
export const fromWallClock = ([y, m, d, h, mi, s]: WallClockParts, timeZone: string): Date => {
  const local = Date.UTC(y, m - 1, d, h, mi, s);
  const first = local - offsetAt(local, timeZone);
  return new Date(local - offsetAt(first, timeZone));
};

/** The first instant after 23:59:59 of `date` (YYYY-MM-DD) in the time zone: local midnight of the next day. */
export const endOfDay = (date: string, timeZone: string): Date => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return fromWallClock([y, m, d + 1, 0, 0, 0], timeZone);
};

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2025-11-20" → "20/11/2025". */
export const vnDate = (iso: string): string => iso.split('-').reverse().join('/');

/** `20/11/2025 08:30` (or `08:30:05` with seconds) in the time zone. */
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
    const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(d).find((p) => p.type === 'timeZoneName');
    return part?.value ?? timeZone;
  } catch {
    return timeZone;
  }
};
