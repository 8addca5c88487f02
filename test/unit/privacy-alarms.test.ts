import { describe, expect, it } from 'vitest';
import { Alarms } from '../../worker/conversation/alarms';

/** The slots over an in-memory store and a recorded object alarm. */
function harness() {
  const kv = new Map<string, string>();
  const object = { alarm: null as number | null };
  const alarms = new Alarms({
    store: { get: (k) => kv.get(k) ?? null, set: (k, v) => kv.set(k, v), delete: (k) => kv.delete(k) },
    alarm: {
      set: async (at) => {
        object.alarm = at;
      },
      delete: async () => {
        object.alarm = null;
      },
    },
  });
  return { kv, object, alarms };
}

describe('the one alarm shared by the webhook outbox and retention', () => {
  it('is always set to the earliest slot; clearing one slot leaves the other’s deadline', async () => {
    const { object, alarms } = harness();
    const retention = alarms.slot('retention');
    const webhooks = alarms.slot('webhooks');
    await retention.set(5_000);
    expect(object.alarm).toBe(5_000);
    await webhooks.set(1_000);
    expect(object.alarm).toBe(1_000);
    await webhooks.delete();
    expect(object.alarm).toBe(5_000);
    expect(await webhooks.get()).toBeNull();
    expect(await retention.get()).toBe(5_000);
    await retention.delete();
    expect(object.alarm).toBeNull();
  });

  it('firing takes the slots that are due (at least the earliest) and re-arms for the rest', async () => {
    const { object, alarms } = harness();
    await alarms.slot('webhooks').set(1_000);
    await alarms.slot('retention').set(9_000);
    expect([...(await alarms.fire(1_000))]).toEqual(['webhooks']);
    expect(object.alarm).toBe(9_000);
    expect(await alarms.slot('webhooks').get()).toBeNull();
    // Fired early (as a test's runDurableObjectAlarm does): the earliest slot is the one it was set for.
    expect([...(await alarms.fire(2_000))]).toEqual(['retention']);
    expect(object.alarm).toBeNull();
    await alarms.slot('webhooks').set(3_000);
    await alarms.slot('retention').set(3_000);
    expect([...(await alarms.fire(3_000))].sort()).toEqual(['retention', 'webhooks']);
  });

  it('an alarm set before slots existed wakes every part', async () => {
    const { alarms } = harness();
    expect([...(await alarms.fire(1_000))].sort()).toEqual(['retention', 'webhooks']);
  });
});
