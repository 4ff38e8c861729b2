// When each watched ask's thread is looked at next (watcher.ts does the looking). An ask is watched
// while someone waits on its answer: just sent, open in the Replies panel, or on screen. Its thread
// is checked every 5 s for two minutes, then every 15 s, and no more after a quarter of an hour;
// watching it again (re-opened, shown again) starts the window over. Time comes from the caller.

export interface WatchTimes {
  /** Between checks at first (5 s)… */
  readonly fastMs: number;
  /** …for this long after the watch started (2 min)… */
  readonly fastForMs: number;
  /** …then between checks (15 s)… */
  readonly slowMs: number;
  /** …until this long after it started (15 min). */
  readonly stopAfterMs: number;
}

export const WATCH_TIMES: WatchTimes = { fastMs: 5_000, fastForMs: 120_000, slowMs: 15_000, stopAfterMs: 15 * 60_000 };

/** Why an ask is watched (for logs and tests; every reason gets the same schedule). */
export type WatchReason = 'sent' | 'panel' | 'editor';

interface Watch {
  readonly startedAt: number;
  readonly reason: WatchReason;
  nextAt: number;
}

export class WatchSchedule {
  private readonly watches = new Map<string, Watch>();

  constructor(private readonly times: WatchTimes = WATCH_TIMES) {}

  /** Starts watching the ask, or starts its window over; its first check is one fast interval away. */
  watch(askId: string, now: number, reason: WatchReason): void {
    this.watches.set(askId, { startedAt: now, reason, nextAt: now + this.times.fastMs });
  }

  unwatch(askId: string): void {
    this.watches.delete(askId);
  }

  clear(): void {
    this.watches.clear();
  }

  isWatched(askId: string): boolean {
    return this.watches.has(askId);
  }

  get watched(): readonly string[] {
    return [...this.watches.keys()];
  }

  reason(askId: string): WatchReason | undefined {
    return this.watches.get(askId)?.reason;
  }

  /** The wait after a check made `elapsed` ms into a watch; undefined once the watch is over. */
  intervalAfter(elapsed: number): number | undefined {
    const wait = elapsed < this.times.fastForMs ? this.times.fastMs : this.times.slowMs;
    return elapsed + wait <= this.times.stopAfterMs ? wait : undefined;
  }

  /**
   * The asks whose check is due at `now`, each moved on to its next check; a watch whose window
   * is over is dropped instead.
   */
  takeDue(now: number): string[] {
    const due: string[] = [];
    for (const [id, w] of this.watches) {
      if (w.nextAt > now) continue;
      if (now - w.startedAt > this.times.stopAfterMs) {
        this.watches.delete(id);
        continue;
      }
      due.push(id);
      const wait = this.intervalAfter(now - w.startedAt);
      if (wait === undefined)
        this.watches.delete(id); // this was the last check of the window
      else w.nextAt = now + wait;
    }
    return due;
  }

  /** When the next check is due (epoch ms), undefined when nothing is watched. */
  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const w of this.watches.values()) next = next === undefined ? w.nextAt : Math.min(next, w.nextAt);
    return next;
  }
}
