// The outbox: every write to GitHub (ask, reply, lesson) is saved to disk before it is sent, and
// stays there until GitHub acknowledged it. Each item carries the client id that is also in the
// body's hidden marker, so before any send that might repeat an earlier one (a retry, or an item
// found on disk after a restart or crash) the outbox first asks GitHub whether that id is already
// there. A crash between send and acknowledge therefore never posts twice.
//
// Items are sent in order within a lane (by default, their kind); an item waiting for its backoff
// holds up its lane only, and one that keeps failing is eventually marked failed and set aside.
//
// Every VS Code window has an outbox over the same store. Only one sends at a time: a drain holds
// a lease (the lock file `outbox.lock`); a window that finds it taken skips the pass and tries again
// shortly. Before each send the holder re-reads the outbox from disk, so an item another window
// delivered (and removed) is not sent again, and items other windows queued meanwhile go out too.
import { join } from 'node:path';
import type { OutboxItem } from './model';
import { backoffDelay, classifySendError, describeOutbox, type BackoffOptions } from './outboxPolicy';
import { acquireLock, type HeldLock } from './store/fileLock';
import type { LocalStore, OutboxEntry } from './store/store';
import { errorMessage } from './errors';

export { describeOutbox } from './outboxPolicy';

export type NewOutboxItem = Pick<OutboxItem, 'id' | 'kind' | 'payload'>;

export interface OutboxOptions<R> {
  /** Posts the item to GitHub (its body carrying the marker with `item.id`). */
  readonly send: (item: Readonly<OutboxEntry>) => Promise<R>;
  /** Looks `item.id` up on GitHub (the marker in the body); what `send` would have returned, if found. */
  readonly findExisting: (item: Readonly<OutboxEntry>) => Promise<R | undefined>;
  /** Called once GitHub has the item (sent now, or found from an earlier try), before it leaves the outbox. */
  readonly onSent?: (item: Readonly<OutboxEntry>, result: R) => void | Promise<void>;
  /** Called whenever an item or the queue's state changed (to refresh a view). */
  readonly onChange?: () => void;
  readonly log?: (message: string) => void;
  /** The host's name, for messages. */
  readonly host?: string;
  readonly backoff?: BackoffOptions;
  /** Items in one lane are sent in order. Default: one lane per kind. */
  readonly lane?: (item: Readonly<OutboxEntry>) => string;
  /** Drain again by itself when the next item is due (default true; tests drive `drain()` instead). */
  readonly autoRetry?: boolean;
  /** A drain's lease its window stopped renewing (hung) is taken over after this long. Default 30 s. */
  readonly leaseStaleMs?: number;
  /** When another window is sending, try again after this long. Default 2 s. */
  readonly busyRetryMs?: number;
  readonly now?: () => number;
  readonly random?: () => number;
}

export interface DrainResult<R> {
  /** Delivered in this drain, in order (including items found on GitHub from an earlier try). */
  readonly sent: readonly { readonly item: Readonly<OutboxEntry>; readonly result: R }[];
  readonly waiting: number;
  readonly failed: number;
  /** Why the queue is stopped (the token was refused), until `accountChanged()`. */
  readonly paused?: string;
  /** When the next waiting item is due (epoch ms). */
  readonly nextAttemptAt?: number;
  /** Another window is sending the outbox (or kept the store busy): nothing was sent here; tried again soon. */
  readonly busyElsewhere?: true;
}

type Outcome = 'sent' | 'failed' | 'waiting';
type Sent<R> = { item: Readonly<OutboxEntry>; result: R }[];

const LEASE_FILE = 'outbox.lock';

export class Outbox<R> {
  /**
   * Enqueued in this session and not tried yet: cannot be on GitHub, so no need to look first. Only
   * while the item on disk shows no try by another window, and forgotten when a lease is taken over
   * from a window that stopped mid-send.
   */
  private readonly fresh = new Set<string>();
  private pausedReason: string | undefined;
  /** The whole queue waits until then (rate limit, retry-after). */
  private holdUntil = 0;
  private running: Promise<DrainResult<R>> | undefined;
  private rerun = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly external: { dispose(): void };
  private readonly now: () => number;
  private readonly log: (message: string) => void;

  constructor(
    private readonly store: LocalStore,
    private readonly options: OutboxOptions<R>,
  ) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
    // Another window queued, sent or discarded an item: what is pending here changed too.
    this.external = store.onExternalChange((names) => {
      if (names.includes('outbox')) this.changed();
    });
  }

  /** Everything in the outbox, waiting or failed, in queue order. */
  pending(): readonly Readonly<OutboxEntry>[] {
    return this.store.outbox();
  }

  /** E.g. "2 asks waiting to send". */
  summary(): string {
    return describeOutbox(this.pending());
  }

  /** Why sending is stopped (the token was refused), or undefined. */
  get paused(): string | undefined {
    return this.pausedReason;
  }

  /** Saves the item to disk, then starts sending it. Resolves once it is saved. Queuing an id twice is a no-op. */
  async enqueue(item: NewOutboxItem): Promise<void> {
    if (this.store.outbox().some((i) => i.id === item.id)) return;
    const entry: OutboxEntry = { id: item.id, kind: item.kind, payload: item.payload, createdAt: new Date(this.now()).toISOString(), attempts: 0 };
    this.store.putOutboxItem(entry);
    this.fresh.add(item.id);
    try {
      await this.store.flush('outbox');
    } catch (e) {
      this.log(`outbox: could not save ${item.kind} ${item.id} before sending (${errorMessage(e)}); sending anyway`);
    }
    this.changed();
    void this.drain();
  }

  /**
   * Sends every item that is due, in order per lane. Never rejects. A call while a drain runs joins
   * it (and makes it look again once more for what became due meanwhile).
   */
  drain(): Promise<DrainResult<R>> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    let busy = false;
    const run = async (): Promise<DrainResult<R>> => {
      const sent: Sent<R> = [];
      const lease = await this.takeLease();
      if (!lease) {
        busy = true;
        return this.result(sent, busy);
      }
      try {
        do {
          this.rerun = false;
          busy = !(await this.pass(sent, lease));
        } while (this.rerun && !busy && !this.disposed);
      } finally {
        await lease.release();
      }
      return this.result(sent, busy);
    };
    this.running = run().finally(() => {
      this.running = undefined;
      this.scheduleNext(busy);
    });
    return this.running;
  }

  /** The signed-in account changed (or signed in again): lift the stop and send. */
  accountChanged(): Promise<DrainResult<R>> {
    this.pausedReason = undefined;
    this.holdUntil = 0; // rate limits are per account
    this.endBackoffs();
    this.changed();
    return this.drain();
  }

  /**
   * GitHub answers again after it could not be reached or kept failing (the sync poll came back): items
   * waiting out their backoff are tried now instead of after it, which could be many minutes after a long
   * spell. What GitHub told the queue to wait for (a rate limit, retry-after) or a refused token still holds.
   */
  githubAnswersAgain(): Promise<DrainResult<R>> {
    if (this.pausedReason === undefined && this.now() >= this.holdUntil) {
      const ended = this.endBackoffs();
      if (ended > 0) {
        this.log(`outbox: GitHub answers again: ${ended} item${ended === 1 ? '' : 's'} waiting out a backoff go${ended === 1 ? 'es' : ''} now`);
        this.changed();
      }
    }
    return this.drain();
  }

  /** Makes every item waiting out its backoff due now (failed ones stay set aside); returns how many. */
  private endBackoffs(): number {
    const waiting = this.store.outbox().filter((i) => !i.failed && i.notBefore !== undefined);
    for (const item of waiting) this.store.putOutboxItem({ ...item, notBefore: undefined });
    return waiting.length;
  }

  /** Tries a failed (or waiting) item again now. */
  retry(id: string): Promise<DrainResult<R>> {
    const item = this.store.outbox().find((i) => i.id === id);
    if (item) {
      this.store.putOutboxItem({ ...item, failed: false, attempts: 0, notBefore: undefined });
      this.changed();
    }
    return this.drain();
  }

  /** Drops an item the user gave up on. */
  async discard(id: string): Promise<void> {
    this.store.removeOutboxItem(id);
    this.fresh.delete(id);
    this.changed();
    await this.store.flush('outbox').catch((e: unknown) => this.log(`outbox: ${errorMessage(e)}`));
  }

  /** Stops the retry timer (items stay in the store for next time). */
  dispose(): void {
    this.disposed = true;
    this.external.dispose();
    if (this.timer) clearTimeout(this.timer);
  }

  private changed(): void {
    try {
      this.options.onChange?.();
    } catch (e) {
      this.log(`outbox: onChange failed: ${errorMessage(e)}`);
    }
  }

  /** The lease on sending, or undefined while another window holds it. */
  private async takeLease(): Promise<HeldLock | undefined> {
    try {
      const lease = await acquireLock(join(this.store.dir, LEASE_FILE), { staleMs: this.options.leaseStaleMs ?? 30_000 });
      if (lease?.tookOver) {
        this.log(`outbox: took over ${LEASE_FILE} from a window that stopped while sending; every item is looked up on GitHub before it is sent`);
        this.fresh.clear();
      }
      return lease;
    } catch (e) {
      this.log(`outbox: could not take ${LEASE_FILE}: ${errorMessage(e)}`);
      return undefined;
    }
  }

  /** Sends what is due, one item at a time, each picked from the outbox as it is on disk. False: stopped as another window took over. */
  private async pass(sent: Sent<R>, lease: HeldLock): Promise<boolean> {
    const tried = new Set<string>();
    const waiting = new Set<string>(); // lanes held up by an item not due yet
    for (;;) {
      if (this.disposed || this.pausedReason !== undefined || this.now() < this.holdUntil) return true;
      try {
        await this.store.reload('outbox');
      } catch (e) {
        this.log(`outbox: could not read the outbox (${errorMessage(e)}); trying again later`);
        return false;
      }
      const next = this.next(tried, waiting);
      if (!next) return true;
      if (!(await lease.stillHeld())) {
        this.log(`outbox: another window took over sending`);
        return false;
      }
      tried.add(next.item.id);
      if ((await this.attempt(next.item, sent)) === 'waiting') waiting.add(next.lane);
    }
  }

  /** The first item of a lane that can move, not tried in this pass. */
  private next(tried: ReadonlySet<string>, waiting: Set<string>): { item: Readonly<OutboxEntry>; lane: string } | undefined {
    for (const [lane, items] of this.lanes()) {
      if (waiting.has(lane)) continue;
      const item = items.find((i) => !tried.has(i.id));
      if (!item) continue;
      if ((item.notBefore ?? 0) > this.now()) {
        waiting.add(lane); // the lane waits for this one
        continue;
      }
      return { item, lane };
    }
    return undefined;
  }

  /** Items still to send, grouped by lane, in queue order. */
  private lanes(): Map<string, Readonly<OutboxEntry>[]> {
    const lanes = new Map<string, Readonly<OutboxEntry>[]>();
    for (const item of this.store.outbox()) {
      if (item.failed) continue;
      const lane = this.options.lane?.(item) ?? item.kind;
      lanes.set(lane, [...(lanes.get(lane) ?? []), item]);
    }
    return lanes;
  }

  /** When the first lane can move again (epoch ms), or undefined when nothing waits or the queue is stopped. */
  private nextDue(): number | undefined {
    if (this.pausedReason !== undefined) return undefined;
    const heads = [...this.lanes().values()].map((items) => Math.max(items[0]?.notBefore ?? 0, this.holdUntil));
    return heads.length ? Math.min(...heads) : undefined;
  }

  private async attempt(item: Readonly<OutboxEntry>, sent: Sent<R>): Promise<Outcome> {
    const lookFirst = !this.fresh.has(item.id) || item.attempts > 0 || item.lastError !== undefined;
    this.fresh.delete(item.id);
    try {
      let result = lookFirst ? await this.options.findExisting(item) : undefined;
      if (result !== undefined) this.log(`outbox: ${item.kind} ${item.id} was already on GitHub (an earlier try landed)`);
      else result = await this.options.send(item);
      await this.acknowledge(item, result);
      sent.push({ item, result });
      return 'sent';
    } catch (error) {
      return this.failed(item, error);
    }
  }

  private async acknowledge(item: Readonly<OutboxEntry>, result: R): Promise<void> {
    try {
      await this.options.onSent?.(item, result);
    } catch (e) {
      this.log(`outbox: recording the sent ${item.kind} ${item.id} failed: ${errorMessage(e)}`);
    }
    await this.discard(item.id);
  }

  private async failed(item: Readonly<OutboxEntry>, error: unknown): Promise<Outcome> {
    const now = this.now();
    const problem = classifySendError(error, this.options.host ?? 'GitHub', now);
    let next: OutboxEntry;
    let outcome: Outcome = 'waiting';
    switch (problem.kind) {
      case 'unauthorized':
        this.pausedReason = problem.message;
        next = { ...item, lastError: problem.message };
        break;
      case 'rateLimited':
        this.holdUntil = Math.max(this.holdUntil, problem.until);
        next = { ...item, lastError: problem.message, notBefore: problem.until };
        break;
      case 'retry': {
        const attempts = item.attempts + 1;
        const limit = this.options.backoff?.maxAttempts ?? 10;
        if (problem.counts && attempts >= limit) {
          next = { ...item, attempts, failed: true, notBefore: undefined, lastError: `Gave up after ${attempts} tries: ${problem.message}` };
          outcome = 'failed';
          break;
        }
        const backoff = backoffDelay(attempts, this.options.backoff ?? {}, this.options.random ?? Math.random);
        const notBefore = now + Math.max(backoff, problem.retryAfterMs ?? 0);
        if (problem.retryAfterMs !== undefined) this.holdUntil = Math.max(this.holdUntil, now + problem.retryAfterMs);
        next = { ...item, attempts, lastError: problem.message, notBefore };
        break;
      }
      case 'fatal':
        next = { ...item, attempts: item.attempts + 1, failed: true, notBefore: undefined, lastError: problem.message };
        outcome = 'failed';
        break;
    }
    this.log(`outbox: ${item.kind} ${item.id} ${outcome === 'failed' ? 'failed' : 'not sent yet'}: ${next.lastError ?? ''}`);
    this.store.putOutboxItem(next);
    this.changed();
    await this.store.flush('outbox').catch((e: unknown) => this.log(`outbox: ${errorMessage(e)}`));
    return outcome;
  }

  private result(sent: Sent<R>, busy: boolean): DrainResult<R> {
    const items = this.store.outbox();
    const waiting = items.filter((i) => !i.failed).length;
    const nextAttemptAt = this.nextDue();
    return {
      sent,
      waiting,
      failed: items.length - waiting,
      ...(this.pausedReason !== undefined ? { paused: this.pausedReason } : {}),
      ...(nextAttemptAt !== undefined && nextAttemptAt > this.now() ? { nextAttemptAt } : {}),
      ...(busy ? { busyElsewhere: true as const } : {}),
    };
  }

  private scheduleNext(busy: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const retryBusy = busy && this.pausedReason === undefined && this.lanes().size > 0;
    const at = retryBusy ? this.now() + (this.options.busyRetryMs ?? 2000) : this.nextDue();
    if (this.disposed || this.options.autoRetry === false || at === undefined) return;
    this.timer = setTimeout(() => void this.drain(), Math.max(0, at - this.now()));
    this.timer.unref?.();
  }
}
