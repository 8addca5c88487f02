/**
 * The one clock that business hours, the wait limit, idle closing and the outcome figures read, in the
 * Worker and in its conversation objects alike (they share the isolate). Tests set `clock.now` to a fake
 * instant; an alarm deadline on that clock is turned into a real wake-up by `realTime`, so a fake clock
 * in the past or the future still wakes the object after the intended delay.
 */
export const clock = {
  now: (): number => Date.now(),
};

/** The real instant (for `setAlarm`) that is as far from now as `at` is from the clock's now. */
export function realTime(at: number): number {
  return Date.now() + (at - clock.now());
}
