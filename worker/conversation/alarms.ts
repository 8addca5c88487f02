/**
 * One Durable Object has one alarm; the conversation needs several deadlines (the webhook outbox's next
 * retry, the retention sweep, the handoff's wait limit, closing after idleness). Each deadline is a named slot kept in the store, and the object's alarm is
 * always set to the earliest slot, so neither part can move or clear the other's wake-up.
 */

/** A slot's view, shaped like the object's own alarm API (what WebhookOutbox takes). */
export interface AlarmPort {
  get(): Promise<number | null>;
  set(at: number): Promise<void>;
  delete(): Promise<void>;
}

export type AlarmSlot = 'webhooks' | 'retention' | 'wait' | 'idle';

const KEY = 'alarms';

export interface AlarmsPorts {
  store: { get(key: string): string | null; set(key: string, value: string): void; delete(key: string): void };
  /** The object's one alarm. */
  alarm: { set(at: number): Promise<void>; delete(): Promise<void> };
}

export class Alarms {
  constructor(private readonly ports: AlarmsPorts) {}

  /** The slots' deadlines (ms). */
  deadlines(): Partial<Record<AlarmSlot, number>> {
    return JSON.parse(this.ports.store.get(KEY) ?? '{}') as Partial<Record<AlarmSlot, number>>;
  }

  /** One slot as an alarm port. */
  slot(name: AlarmSlot): AlarmPort {
    return {
      get: async () => this.deadlines()[name] ?? null,
      set: async (at) => {
        this.save({ ...this.deadlines(), [name]: at });
        await this.sync();
      },
      delete: async () => {
        const all = this.deadlines();
        delete all[name];
        this.save(all);
        await this.sync();
      },
    };
  }

  /**
   * The alarm fired at `now`: take the slots it was for (every slot due by now, and at least the earliest,
   * which the alarm was set to) and set the alarm to the earliest one left. Before slots existed the alarm
   * belonged to the outbox; with no record, every part is told to run.
   */
  async fire(now: number): Promise<Set<AlarmSlot>> {
    if (this.ports.store.get(KEY) === null) return new Set<AlarmSlot>(['webhooks', 'retention']);
    const all = this.deadlines();
    const earliest = Math.min(...Object.values(all));
    const due = new Set<AlarmSlot>();
    for (const [name, at] of Object.entries(all) as [AlarmSlot, number][]) {
      if (at <= Math.max(now, earliest)) {
        due.add(name);
        delete all[name];
      }
    }
    this.save(all);
    await this.sync();
    return due;
  }

  /** Forget every slot (the object's storage is being deleted). */
  clear(): void {
    this.ports.store.delete(KEY);
  }

  private save(all: Partial<Record<AlarmSlot, number>>): void {
    this.ports.store.set(KEY, JSON.stringify(all));
  }

  /** Set the alarm to the earliest slot (each call reads the slots first, so the last call issued wins). */
  private async sync(): Promise<void> {
    const times = Object.values(this.deadlines());
    if (times.length === 0) await this.ports.alarm.delete();
    else await this.ports.alarm.set(Math.min(...times));
  }
}
