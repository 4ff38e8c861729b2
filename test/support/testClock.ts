// Timers driven by a test: `advance` runs what falls due, in order, waiting for the work each started
// (`idle`), so polling and watching over minutes take milliseconds with no real waits.
import type { Timers } from '../../src/core/sync/poller';

export class TestClock implements Timers {
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  constructor(
    private readonly idle: () => Promise<void> = () => Promise.resolve(),
    public now = Date.parse('2026-01-05T10:00:00Z'),
  ) {}
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.queue.push({ at: this.now + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      const due = this.queue.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.queue = this.queue.filter((t) => t !== due);
      this.now = Math.max(this.now, due.at);
      due.fn();
      await this.idle();
    }
    this.now = until;
  }
}
