// The local store: a cache of asks and replies, the outbox, and sync cursors, in files under a
// directory the extension passes in (its globalStorageUri). GitHub holds the shared truth; this is
// a cache plus the outbox, so a damaged file costs a re-sync, never a crash.
//
// One JSON Lines file per collection (jsonLines.ts says why), written atomically (atomicFile.ts),
// saved a moment after a change (debounced) or at once by `flush()`. A file a newer version wrote is
// read as empty and never overwritten. What recovery dropped or restored is listed in `recovered`.
import { mkdir } from 'node:fs/promises';
import type { Ask, Reply } from '../model';
import { removeStaleTemps } from './atomicFile';
import { CollectionFile } from './collectionFile';
import { isAsk, isCursorRecord, isOutboxEntry, isReply, type CursorRecord, type OutboxEntry } from './guards';
import { errorMessage } from '../errors';

export type { CursorRecord, OutboxEntry } from './guards';

export type CollectionName = 'asks' | 'replies' | 'outbox' | 'cursors';

export interface StoreOptions {
  /** Receives what recovery found and failed saves (never tokens: the store holds none). */
  readonly log?: (message: string) => void;
  /** Delay between a change and its debounced save; 0 saves on the next tick. Default 300 ms. */
  readonly saveDelayMs?: number;
}

const specs = {
  asks: { name: 'asks', file: 'asks.jsonl', guard: isAsk, key: (a: Ask) => a.id },
  replies: { name: 'replies', file: 'replies.jsonl', guard: isReply, key: (r: Reply) => `${r.askId} ${r.nodeId}` },
  outbox: { name: 'outbox', file: 'outbox.jsonl', guard: isOutboxEntry, key: (o: OutboxEntry) => o.id },
  cursors: { name: 'cursors', file: 'cursors.jsonl', guard: isCursorRecord, key: (c: CursorRecord) => c.name },
};


export class LocalStore {
  /** Problems found while loading, in words: dropped lines, restored backups, newer files left alone. */
  readonly recovered: readonly string[];
  /** Cached GitHub data was lost or may be stale: sync cursors were cleared so the next sync is a full one. */
  readonly needsResync: boolean;

  private readonly asksFile: CollectionFile<Ask>;
  private readonly repliesFile: CollectionFile<Reply>;
  private readonly outboxFile: CollectionFile<OutboxEntry>;
  private readonly cursorsFile: CollectionFile<CursorRecord>;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly log: (message: string) => void;
  private readonly saveDelayMs: number;

  private constructor(
    readonly dir: string,
    files: { asks: CollectionFile<Ask>; replies: CollectionFile<Reply>; outbox: CollectionFile<OutboxEntry>; cursors: CollectionFile<CursorRecord> },
    recovered: readonly string[],
    needsResync: boolean,
    options: StoreOptions,
  ) {
    this.asksFile = files.asks;
    this.repliesFile = files.replies;
    this.outboxFile = files.outbox;
    this.cursorsFile = files.cursors;
    this.recovered = recovered;
    this.needsResync = needsResync;
    this.log = options.log ?? (() => undefined);
    this.saveDelayMs = options.saveDelayMs ?? 300;
  }

  /** Opens (creating the directory if needed) and loads every collection. Never throws on bad data. */
  static async open(dir: string, options: StoreOptions = {}): Promise<LocalStore> {
    const log = options.log ?? (() => undefined);
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      log(`store: cannot create ${dir}: ${errorMessage(e)}; changes will not be saved until it can be`);
    }
    await removeStaleTemps(dir, Object.values(specs).map((s) => s.file));
    const files = {
      asks: new CollectionFile(dir, specs.asks),
      replies: new CollectionFile(dir, specs.replies),
      outbox: new CollectionFile(dir, specs.outbox),
      cursors: new CollectionFile(dir, specs.cursors),
    };
    const recovered: string[] = [];
    const damaged = new Set<CollectionName>();
    for (const name of ['asks', 'replies', 'outbox', 'cursors'] as const) {
      const report = await files[name].load();
      recovered.push(...report.problems);
      if (report.damaged) damaged.add(name);
    }
    const needsResync = damaged.has('asks') || damaged.has('replies') || damaged.has('cursors');
    if (needsResync && files.cursors.records.size > 0) {
      files.cursors.records.clear();
      files.cursors.markDirty();
      recovered.push('sync cursors cleared, so everything is fetched again from GitHub');
    }
    for (const line of recovered) log(`store: ${line}`);
    const store = new LocalStore(dir, files, recovered, needsResync, options);
    if (damaged.size > 0) store.schedule(); // rewrite the damaged files cleanly soon
    return store;
  }

  asks(): readonly Ask[] {
    return [...this.asksFile.records.values()];
  }

  ask(id: string): Ask | undefined {
    return this.asksFile.records.get(id);
  }

  upsertAsk(ask: Ask): void {
    this.asksFile.records.set(ask.id, structuredClone(ask));
    this.changed(this.asksFile);
  }

  /** Forgets an ask and its cached replies. */
  removeAsk(id: string): void {
    if (this.asksFile.records.delete(id)) this.changed(this.asksFile);
    this.setReplies(id, []);
  }

  replies(askId: string): readonly Reply[] {
    return [...this.repliesFile.records.values()].filter((r) => r.askId === askId);
  }

  /** Replaces the cached replies of one ask. */
  setReplies(askId: string, replies: readonly Reply[]): void {
    const records = this.repliesFile.records;
    let changed = false;
    for (const [key, r] of records) if (r.askId === askId && records.delete(key)) changed = true;
    for (const r of replies) {
      const copy = { ...structuredClone(r), askId };
      records.set(specs.replies.key(copy), copy);
      changed = true;
    }
    if (changed) this.changed(this.repliesFile);
  }

  cursor(name: string): string | undefined {
    return this.cursorsFile.records.get(name)?.value;
  }

  /** Sets (or, with undefined, clears) a sync cursor such as a Last-Modified date or an ETag. */
  setCursor(name: string, value: string | undefined): void {
    const records = this.cursorsFile.records;
    if (records.get(name)?.value === value) return;
    if (value === undefined) records.delete(name);
    else records.set(name, { name, value });
    this.changed(this.cursorsFile);
  }

  /** Outbox items in the order they were queued. */
  outbox(): readonly Readonly<OutboxEntry>[] {
    return [...this.outboxFile.records.values()];
  }

  /** Adds or updates an outbox item (updating keeps its place in the queue). */
  putOutboxItem(item: Readonly<OutboxEntry>): void {
    this.outboxFile.records.set(item.id, structuredClone(item));
    this.changed(this.outboxFile);
  }

  removeOutboxItem(id: string): void {
    if (this.outboxFile.records.delete(id)) this.changed(this.outboxFile);
  }

  /**
   * Writes every pending change now (or only one collection's) and resolves when it is on disk.
   * Rejects when a file could not be written (disk full, no permission); the change stays pending.
   */
  async flush(only?: CollectionName): Promise<void> {
    const files = only ? [this.file(only)] : [this.asksFile, this.repliesFile, this.outboxFile, this.cursorsFile];
    if (!only && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const results = await Promise.allSettled(files.map((f) => f.save()));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [errorMessage(r.reason)] : []));
    if (failures.length) {
      for (const f of failures) this.log(`store: ${f}`);
      throw new Error(failures.join('; '));
    }
  }

  private file(name: CollectionName): { save(): Promise<void> } {
    return { asks: this.asksFile, replies: this.repliesFile, outbox: this.outboxFile, cursors: this.cursorsFile }[name];
  }

  private changed(file: { markDirty(): void }): void {
    file.markDirty();
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => undefined); // logged by flush; the change stays pending for the next try
    }, this.saveDelayMs);
    this.timer.unref?.();
  }
}
