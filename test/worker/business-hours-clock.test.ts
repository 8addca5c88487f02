/**
 * Business hours enforced by the conversation object on the shared fake clock: a request for a person one
 * minute before opening is answered "closed, opens at …" and the bot answers; at opening time it is handed
 * off. Across zones, on the DST switch days, and on a holiday.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { askForPerson, fakeClock, siteWithHours } from './outcomes-helpers';
import { isEnd } from './ws-helpers';

const NINE_TO_FIVE = [['09:00', '17:00']] as [string, string][];
const EVERY_DAY = {
  sun: NINE_TO_FIVE,
  mon: NINE_TO_FIVE,
  tue: NINE_TO_FIVE,
  wed: NINE_TO_FIVE,
  thu: NINE_TO_FIVE,
  fri: NINE_TO_FIVE,
  sat: NINE_TO_FIVE,
};
const MINUTE = 60_000;

let clock: ReturnType<typeof fakeClock> | null = null;
afterEach(() => {
  clock?.restore();
  clock = null;
});

/** Ask for a person at `at` on a site of `timeZone` (open 09:00–17:00 every day) and return the handoff frame. */
async function askAt(siteKey: string, at: number) {
  clock = fakeClock(at);
  const { s, frame } = await askForPerson(siteKey);
  if (frame.active === false) await s.next(isEnd('ask'));
  s.ws.close();
  clock.restore();
  clock = null;
  return { frame, answeredByBot: s.frames.some((f) => f.type === 'done' && f.messageId === 'ask') };
}

describe('business hours on a fake clock', () => {
  // Opening (09:00 local) on each switch day, in UTC: New York is on EDT (−4) after 2026-03-08 02:00 and back
  // on EST (−5) after 2026-11-01 02:00; Berlin on CEST (+2) after 2026-03-29 02:00; Shanghai is +8 all year.
  const cases = [
    { zone: 'America/New_York', day: 'the March switch (EST → EDT)', opens: Date.UTC(2026, 2, 8, 13, 0) },
    { zone: 'America/New_York', day: 'the November switch (EDT → EST)', opens: Date.UTC(2026, 10, 1, 14, 0) },
    { zone: 'Europe/Berlin', day: 'the March switch (CET → CEST)', opens: Date.UTC(2026, 2, 29, 7, 0) },
    { zone: 'Asia/Shanghai', day: 'a day like any other (no DST)', opens: Date.UTC(2026, 2, 8, 1, 0) },
  ];
  for (const { zone, day, opens } of cases) {
    it(`${zone} on ${day}: 08:59 local is closed (the bot answers, nextOpen is 09:00), 09:00 hands off`, async () => {
      const siteKey = await siteWithHours({ timeZone: zone, weekly: EVERY_DAY });
      const before = await askAt(siteKey, opens - MINUTE);
      expect(before.frame).toMatchObject({ active: false, open: false, nextOpen: opens, reason: 'visitor_request' });
      expect(before.answeredByBot).toBe(true);
      const at = await askAt(siteKey, opens);
      expect(at.frame).toMatchObject({ active: true, reason: 'visitor_request' });
      expect(at.frame.open).toBeUndefined();
      expect(at.answeredByBot).toBe(false);
    });
  }

  it('a holiday is closed all day, and the next opening is the following day', async () => {
    // 2026-10-01 is National Day in China: closed although it is a Thursday.
    const siteKey = await siteWithHours({ timeZone: 'Asia/Shanghai', weekly: EVERY_DAY, holidays: ['2026-10-01'] });
    const noonOnHoliday = Date.UTC(2026, 9, 1, 4, 0); // 12:00 in Shanghai
    const closed = await askAt(siteKey, noonOnHoliday);
    expect(closed.frame).toMatchObject({ active: false, open: false, nextOpen: Date.UTC(2026, 9, 2, 1, 0) });
    const dayAfter = await askAt(siteKey, Date.UTC(2026, 9, 2, 4, 0));
    expect(dayAfter.frame).toMatchObject({ active: true });
  });
});
