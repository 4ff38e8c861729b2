// The local store: a cache of asks and replies, the outbox, and sync cursors, in files under a
// directory the extension passes in (its globalStorageUri). GitHub holds the shared truth; this is
// a cache plus the outbox, so a damaged file costs a re-sync, never a crash.
//
// One JSON Lines file per collection (jsonLines.ts says why), written atomically (atomicFile.ts),
// saved a moment after a change (debounced) or at once by `flush()`. A file a newer version wrote is
// read as empty and never overwritten. What recovery dropped or restored is listed in `recovered`.
//
// Every VS Code window opens this store on the same directory. So reads and writes happen under
// a lock file shared by the processes (`store.lock`, fileLock.ts), and a save merges only this
// process's changes into what is on disk (collectionFile.ts) instead of writing its copy whole.
// What other windows wrote shows after a save, a `reload()`, or by itself with `watch()`.
//
// A save that fails (disk full, no permission, a file it must not write, the lock kept by another
// window) keeps the changes in memory, rejects `flush()`, and is tried again by itself with a growing
// delay (saveHealth.ts) until it works; nothing queued is dropped. `saveState` and
// `onSaveStateChange` tell the extension, which shows it to the user.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ask, Reply } from '../model';
import type { LedgerEvent } from '../ledger/ledger';
import { removeStaleTemps } from './atomicFile';
import { CollectionFile, type SyncReport } from './collectionFile';
import { acquireLock, describeHolder, type HeldLock } from './fileLock';
import { isAsk, isCursorRecord, isLedgerEvent, isOutboxEntry, isReply, type CursorRecord, type OutboxEntry } from './guards';
import { SaveHealth, type RetryOptions, type SaveState, type SaveStateListener } from './saveHealth';
import { errorMessage } from '../errors';

export type { CursorRecord, OutboxEntry } from './guards';
export type { SaveState } from './saveHealth';

export type CollectionName = 'asks' | 'replies' | 'outbox' | 'cursors' | 'ledger';

export interface StoreOptions extends RetryOptions {
  /** Receives what recovery found and failed saves (never tokens: the store holds none). */
  readonly log?: (message: string) => void;
  /** Delay between a change and its debounced save; 0 saves on the next tick. Default 300 ms. */
  readonly saveDelayMs?: number;
  /** How long a save or reload waits while another window holds the lock. Default 5 s. */
  readonly lockWaitMs?: number;
  /** A lock its holder has not touched for this long is taken over (the holder hung). Default 10 s. */
  readonly lockStaleMs?: number;
}

/** Told which collections changed in memory because another window wrote them. */
export type ExternalChangeListener = (collections: readonly CollectionName[]) => void;

/** A save or reload could not get the lock in time; the changes stay pending and are tried again. */
export class StoreBusyError extends Error {}

const specs = {
  asks: { name: 'asks', file: 'asks.jsonl', guard: isAsk, key: (a: Ask) => a.id },
  replies: { name: 'replies', file: 'replies.jsonl', guard: isReply, key: (r: Reply) => `${r.askId} ${r.nodeId}` },
  outbox: { name: 'outbox', file: 'outbox.jsonl', guard: isOutboxEntry, key: (o: OutboxEntry) => o.id },
  cursors: { name: 'cursors', file: 'cursors.jsonl', guard: isCursorRecord, key: (c: CursorRecord) => c.name },
  ledger: { name: 'ledger', file: 'ledger.jsonl', guard: isLedgerEvent, key: (e: LedgerEvent) => e.id },
};

const names = ['asks', 'replies', 'outbox', 'cursors', 'ledger'] as const;

interface Files {
  readonly asks: CollectionFile<Ask>;
  readonly replies: CollectionFile<Reply>;
  readonly outbox: CollectionFile<OutboxEntry>;
  readonly cursors: CollectionFile<CursorRecord>;
  readonly ledger: CollectionFile<LedgerEvent>;
}

const LOCK_FILE = 'store.lock';

export class LocalStore {
  /** Problems found while loading, in words: dropped lines, restored backups, newer files left alone. */
  readonly recovered: readonly string[];
  /** Cached GitHub data was lost or may be stale: sync cursors were cleared so the next sync is a full one. */
  readonly needsResync: boolean;

  private readonly files: Files;
  private repliesByAsk: { version: number; index: Map<string, Reply[]> } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDueAt = 0;
  private poll: ReturnType<typeof setInterval> | undefined;
  private polling = false;
  private readonly listeners = new Set<ExternalChangeListener>();
  /** Saves and reloads of this process, one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly log: (message: string) => void;
  private readonly saveDelayMs: number;
  private readonly lockWaitMs: number;
  private readonly lockStaleMs: number;
  private readonly health: SaveHealth;
  private disposed = false;

  private constructor(
    readonly dir: string,
    files: Files,
    recovered: readonly string[],
    needsResync: boolean,
    options: StoreOptions,
  ) {
    this.files = files;
    this.recovered = recovered;
    this.needsResync = needsResync;
    this.log = options.log ?? (() => undefined);
    this.saveDelayMs = options.saveDelayMs ?? 300;
    this.lockWaitMs = options.lockWaitMs ?? 5000;
    this.lockStaleMs = options.lockStaleMs ?? 10_000;
    this.health = new SaveHealth(options, (m) => this.log(`store: ${m}`));
  }

  /** Opens (creating the directory if needed) and loads every collection. Never throws on bad data. */
  static async open(dir: string, options: StoreOptions = {}): Promise<LocalStore> {
    const log = options.log ?? (() => undefined);
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      log(`store: cannot create ${dir}: ${errorMessage(e)}; changes will not be saved until it can be`);
    }
    await removeStaleTemps(
      dir,
      Object.values(specs).map((s) => s.file),
    );
    const files: Files = {
      asks: new CollectionFile(dir, specs.asks),
      replies: new CollectionFile(dir, specs.replies),
      outbox: new CollectionFile(dir, specs.outbox),
      cursors: new CollectionFile(dir, specs.cursors),
      ledger: new CollectionFile(dir, specs.ledger),
    };
    const recovered: string[] = [];
    const damaged = new Set<CollectionName>();
    // Under the lock: another window's write moves a file aside for a moment, which must not read as lost.
    const lock = await acquireLock(join(dir, LOCK_FILE), { staleMs: options.lockStaleMs ?? 10_000, waitMs: options.lockWaitMs ?? 5000 });
    if (!lock) log(`store: another window kept ${LOCK_FILE} busy; reading without it`);
    try {
      for (const name of names) {
        const report = await files[name].load();
        recovered.push(...report.problems);
        if (report.damaged) damaged.add(name);
      }
    } finally {
      await lock?.release();
    }
    const needsResync = damaged.has('asks') || damaged.has('replies') || damaged.has('cursors') || damaged.has('ledger');
    if (needsResync && files.cursors.records.size > 0) {
      files.cursors.clear();
      recovered.push('sync cursors cleared, so everything is fetched again from GitHub');
    }
    for (const line of recovered) log(`store: ${line}`);
    const store = new LocalStore(dir, files, recovered, needsResync, options);
    if (names.some((n) => files[n].hasChanges)) store.schedule(); // rewrite the damaged files cleanly soon
    return store;
  }

  asks(): readonly Ask[] {
    return [...this.files.asks.records.values()];
  }

  ask(id: string): Ask | undefined {
    return this.files.asks.records.get(id);
  }

  upsertAsk(ask: Ask): void {
    this.files.asks.set(structuredClone(ask));
    this.schedule();
  }

  /** Forgets an ask and its cached replies. */
  removeAsk(id: string): void {
    if (this.files.asks.delete(id)) this.schedule();
    this.setReplies(id, []);
  }

  /** The cached replies of one ask. Indexed by ask, so a view listing thousands of asks stays fast. */
  replies(askId: string): readonly Reply[] {
    const file = this.files.replies;
    if (!this.repliesByAsk || this.repliesByAsk.version !== file.version) {
      const index = new Map<string, Reply[]>();
      for (const r of file.records.values()) {
        const list = index.get(r.askId);
        if (list) list.push(r);
        else index.set(r.askId, [r]);
      }
      this.repliesByAsk = { version: file.version, index };
    }
    return this.repliesByAsk.index.get(askId) ?? [];
  }

  /** Replaces the cached replies of one ask (the ones this window knows of). */
  setReplies(askId: string, replies: readonly Reply[]): void {
    const file = this.files.replies;
    let changed = false;
    for (const [key, r] of [...file.records]) if (r.askId === askId && file.delete(key)) changed = true;
    for (const r of replies) {
      file.set({ ...structuredClone(r), askId });
      changed = true;
    }
    if (changed) this.schedule();
  }

  cursor(name: string): string | undefined {
    return this.files.cursors.records.get(name)?.value;
  }

  /** Sets (or, with undefined, clears) a sync cursor such as a Last-Modified date or an ETag. */
  setCursor(name: string, value: string | undefined): void {
    const file = this.files.cursors;
    if (file.records.get(name)?.value === value) return;
    if (value === undefined) file.delete(name);
    else file.set({ name, value });
    this.schedule();
  }

  /** Lessons and help, as found on GitHub (the ledger is rebuilt from them). */
  ledgerEvents(): readonly LedgerEvent[] {
    return [...this.files.ledger.records.values()];
  }

  /** Adds or updates ledger events by id; unchanged ones are not written again. */
  putLedgerEvents(events: readonly LedgerEvent[]): void {
    const file = this.files.ledger;
    let changed = false;
    for (const e of events) {
      const known = file.records.get(e.id);
      if (known && JSON.stringify(known) === JSON.stringify(e)) continue;
      file.set(structuredClone(e));
      changed = true;
    }
    if (changed) this.schedule();
  }

  /** Outbox items in the order they were queued. */
  outbox(): readonly Readonly<OutboxEntry>[] {
    return [...this.files.outbox.records.values()];
  }

  /** Adds or updates an outbox item (updating keeps its place in the queue; an item another window removed stays removed). */
  putOutboxItem(item: Readonly<OutboxEntry>): void {
    this.files.outbox.set(structuredClone(item));
    this.schedule();
  }

  removeOutboxItem(id: string): void {
    if (this.files.outbox.delete(id)) this.schedule();
  }

  /** Outbox items queued or changed here whose latest state is not on disk yet (saving fails). */
  unsavedOutbox(): readonly Readonly<OutboxEntry>[] {
    return this.files.outbox.unsaved();
  }

  /** Whether changes reach the disk: "saved", or "failing" with the reason (saveHealth.ts). */
  get saveState(): SaveState {
    return this.health.state;
  }

  /** Calls `listener` when saving starts failing, on each failed retry, and when it works again. */
  onSaveStateChange(listener: SaveStateListener): { dispose(): void } {
    return this.health.onChange(listener);
  }

  /**
   * Writes every pending change now (or only one collection's) and resolves when it is on disk,
   * merged with what other windows wrote (which then shows here too). Rejects when a file could not
   * be written (disk full, no permission, a file a newer version wrote or that cannot be read) or
   * another window kept the lock; the change stays pending and is tried again by itself.
   */
  async flush(only?: CollectionName): Promise<void> {
    if (!only && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const which = only ? [only] : names;
    let tried = false;
    try {
      await this.exclusive(
        () => (tried = which.some((n) => this.files[n].hasChanges)),
        async () => {
          const dirty = which.filter((n) => this.files[n].hasChanges);
          const results = await Promise.allSettled(dirty.map((n) => this.files[n].save()));
          const failures = results.flatMap((r) => (r.status === 'rejected' ? [errorMessage(r.reason)] : []));
          this.settle(
            dirty,
            results.map((r) => (r.status === 'fulfilled' ? r.value : undefined)),
          );
          dirty.forEach((n, i) => {
            const r = results[i];
            this.health.record(n, r?.status === 'rejected' ? errorMessage(r.reason) : undefined, this.files[n].path);
          });
          if (failures.length) {
            for (const f of failures) this.log(`store: ${f}`);
            throw new Error(failures.join('; '));
          }
        },
        this.lockWaitMs,
      );
    } catch (e) {
      if (e instanceof StoreBusyError) for (const n of which) if (this.files[n].hasChanges) this.health.record(n, e.message, join(this.dir, LOCK_FILE));
      throw e;
    } finally {
      for (const n of names) if (!this.files[n].hasChanges) this.health.record(n, undefined, this.files[n].path);
      const retryInMs = this.health.settle(tried);
      if (retryInMs !== undefined) this.schedule(retryInMs);
    }
  }

  /**
   * Reads every collection (or one) from disk again, keeping this window's unsaved changes on top.
   * Resolves the collections that changed in memory (also told to `onExternalChange` listeners).
   * Rejects with StoreBusyError when another window kept the lock too long.
   */
  reload(only?: CollectionName): Promise<CollectionName[]> {
    return this.reloadSome(only ? [only] : names, this.lockWaitMs);
  }

  /** Calls `listener` whenever another window's writes changed what this store holds. */
  onExternalChange(listener: ExternalChangeListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /**
   * Looks every `intervalMs` whether another window wrote a collection file (one `stat` each) and
   * reloads it if so. The timer does not keep the process alive. Calling it again changes the interval.
   */
  watch(intervalMs = 2000): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = setInterval(() => void this.check(), intervalMs);
    this.poll.unref?.();
  }

  /** Stops watching, saving by itself and retrying, and forgets the listeners. Pending changes are not written: `flush()` first. */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
    this.listeners.clear();
  }

  private async check(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const changed: CollectionName[] = [];
      for (const n of names) if (await this.files[n].changedOnDisk()) changed.push(n);
      if (changed.length) await this.reloadSome(changed, Math.min(this.lockWaitMs, 250));
    } catch (e) {
      if (!(e instanceof StoreBusyError)) this.log(`store: looking for other windows' changes failed: ${errorMessage(e)}`);
    } finally {
      this.polling = false;
    }
  }

  private async reloadSome(which: readonly CollectionName[], waitMs: number): Promise<CollectionName[]> {
    let changed: CollectionName[] = [];
    await this.exclusive(
      () => true,
      async () => {
        const reports: SyncReport[] = [];
        for (const n of which) reports.push(await this.files[n].reload());
        changed = this.settle(which, reports);
      },
      waitMs,
    );
    if (which.some((n) => this.files[n].hasChanges)) this.schedule(); // a damaged file to rewrite
    return changed;
  }

  /** Logs what reading found, and tells listeners which collections other windows changed. */
  private settle(which: readonly CollectionName[], reports: readonly (SyncReport | undefined)[]): CollectionName[] {
    const changed = which.filter((_n, i) => reports[i]?.changed);
    for (const report of reports) for (const p of report?.problems ?? []) this.log(`store: ${p}`);
    if (changed.length) {
      for (const listener of [...this.listeners]) {
        try {
          listener(changed);
        } catch (e) {
          this.log(`store: a change listener failed: ${errorMessage(e)}`);
        }
      }
    }
    return changed;
  }

  /** Runs `work` after this process's earlier saves and reloads, holding the store lock when `needed()`. */
  private exclusive(needed: () => boolean, work: () => Promise<void>, waitMs: number): Promise<void> {
    const run = this.queue.then(async () => {
      if (!needed()) return;
      const path = join(this.dir, LOCK_FILE);
      const lock: HeldLock | undefined = await acquireLock(path, { staleMs: this.lockStaleMs, waitMs });
      if (!lock) {
        const holder = (await describeHolder(path)) ?? 'another window';
        throw new StoreBusyError(`The store is busy: ${LOCK_FILE} is held by ${holder}; changes stay pending and are saved later`);
      }
      if (lock.tookOver) this.log(`store: took over ${LOCK_FILE} from a window that stopped without releasing it`);
      try {
        await work();
      } finally {
        await lock.release();
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Saves everything after `delayMs`, or sooner when a save is already due sooner. */
  private schedule(delayMs = this.saveDelayMs): void {
    if (this.disposed || (this.timer && this.timerDueAt <= Date.now() + delayMs)) return;
    clearTimeout(this.timer);
    this.timerDueAt = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((e: unknown) => {
        // Save failures are logged by flush, which also set the retry; the changes stay pending.
        if (e instanceof StoreBusyError) this.log(`store: ${e.message}`);
      });
    }, delayMs);
    this.timer.unref?.();
  }
}
