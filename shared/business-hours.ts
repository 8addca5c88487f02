/**
 * A site's business hours: weekly opening ranges in an IANA time zone, closed holidays, and the zone's wall
 * time read through `Intl.DateTimeFormat` (so DST is the runtime's tz data, not ours). Pure: the instant is
 * always passed in.
 */
import { z } from 'zod';

export const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Day = (typeof DAYS)[number];

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time is HH:MM (00:00–24:00)');
const Range = z.tuple([HHMM, HHMM]).refine(([a, b]) => a < b, 'a range opens before it closes');

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const BusinessHours = z.object({
  timeZone: z.string().min(1).max(64).refine(validZone, 'not an IANA time zone'),
  /** Opening ranges per weekday, `[["09:00","17:30"]]`, closing time exclusive; a missing day is closed. */
  weekly: z.partialRecord(z.enum(DAYS), z.array(Range).max(8)),
  /** Closed all day (local dates, YYYY-MM-DD). */
  holidays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a holiday is YYYY-MM-DD'))
    .max(366)
    .default([]),
  /** How long a visitor may wait for a person once in handoff before being told the desk is busy. */
  waitLimitSeconds: z.number().int().min(0).max(86_400).default(300),
});
export type BusinessHours = z.infer<typeof BusinessHours>;

interface Wall {
  date: string;
  day: Day;
  minutes: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The zone's wall clock at `at` (epoch ms): local date, weekday and minutes since local midnight. */
export function wallTime(timeZone: string, at: number): Wall {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(at)) p[part.type] = part.value;
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    day: (p.weekday ?? 'Sun').slice(0, 3).toLowerCase() as Day,
    minutes: Number(p.hour) * 60 + Number(p.minute),
  };
}

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isOpen(hours: BusinessHours, at: number): boolean {
  const w = wallTime(hours.timeZone, at);
  if (hours.holidays.includes(w.date)) return false;
  return (hours.weekly[w.day] ?? []).some(([a, b]) => w.minutes >= toMinutes(a) && w.minutes < toMinutes(b));
}

const MINUTE = 60_000;

/** The zone's offset at `at` (its wall clock minus UTC, ms). */
function offsetAt(timeZone: string, at: number): number {
  const w = wallTime(timeZone, at);
  const [y, m, d] = w.date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d, 0, w.minutes) - Math.floor(at / MINUTE) * MINUTE;
}

/**
 * The earliest instant the zone's clock could read `minutes` past midnight on `date`: of the offsets in force
 * half a day either side, the earlier reading (in a DST fold, the first pass; in a gap, just before it).
 */
function localInstant(timeZone: string, date: string, minutes: number): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d, 0, minutes);
  const half = 12 * 60 * MINUTE;
  return Math.min(naive - offsetAt(timeZone, naive - half), naive - offsetAt(timeZone, naive + half));
}

/**
 * The first minute at or after `at` when the desk is open (`at` itself when open now), or null when it does
 * not open within 400 days. Walks the zone's local dates and turns each opening's wall time into an instant
 * through the zone's offsets, then steps minute by minute to the first open one: an opening inside a DST
 * gap (a wall time that never happens) opens when the clock jumps past it.
 */
export function nextOpening(hours: BusinessHours, at: number): number | null {
  if (isOpen(hours, at)) return at;
  const [y, m, d] = wallTime(hours.timeZone, at).date.split('-').map(Number) as [number, number, number];
  for (let i = 0; i < 400; i++) {
    const day = new Date(Date.UTC(y, m - 1, d + i));
    const date = day.toISOString().slice(0, 10);
    if (hours.holidays.includes(date)) continue;
    const starts = (hours.weekly[DAYS[day.getUTCDay()] as Day] ?? []).map(([s]) => toMinutes(s)).sort((a, b) => a - b);
    for (const s of starts) {
      const from = Math.ceil(Math.max(localInstant(hours.timeZone, date, s), at) / MINUTE) * MINUTE;
      for (let k = 0; k <= 120; k++) if (isOpen(hours, from + k * MINUTE)) return from + k * MINUTE;
    }
  }
  return null;
}

/** What a handoff frame adds when a person is asked for while the desk is closed; null when open (or no hours). */
export function closedDesk(hours: BusinessHours | undefined, at: number): { open: false; nextOpen?: number } | null {
  if (!hours || isOpen(hours, at)) return null;
  const next = nextOpening(hours, at);
  return next === null ? { open: false } : { open: false, nextOpen: next };
}
