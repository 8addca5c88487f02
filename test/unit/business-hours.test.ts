import { describe, expect, it } from 'vitest';
import { BusinessHours, isOpen, nextOpening } from '../../shared/business-hours';
import { SiteConfig } from '../../shared/config';

const berlin = BusinessHours.parse({
  timeZone: 'Europe/Berlin',
  // A Sunday range across the 02:00–03:00 DST change on both change days.
  weekly: {
    mon: [['09:00', '17:30']],
    tue: [['09:00', '17:30']],
    wed: [['09:00', '17:30']],
    thu: [['09:00', '17:30']],
    fri: [['09:00', '17:30']],
    sun: [['02:30', '04:00']],
  },
  holidays: ['2026-12-25'],
});
const weekdays = (range: [string, string]) => ({ mon: [range], tue: [range], wed: [range], thu: [range], fri: [range] });
const newYork = BusinessHours.parse({
  timeZone: 'America/New_York',
  weekly: { ...weekdays(['09:00', '17:00']), sun: [['01:30', '02:30']] },
});
const shanghai = BusinessHours.parse({ timeZone: 'Asia/Shanghai', weekly: { ...weekdays(['09:00', '18:00']), sat: [['10:00', '12:00']] } });

const t = (iso: string) => Date.parse(iso);

describe('isOpen on fixed instants', () => {
  const table: [string, BusinessHours, string, boolean][] = [
    ['Berlin Fri 08:59 CET', berlin, '2026-03-27T07:59:00Z', false],
    ['Berlin Fri 09:00 CET', berlin, '2026-03-27T08:00:00Z', true],
    ['Berlin Fri 17:29 CET', berlin, '2026-03-27T16:29:00Z', true],
    ['Berlin Fri 17:30 CET (closing is exclusive)', berlin, '2026-03-27T16:30:00Z', false],
    ['Berlin Sun 01:59 CET, before the spring jump', berlin, '2026-03-29T00:59:00Z', false],
    ['Berlin Sun 03:00 CEST, right after the jump', berlin, '2026-03-29T01:00:00Z', true],
    ['Berlin Mon 08:59 CEST', berlin, '2026-03-30T06:59:00Z', false],
    ['Berlin Mon 09:00 CEST', berlin, '2026-03-30T07:00:00Z', true],
    ['Berlin Sun 02:30 CEST, first pass of the fold', berlin, '2026-10-25T00:30:00Z', true],
    ['Berlin Sun 02:59 CET, second pass', berlin, '2026-10-25T01:59:00Z', true],
    ['Berlin Sun 04:00 CET', berlin, '2026-10-25T03:00:00Z', false],
    ['Berlin Mon 08:00 CET, after autumn change', berlin, '2026-10-26T07:00:00Z', false],
    ['Berlin Mon 09:00 CET', berlin, '2026-10-26T08:00:00Z', true],
    ['Berlin Fri 11:00 on a holiday', berlin, '2026-12-25T10:00:00Z', false],
    ['New York Sun 01:29 EST', newYork, '2026-03-08T06:29:00Z', false],
    ['New York Sun 01:30 EST', newYork, '2026-03-08T06:30:00Z', true],
    ['New York Sun 01:59 EST', newYork, '2026-03-08T06:59:00Z', true],
    ['New York Sun 03:00 EDT (02:xx never happened)', newYork, '2026-03-08T07:00:00Z', false],
    ['New York Sun 01:30 EDT', newYork, '2026-11-01T05:30:00Z', true],
    ['New York Sun 01:00 EST, after falling back', newYork, '2026-11-01T06:00:00Z', false],
    ['New York Sun 01:45 EST', newYork, '2026-11-01T06:45:00Z', true],
    ['New York Sun 02:30 EST', newYork, '2026-11-01T07:30:00Z', false],
    ['New York Mon 08:59 EST', newYork, '2026-11-02T13:59:00Z', false],
    ['New York Mon 09:00 EST', newYork, '2026-11-02T14:00:00Z', true],
    ['Shanghai Sun 09:00', shanghai, '2026-03-08T01:00:00Z', false],
    ['Shanghai Sat 10:00', shanghai, '2026-03-07T02:00:00Z', true],
    ['Shanghai Sat 11:59', shanghai, '2026-03-07T03:59:00Z', true],
    ['Shanghai Sat 12:00', shanghai, '2026-03-07T04:00:00Z', false],
    ['Shanghai Mon 08:59', shanghai, '2026-03-09T00:59:00Z', false],
    ['Shanghai Mon 09:00', shanghai, '2026-03-09T01:00:00Z', true],
  ];
  it.each(table)('%s', (_name, hours, at, open) => {
    expect(isOpen(hours, t(at))).toBe(open);
  });
});

describe('nextOpening on fixed instants', () => {
  const table: [string, BusinessHours, string, string | null][] = [
    ['Berlin Fri close → Sun 02:30, inside the spring gap: opens at 03:00 CEST', berlin, '2026-03-27T16:30:00Z', '2026-03-29T01:00:00Z'],
    ['Berlin Sun 02:00 CEST → the first 02:30 of the fold', berlin, '2026-10-25T00:00:00Z', '2026-10-25T00:30:00Z'],
    ['Berlin Sun 04:00 CET → Mon 09:00 CET', berlin, '2026-10-25T03:00:00Z', '2026-10-26T08:00:00Z'],
    ['Berlin Thu evening skips the Friday holiday and Saturday', berlin, '2026-12-24T16:30:00Z', '2026-12-27T01:30:00Z'],
    ['Berlin open now → now', berlin, '2026-03-27T08:00:30Z', '2026-03-27T08:00:30Z'],
    ['New York Fri close → Sun 01:30 EST', newYork, '2026-03-06T22:00:00Z', '2026-03-08T06:30:00Z'],
    ['New York after the spring jump → Mon 09:00 EDT', newYork, '2026-03-08T07:00:00Z', '2026-03-09T13:00:00Z'],
    ['New York Sun 00:00 EDT → 01:30 EDT', newYork, '2026-11-01T04:00:00Z', '2026-11-01T05:30:00Z'],
    ['New York 01:00 EST after falling back → 01:30 EST, again', newYork, '2026-11-01T06:00:00Z', '2026-11-01T06:30:00Z'],
    ['Shanghai Fri 18:00 → Sat 10:00', shanghai, '2026-03-06T10:00:00Z', '2026-03-07T02:00:00Z'],
    ['Shanghai Sun → Mon 09:00', shanghai, '2026-03-08T01:00:00Z', '2026-03-09T01:00:00Z'],
    ['Shanghai mid-minute rounds up to the opening minute', shanghai, '2026-03-09T00:59:30Z', '2026-03-09T01:00:00Z'],
  ];
  it.each(table)('%s', (_name, hours, at, next) => {
    const got = nextOpening(hours, t(at));
    expect(got === null ? null : new Date(got).toISOString()).toBe(next === null ? null : new Date(next).toISOString());
  });

  it('is null for a desk that never opens', () => {
    expect(nextOpening(BusinessHours.parse({ timeZone: 'UTC', weekly: {} }), t('2026-01-01T00:00:00Z'))).toBeNull();
  });
});

describe('hours in the site config', () => {
  const site = (hours: unknown) => SiteConfig.safeParse({ key: 'shop', name: 'Shop', origins: ['shop.example'], hours });
  it('accepts a valid zone and HH:MM ranges, with defaults', () => {
    const r = site({
      timeZone: 'Asia/Shanghai',
      weekly: {
        mon: [
          ['09:00', '12:00'],
          ['13:00', '18:00'],
        ],
      },
    });
    expect(r.success).toBe(true);
    expect(r.data?.hours).toMatchObject({ holidays: [], waitLimitSeconds: 300 });
  });
  it.each([
    ['an unknown zone', { timeZone: 'Mars/Olympus_Mons', weekly: {} }],
    ['a time without two hour digits', { timeZone: 'UTC', weekly: { mon: [['9:00', '17:00']] } }],
    ['a range that closes before it opens', { timeZone: 'UTC', weekly: { mon: [['18:00', '09:00']] } }],
    ['an unknown day', { timeZone: 'UTC', weekly: { monday: [['09:00', '17:00']] } }],
    ['a malformed holiday', { timeZone: 'UTC', weekly: {}, holidays: ['25/12/2026'] }],
  ])('rejects %s', (_name, hours) => {
    expect(site(hours).success).toBe(false);
  });
});
